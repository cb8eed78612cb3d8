package dev.library.i2c.firmata;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import dev.library.adapters.spi.Access;
import dev.library.adapters.spi.AdapterCompatibilityKit;
import dev.library.adapters.spi.AdapterConfig;
import dev.library.adapters.spi.AdapterProvider;
import dev.library.adapters.spi.DataType;
import dev.library.adapters.spi.DeviceConfig;
import org.junit.jupiter.api.AfterEach;

/**
 * The {@code firmata} type passes the adapter compatibility kit over a real serial link
 * (jSerialComm on a {@code socat} pseudo-terminal pair) to a {@link ScriptedFirmataBoard
 * scripted StandardFirmata peer}.
 *
 * @author Library
 */
class FirmataAdapterCompatibilityIntegrationTests extends AdapterCompatibilityKit {

	private final ScriptedFirmataBoard board;

	FirmataAdapterCompatibilityIntegrationTests() throws Exception {
		this.board = new ScriptedFirmataBoard(Files.createTempDirectory("firmata-kit"));
		this.board.analog(0, 512);
	}

	@AfterEach
	void stopBoard() throws Exception {
		this.board.close();
	}

	@Override
	protected AdapterProvider provider() {
		return new FirmataAdapterProvider();
	}

	@Override
	protected AdapterConfig config() {
		return new AdapterConfig("kit", "firmata", Map.of("port", this.board.hostPort(), "timeout", "3s"),
				List.of(new DeviceConfig("pico", "", List.of(
						FirmataSerialIntegrationTests.point("valve", "D15", DataType.BOOLEAN, Access.READ_WRITE, false),
						FirmataSerialIntegrationTests.point("pump", "D16;active-low", DataType.BOOLEAN,
								Access.READ_WRITE, false),
						FirmataSerialIntegrationTests.point("flow", "D2;pull-up", DataType.BOOLEAN, Access.READ, null),
						FirmataSerialIntegrationTests.point("level", "A0", DataType.FLOAT, Access.READ, null)))));
	}

	@Override
	protected AdapterConfig invalidConfig() {
		return new AdapterConfig("broken", "firmata", Map.of("port", "/dev/null"), List.of(new DeviceConfig("pico", "",
				List.of(FirmataSerialIntegrationTests.point("level", "A0", DataType.BOOLEAN, Access.READ, null)))));
	}

}
