package dev.library.i2c;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import dev.library.adapters.spi.Adapter;
import dev.library.adapters.spi.AdapterException;
import dev.library.adapters.spi.PointConfig;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * GPIO pins of the Pi through Pi4J: outputs (relays, valves, pumps) and inputs (float and
 * flow switches).
 * <p>
 * Each output is created with its safe level as Pi4J's initial <em>and</em> shutdown
 * state, so it comes up safe and Pi4J's shutdown (the context's, run by its JVM shutdown
 * hook too) leaves it safe. An output reads back the level Pi4J drives. An input with a
 * debounce time is sampled until it held one level for that long (bounded by ten times
 * the debounce time: an input still bouncing then fails its read, and its point goes
 * {@code BAD}).
 *
 * @author Library
 */
final class GpioAdapter implements Adapter {

	private static final Log logger = LogFactory.getLog(GpioAdapter.class);

	private final String instance;

	private final Context context;

	private final String outputProvider;

	private final String inputProvider;

	private final Map<String, GpioPin> pins;

	private final Map<String, DigitalOutput> outputs = new LinkedHashMap<>();

	private final Map<String, DigitalInput> inputs = new LinkedHashMap<>();

	private final List<String> created = new ArrayList<>();

	private volatile boolean connected;

	GpioAdapter(String instance, Context context, String outputProvider, String inputProvider,
			Map<String, GpioPin> pins) {
		this.instance = instance;
		this.context = context;
		this.outputProvider = outputProvider;
		this.inputProvider = inputProvider;
		this.pins = new LinkedHashMap<>(pins);
	}

	@Override
	public synchronized void connect() {
		shutdownPins();
		try {
			for (GpioPin pin : this.pins.values()) {
				String id = "library-gpio-" + this.instance + "-" + pin.number();
				if (pin.point().writable()) {
					DigitalState safe = DigitalState.getState(pin.safeLevel());
					DigitalOutput output = this.context.create(DigitalOutput.newConfigBuilder(this.context)
						.id(id)
						.name(pin.point().id())
						.address(pin.number())
						.initial(safe)
						.shutdown(safe)
						.provider(this.outputProvider)
						.build());
					this.created.add(id);
					output.state(safe);
					this.outputs.put(pin.point().id(), output);
				}
				else {
					DigitalInput input = this.context.create(DigitalInput.newConfigBuilder(this.context)
						.id(id)
						.name(pin.point().id())
						.address(pin.number())
						.pull(pin.pull())
						.provider(this.inputProvider)
						.build());
					this.created.add(id);
					this.inputs.put(pin.point().id(), input);
				}
			}
		}
		catch (RuntimeException ex) {
			driveSafeQuietly();
			shutdownPins();
			throw new AdapterException(
					"GPIO of adapter '" + this.instance + "' could not be opened: " + ex.getMessage(), ex);
		}
		this.connected = true;
	}

	@Override
	public boolean isConnected() {
		return this.connected;
	}

	@Override
	public synchronized Object read(PointConfig point) {
		GpioPin pin = pin(point);
		try {
			DigitalOutput output = this.outputs.get(point.id());
			if (output != null) {
				return pin.value(output.state().isHigh());
			}
			DigitalInput input = this.inputs.get(point.id());
			return pin.value(debounced(pin, () -> input.state().isHigh()));
		}
		catch (AdapterException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw new AdapterException("GPIO " + pin.number() + " (" + point.id() + ") not read: " + ex.getMessage(),
					ex);
		}
	}

	@Override
	public synchronized void write(PointConfig point, Object value) {
		GpioPin pin = pin(point);
		DigitalOutput output = this.outputs.get(point.id());
		if (output == null) {
			throw new AdapterException(point.id() + " is an input");
		}
		try {
			output.state(DigitalState.getState(pin.level((Boolean) value)));
		}
		catch (RuntimeException ex) {
			logger.warn("GPIO " + pin.number() + " not written (" + ex.getMessage() + "): driving every output safe");
			driveSafeQuietly();
			this.connected = false;
			throw new AdapterException("GPIO " + pin.number() + " (" + point.id() + ") not written: " + ex.getMessage(),
					ex);
		}
	}

	@Override
	public synchronized void close() {
		if (this.connected) {
			driveSafeQuietly();
		}
		this.connected = false;
		shutdownPins();
	}

	private GpioPin pin(PointConfig point) {
		if (!this.connected) {
			throw new AdapterException("GPIO of adapter '" + this.instance + "' is not connected");
		}
		GpioPin pin = this.pins.get(point.id());
		if (pin == null) {
			throw new AdapterException("Point " + point.id() + " is not a GPIO pin of adapter '" + this.instance + "'");
		}
		return pin;
	}

	/**
	 * Sample an input until it held one level for its debounce time.
	 * @param pin the pin
	 * @param sampler reads the pin's level
	 * @return the level
	 */
	static boolean debounced(GpioPin pin, BooleanSupplier sampler) {
		Duration debounce = pin.debounce();
		boolean level = sampler.getAsBoolean();
		if (debounce.isZero()) {
			return level;
		}
		long sample = Math.max(1, debounce.toNanos() / 4);
		long start = System.nanoTime();
		long stableSince = start;
		while (true) {
			long now = System.nanoTime();
			if (now - stableSince >= debounce.toNanos()) {
				return level;
			}
			if (now - start > debounce.multipliedBy(10).toNanos()) {
				throw new AdapterException("GPIO " + pin.number() + " (" + pin.point().id()
						+ ") did not hold a level for " + debounce.toMillis() + " ms: bouncing");
			}
			try {
				Thread.sleep(Duration.ofNanos(sample));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AdapterException("Interrupted while debouncing GPIO " + pin.number(), ex);
			}
			boolean next = sampler.getAsBoolean();
			if (next != level) {
				level = next;
				stableSince = System.nanoTime();
			}
		}
	}

	private void driveSafeQuietly() {
		this.outputs.forEach((id, output) -> {
			GpioPin pin = this.pins.get(id);
			try {
				output.state(DigitalState.getState(pin.safeLevel()));
			}
			catch (RuntimeException ex) {
				logger.error("GPIO " + pin.number() + " (" + id + ") could not be driven to its safe state: "
						+ ex.getMessage());
			}
		});
	}

	private void shutdownPins() {
		this.outputs.clear();
		this.inputs.clear();
		for (String id : this.created) {
			try {
				if (this.context.registry().exists(id)) {
					this.context.shutdown(id);
				}
			}
			catch (RuntimeException ex) {
				logger.debug("Pi4J I/O '" + id + "' not shut down", ex);
			}
		}
		this.created.clear();
	}

}
