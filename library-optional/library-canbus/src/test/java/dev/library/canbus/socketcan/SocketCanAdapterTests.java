package dev.library.canbus.socketcan;

import java.io.IOException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.library.adapters.spi.Access;
import dev.library.adapters.spi.AdapterConfig;
import dev.library.adapters.spi.DataType;
import dev.library.adapters.spi.DeviceConfig;
import dev.library.adapters.spi.PointConfig;
import dev.library.canbus.CanCorpus;
import dev.library.canbus.CanFrame;
import dev.library.canbus.CanbusAdapter;
import dev.library.canbus.CanbusRegistry;
import dev.library.canbus.CanbusSettings.CanbusDefaults;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tel.schich.javacan.CanChannels;
import tel.schich.javacan.CanSocketOptions;
import tel.schich.javacan.JavaCAN;
import tel.schich.javacan.NetworkDevice;
import tel.schich.javacan.RawCanChannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the {@code socketcan} adapter type on a virtual CAN interface. They need the
 * vcan kernel module and the right to add an interface ({@code ip link add type vcan});
 * where that is not possible (these build machines' kernels have no vcan) they are
 * skipped with a message, as the CAN bus issue allows for SocketCAN only.
 *
 * @author Library
 */
class SocketCanAdapterTests {

	private static final String INTERFACE = "lvcan0";

	private static String unavailable;

	@BeforeAll
	static void createVirtualInterface() {
		unavailable = run("ip", "link", "add", "dev", INTERFACE, "type", "vcan");
		if (unavailable == null) {
			unavailable = run("ip", "link", "set", "up", INTERFACE);
		}
	}

	@AfterAll
	static void deleteVirtualInterface() {
		run("ip", "link", "delete", INTERFACE);
	}

	/** Run a command; return null on success, else why it failed. */
	private static String run(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes()).strip();
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return String.join(" ", command) + " did not finish";
			}
			return (process.exitValue() == 0) ? null : String.join(" ", command) + ": " + output;
		}
		catch (IOException ex) {
			return String.join(" ", command) + ": " + ex.getMessage();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted";
		}
	}

	@Test
	void framesOnTheInterfaceAreDecodedAndWritesAreSent() throws Exception {
		Assumptions.assumeTrue(unavailable == null, () -> "SocketCAN test SKIPPED: no virtual CAN interface can be "
				+ "created on this machine (" + unavailable + "); it runs where 'ip link add type vcan' works");
		Map<String, Object> published = new ConcurrentHashMap<>();
		PointConfig regen = new PointConfig("drive", "regen-light", "DI_state.DI_regenLight", DataType.BOOLEAN, "",
				null, null, Access.READ_WRITE, null, 1.0, 0.0, "car.drive.regen-light", null);
		SocketCanAdapterProvider provider = new SocketCanAdapterProvider(
				(key, value, quality, source) -> published.put(key, value), null, CanbusDefaults.standard(),
				new CanbusRegistry());
		AdapterConfig config = new AdapterConfig("car", SocketCanAdapterProvider.TYPE,
				Map.of("interface", INTERFACE, "dbc",
						CanCorpus.file("dbc/tesla_can.dbc") + "," + CanCorpus.file("dbc/tesla_powertrain.dbc")),
				List.of(new DeviceConfig("drive", "", List.of(regen))));
		JavaCAN.initialize();
		try (CanbusAdapter adapter = (CanbusAdapter) provider.create(config);
				RawCanChannel peer = CanChannels.newRawChannel()) {
			peer.setOption(CanSocketOptions.SO_RCVTIMEO, Duration.ofSeconds(10));
			peer.bind(NetworkDevice.lookup(INTERFACE));
			adapter.connect();
			// First DI_torque2 frame of logs/candump.log: DI_gear = 1 "DI_GEAR_P" (see
			// DbcCorpusTests for the bits).
			peer.write(SocketCanTransport.convert(CanFrame.of(0x116, false, HexFormat.of().parseHex("0010F4118EBA"))));
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(published).containsEntry("can." + INTERFACE + ".DI_torque2.DI_gear",
						"DI_GEAR_P"));
			adapter.write(regen, true);
			CanFrame sent = SocketCanTransport.convert(peer.read());
			assertThat(sent.id()).isEqualTo(0x368);
			assertThat(sent.data()[1] & 1).isEqualTo(1);
		}
	}

}
