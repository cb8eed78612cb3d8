package dev.library.hap;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Tests for {@link MdnsAdvertiser}: the choice of the address JmDNS answers on, and a
 * failure that leaves the bridge running.
 *
 * @author Library
 */
class MdnsAdvertiserTests {

	@Test
	void interfaceNameChoosesItsIpv4Address() throws Exception {
		assertThat(MdnsAdvertiser.chooseAddress("lo", null)).isEqualTo(InetAddress.getByName("127.0.0.1"));
	}

	@Test
	void interfaceAddressIsTakenAsGiven() throws Exception {
		assertThat(MdnsAdvertiser.chooseAddress("127.0.0.1", InetAddress.getByName("::1")))
			.isEqualTo(InetAddress.getByName("127.0.0.1"));
	}

	@Test
	void bindAddressIsTheDefault() throws Exception {
		assertThat(MdnsAdvertiser.chooseAddress(null, InetAddress.getByName("127.0.0.1")))
			.isEqualTo(InetAddress.getByName("127.0.0.1"));
	}

	@Test
	void withoutEitherTheFirstMulticastIpv4InterfaceIsChosen() throws Exception {
		InetAddress chosen = MdnsAdvertiser.chooseAddress(null, InetAddress.getByName("0.0.0.0"));
		if (chosen != null) {
			NetworkInterface chosenInterface = NetworkInterface.getByInetAddress(chosen);
			assertThat(chosen).isInstanceOf(Inet4Address.class);
			assertThat(chosenInterface.isLoopback()).isFalse();
			assertThat(chosenInterface.supportsMulticast()).isTrue();
		}
	}

	@Test
	void addressOfAnotherMachineIsRefused() {
		// JmDNS itself would start on it and answer nobody
		assertThatIOException().isThrownBy(() -> MdnsAdvertiser.chooseAddress("198.51.100.7", null))
			.withMessageContaining("198.51.100.7 is not an address of this machine");
	}

	@Test
	void advertiserThatCannotStartIsFailedWithItsReason() {
		MdnsAdvertiser advertiser = MdnsAdvertiser.create(true, "198.51.100.7", null);
		assertThat(advertiser.state()).isEqualTo(MdnsAdvertiser.State.FAILED);
		assertThat(advertiser.error()).contains("198.51.100.7");
		assertThat(advertiser.txt()).isEmpty();
		// hap-java's calls are harmless then
		advertiser.advertise("Bridge", 2, "0E:00:00:00:00:01", 51826, 1, "ABCD");
		advertiser.setDiscoverable(false);
		advertiser.stop();
		assertThat(advertiser.state()).isEqualTo(MdnsAdvertiser.State.FAILED);
	}

	@Test
	void disabledAdvertiserDoesNothing() {
		MdnsAdvertiser advertiser = MdnsAdvertiser.create(false, null, null);
		assertThat(advertiser.state()).isEqualTo(MdnsAdvertiser.State.DISABLED);
		assertThat(advertiser.address()).isNull();
		advertiser.advertise("Bridge", 2, "0E:00:00:00:00:01", 51826, 1, "ABCD");
		assertThat(advertiser.txt()).isEmpty();
	}

}
