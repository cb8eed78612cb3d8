package dev.library.i2c.firmata;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.library.adapters.spi.Access;
import dev.library.adapters.spi.Adapter;
import dev.library.adapters.spi.AdapterConfig;
import dev.library.adapters.spi.AdapterException;
import dev.library.adapters.spi.DataType;
import dev.library.adapters.spi.DeviceConfig;
import dev.library.adapters.spi.PointConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The {@code firmata} type through jSerialComm on one end of a pseudo-terminal pair made
 * by {@code socat}, against a {@link ScriptedFirmataBoard scripted StandardFirmata peer}
 * on the other: the host's messages byte for byte, per the Firmata protocol
 * ({@code protocol.md}: set pin mode F4, set digital pin value F5, report digital D0,
 * report analog C0, digital message 90, analog message E0, sysex F0..F7 with report
 * firmware 79, pin state query 6D / response 6E, sampling interval 7A; {@code i2c.md}:
 * I2C request 76, reply 77). Needs {@code socat} (installed by {@code .ci/run}).
 *
 * @author Library
 */
class FirmataSerialIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@TempDir
	Path directory;

	private ScriptedFirmataBoard board;

	private Adapter adapter;

	private final PointConfig valve = point("valve", "D15", DataType.BOOLEAN, Access.READ_WRITE, false);

	private final PointConfig pump = point("pump", "D16;active-low", DataType.BOOLEAN, Access.READ_WRITE, false);

	private final PointConfig flow = point("flow", "D2;pull-up", DataType.BOOLEAN, Access.READ, null);

	private final PointConfig level = point("level", "A0", DataType.FLOAT, Access.READ, null);

	@BeforeEach
	void startBoard() throws Exception {
		this.board = new ScriptedFirmataBoard(this.directory);
		this.adapter = new FirmataAdapterProvider()
			.create(new AdapterConfig("pico", "firmata", Map.of("port", this.board.hostPort(), "timeout", "3s"),
					List.of(new DeviceConfig("pico", "", List.of(this.valve, this.pump, this.flow, this.level)))));
	}

	@AfterEach
	void stopBoard() throws Exception {
		this.adapter.close();
		this.board.close();
	}

	@Test
	void connectingAsksForTheFirmwareThenSetsOutputsSafeBeforeInputsAndReports() {
		this.adapter.connect();
		assertThat(this.adapter.isConnected()).isTrue();
		await().atMost(TIMEOUT).until(() -> this.board.received.size() >= 9);
		assertThat(this.board.received).containsExactly("f0 79 f7", // report firmware
				"f4 0f 01", "f5 0f 00", // D15 OUTPUT, low (valve closed)
				"f4 10 01", "f5 10 01", // D16 OUTPUT, high (active-low pump off)
				"f4 02 0b", // D2 PULLUP
				"f0 7a 64 00 f7", // sampling interval 100 ms
				"d0 01", // report digital port 0
				"c0 01"); // report analog pin A0
	}

	@Test
	void anOutputIsWrittenAndReadBackFromThePinState() {
		this.adapter.connect();
		this.adapter.write(this.valve, true);
		assertThat(this.adapter.read(this.valve)).isEqualTo(true);
		assertThat(this.board.received).containsSubsequence("f5 0f 01", "f0 6d 0f f7");
		assertThat(this.board.pinValue(15)).isEqualTo(1);
		this.adapter.write(this.pump, true);
		// the pin state round trip also orders the board after the write
		assertThat(this.adapter.read(this.pump)).isEqualTo(true);
		assertThat(this.board.pinValue(16)).isZero();
	}

	@Test
	void inputsFollowTheBoardsReports() throws Exception {
		this.adapter.connect();
		this.board.input(2, true);
		await().atMost(TIMEOUT).until(() -> Boolean.TRUE.equals(this.adapter.read(this.flow)));
		this.board.input(2, false);
		await().atMost(TIMEOUT).until(() -> Boolean.FALSE.equals(this.adapter.read(this.flow)));
		this.board.analog(0, 700);
		await().atMost(TIMEOUT).until(() -> Double.valueOf(700).equals(this.adapter.read(this.level)));
	}

	@Test
	void i2cThroughTheBoardUsesTheI2cRequestAndReplyMessages() throws Exception {
		this.board.i2cDevice(0x48, (byte) 0xC3, (byte) 0x12);
		try (FirmataClient client = new FirmataClient("i2c", new java.io.FileInputStream(this.board.hostPort()),
				new java.io.FileOutputStream(this.board.hostPort()), Duration.ofSeconds(3))) {
			client.i2cConfig(0);
			client.i2cWrite(0x20, (byte) 0x14, (byte) 0xF7);
			byte[] data = client.i2cRead(0x48, 0x00, 2);
			assertThat(data).containsExactly((byte) 0xC3, (byte) 0x12);
		}
		assertThat(this.board.received).containsExactly("f0 78 00 00 f7", // I2C config,
																			// no delay
				"f0 76 20 00 14 00 77 01 f7", // write 0x14 0xF7 to 0x20
				"f0 76 48 08 00 00 02 00 f7"); // read once, register 0, 2 bytes from 0x48
	}

	@Test
	void aBoardThatDoesNotAnswerIsNotConnected() {
		this.board.silence();
		assertThatExceptionOfType(AdapterException.class).isThrownBy(this.adapter::connect)
			.withMessageContaining("firmware");
		assertThat(this.adapter.isConnected()).isFalse();
	}

	@Test
	void aPulledCableIsALostConnection() throws Exception {
		this.adapter.connect();
		this.board.unplug();
		await().atMost(TIMEOUT).until(() -> {
			try {
				this.adapter.read(this.valve);
			}
			catch (AdapterException ex) {
				// the read that finds the link gone
			}
			return !this.adapter.isConnected();
		});
		assertThatExceptionOfType(AdapterException.class).isThrownBy(() -> this.adapter.read(this.valve));
	}

	static PointConfig point(String name, String address, DataType type, Access access, Object safeValue) {
		return new PointConfig("pico", name, address, type, "", null, null, access, Duration.ofSeconds(1), 1.0, 0.0,
				"pico.pico." + name, safeValue);
	}

}
