package dev.library.canbus.socketcan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.library.canbus.CanLinkDetails;
import dev.library.canbus.ControllerState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link IpLinkDetails}: samples of {@code ip -details -statistics -json link}
 * output for CAN interfaces (see {@code ip-link/README.md}), and the real output of
 * {@code ip} for {@code lo} through {@link SocketCanTransport#linkDetails()}.
 *
 * @author Library
 */
class IpLinkDetailsTests {

	@Test
	void errorActiveInterfaceGivesBitrateCountersAndRestarts() throws IOException {
		CanLinkDetails details = IpLinkDetails.parse(sample("can0-error-active.json"));
		assertThat(details).isEqualTo(new CanLinkDetails("UP", "can", ControllerState.ERROR_ACTIVE, 500_000L, 0.875,
				null, 0L, 0L, 100L, 2L, 2L));
	}

	@Test
	void busOffInterfaceWithoutAutomaticRestart() throws IOException {
		CanLinkDetails details = IpLinkDetails.parse(sample("can0-bus-off.json"));
		assertThat(details.state()).isEqualTo(ControllerState.BUS_OFF);
		assertThat(details.txErrors()).isEqualTo(248);
		assertThat(details.restartMs()).isZero();
		assertThat(details.busOffs()).isEqualTo(1);
	}

	@Test
	void fixedBitrateControllerWithCanFd() throws IOException {
		CanLinkDetails details = IpLinkDetails.parse(sample("can1-fd-fixed-bitrate.json"));
		assertThat(details.state()).isEqualTo(ControllerState.ERROR_WARNING);
		assertThat(details.bitrate()).isEqualTo(1_000_000);
		assertThat(details.dataBitrate()).isEqualTo(4_000_000);
		assertThat(details.samplePoint()).isNull();
		assertThat(details.busOffs()).isNull();
	}

	@Test
	void virtualInterfaceHasNoControllerState() throws IOException {
		CanLinkDetails details = IpLinkDetails.parse(sample("vcan0.json"));
		assertThat(details).isEqualTo(new CanLinkDetails("UNKNOWN", "vcan", ControllerState.UNKNOWN, null, null, null,
				null, null, null, null, null));
	}

	@Test
	void realIpOutputOfTheLoopbackInterfaceIsRead() {
		CanLinkDetails details = new SocketCanTransport("lo", false, List.of()).linkDetails();
		assertThat(details).isNotNull();
		assertThat(details.kind()).isNull();
		assertThat(details.state()).isEqualTo(ControllerState.UNKNOWN);
		assertThat(new SocketCanTransport("no-such-interface0", false, List.of()).linkDetails()).isNull();
	}

	@Test
	void outputThatIsNotJsonIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> IpLinkDetails.parse("Device \"can9\" does not exist."))
			.withMessageStartingWith("ip -json output is not JSON");
		assertThat(IpLinkDetails.parse("[]")).isNull();
	}

	private static String sample(String name) throws IOException {
		try (InputStream in = IpLinkDetailsTests.class.getResourceAsStream("/ip-link/" + name)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
