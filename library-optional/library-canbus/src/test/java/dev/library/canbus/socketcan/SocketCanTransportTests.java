package dev.library.canbus.socketcan;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import dev.library.adapters.spi.AdapterConfig;
import dev.library.adapters.spi.AdapterConfigurationException;
import dev.library.adapters.spi.AdapterException;
import dev.library.canbus.CanFrame;
import dev.library.canbus.CanbusAdapter;
import dev.library.canbus.CanbusRegistry;
import dev.library.canbus.CanbusSettings.CanbusDefaults;
import dev.library.canbus.SignalPublisher;
import org.junit.jupiter.api.Test;
import tel.schich.javacan.JavaCAN;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link SocketCanTransport} that need no CAN interface: javacan's native
 * library loads, frames convert both ways, and a missing interface fails the connection.
 *
 * @author Library
 */
class SocketCanTransportTests {

	private final SocketCanAdapterProvider provider = new SocketCanAdapterProvider(SignalPublisher.none(), null,
			CanbusDefaults.standard(), new CanbusRegistry());

	@Test
	void framesConvertBothWays() {
		JavaCAN.initialize();
		CanFrame standard = CanFrame.of(0x116, false, HexFormat.of().parseHex("0010F4118EBA"));
		assertThat(SocketCanTransport.convert(SocketCanTransport.convert(standard))).isEqualTo(standard);
		CanFrame extended = CanFrame.of(0x18FEF1FEL, true, HexFormat.of().parseHex("0102030405060708"));
		assertThat(SocketCanTransport.convert(SocketCanTransport.convert(extended))).isEqualTo(extended);
		CanFrame fd = CanFrame.of(0x123, false, new byte[12]);
		assertThat(SocketCanTransport.convert(SocketCanTransport.convert(fd))).isEqualTo(fd);
	}

	@Test
	void missingInterfaceFailsTheConnection() {
		CanbusAdapter adapter = (CanbusAdapter) this.provider
			.create(new AdapterConfig("car", "socketcan", Map.of("interface", "nocan9"), List.of()));
		assertThatExceptionOfType(AdapterException.class).isThrownBy(adapter::connect)
			.withMessageStartingWith("Cannot open socketcan transport of 'car'");
		adapter.close();
	}

	@Test
	void interfaceAndFiltersAreChecked() {
		assertThatExceptionOfType(AdapterConfigurationException.class)
			.isThrownBy(() -> this.provider.create(new AdapterConfig("car", "socketcan", Map.of(), List.of())))
			.withMessageContaining("setting 'interface' is required");
		assertThatExceptionOfType(AdapterConfigurationException.class)
			.isThrownBy(() -> this.provider.create(new AdapterConfig("car", "socketcan",
					Map.of("interface", "can0", "filters", "116,xyz"), List.of())))
			.withMessage("Adapter 'car' setting 'filters' is invalid: expected ID[:MASK] in hex, not 'xyz'");
	}

}
