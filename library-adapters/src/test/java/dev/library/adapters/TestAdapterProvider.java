package dev.library.adapters;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.library.adapters.spi.Adapter;
import dev.library.adapters.spi.AdapterConfig;
import dev.library.adapters.spi.AdapterException;
import dev.library.adapters.spi.AdapterProvider;
import dev.library.adapters.spi.PointConfig;

/**
 * Adapter type {@code test} whose faults tests inject: failed connections, a lost
 * connection, slow writes, writes the device ignores. Each instance's adapter is found by
 * its id through {@link #adapter(String)}.
 *
 * @author Library
 */
public class TestAdapterProvider implements AdapterProvider {

	static final Map<String, TestAdapter> adapters = new ConcurrentHashMap<>();

	@Override
	public String type() {
		return "test";
	}

	@Override
	public Adapter create(AdapterConfig config) {
		TestAdapter adapter = new TestAdapter(config);
		adapters.put(config.id(), adapter);
		return adapter;
	}

	static TestAdapter adapter(String id) {
		return adapters.get(id);
	}

	/**
	 * An in-memory device with injectable faults.
	 */
	public static class TestAdapter implements Adapter {

		final AdapterConfig config;

		final Map<String, Object> values = new ConcurrentHashMap<>();

		final AtomicInteger connects = new AtomicInteger();

		final AtomicInteger writes = new AtomicInteger();

		volatile int failConnects;

		volatile boolean connected;

		volatile Duration writeDelay = Duration.ZERO;

		volatile boolean ignoreWrites;

		volatile boolean failReads;

		/**
		 * An integer written above it is taken as this value, as a device that clamps a
		 * setpoint to its own range would; {@code Long.MAX_VALUE} for none.
		 */
		volatile long integerCeiling = Long.MAX_VALUE;

		TestAdapter(AdapterConfig config) {
			this.config = config;
		}

		@Override
		public synchronized void connect() {
			this.connects.incrementAndGet();
			if (this.failConnects > 0) {
				this.failConnects--;
				throw new AdapterException("injected connection failure");
			}
			this.connected = true;
		}

		@Override
		public boolean isConnected() {
			return this.connected;
		}

		@Override
		public Object read(PointConfig point) {
			check();
			if (this.failReads) {
				throw new AdapterException("injected read failure");
			}
			return this.values.computeIfAbsent(point.address(), (address) -> switch (point.dataType()) {
				case BOOLEAN -> Boolean.FALSE;
				case INTEGER -> 0L;
				case FLOAT -> 0.0;
				case STRING -> "";
			});
		}

		@Override
		public void write(PointConfig point, Object value) {
			check();
			try {
				Thread.sleep(this.writeDelay.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.writes.incrementAndGet();
			if (!this.ignoreWrites) {
				this.values.put(point.address(),
						(value instanceof Long number) ? Math.min(number, this.integerCeiling) : value);
			}
		}

		/**
		 * Lose the connection, as a pulled cable would.
		 * @param failedReconnects how many reconnection attempts fail afterwards
		 */
		void loseConnection(int failedReconnects) {
			this.failConnects = failedReconnects;
			this.connected = false;
		}

		@Override
		public void close() {
			this.connected = false;
		}

		private void check() {
			if (!this.connected) {
				throw new AdapterException("not connected");
			}
		}

	}

}
