package dev.library.hap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.library.adapters.spi.Adapter;
import dev.library.adapters.spi.AdapterConfig;
import dev.library.adapters.spi.AdapterConfigurationException;
import dev.library.adapters.spi.AdapterException;
import dev.library.adapters.spi.AdapterProvider;
import dev.library.adapters.spi.PointConfig;

/**
 * Adapter type {@code fault-injecting} for tests: an in-memory device (numbers read
 * {@code 21.5}, outputs keep what is written) whose points with an address starting with
 * {@code flaky.} fail to read while the file of the {@code fault-file} setting exists.
 * The instance then stays connected but becomes {@code DEGRADED}, as a device answering
 * some reads and not others; the controller in the tests creates and deletes the file.
 *
 * @author Library
 */
class FaultInjectingAdapterProvider implements AdapterProvider {

	@Override
	public String type() {
		return "fault-injecting";
	}

	@Override
	public Adapter create(AdapterConfig config) {
		String file = config.settings().get("fault-file");
		if (file == null) {
			throw new AdapterConfigurationException("Adapter '" + config.id() + "': setting 'fault-file' is required");
		}
		return new FaultInjectingAdapter(Path.of(file));
	}

	private static final class FaultInjectingAdapter implements Adapter {

		private final Path faultFile;

		private final Map<String, Object> values = new ConcurrentHashMap<>();

		private volatile boolean connected;

		FaultInjectingAdapter(Path faultFile) {
			this.faultFile = faultFile;
		}

		@Override
		public void connect() {
			this.connected = true;
		}

		@Override
		public boolean isConnected() {
			return this.connected;
		}

		@Override
		public Object read(PointConfig point) {
			if (point.address().startsWith("flaky.") && Files.exists(this.faultFile)) {
				throw new AdapterException("injected read failure (" + this.faultFile.getFileName() + " exists)");
			}
			return this.values.computeIfAbsent(point.address(), (address) -> switch (point.dataType()) {
				case BOOLEAN -> Boolean.FALSE;
				case INTEGER -> 0L;
				case FLOAT -> 21.5;
				case STRING -> "";
			});
		}

		@Override
		public void write(PointConfig point, Object value) {
			this.values.put(point.address(), value);
		}

		@Override
		public void close() {
			this.connected = false;
		}

	}

}
