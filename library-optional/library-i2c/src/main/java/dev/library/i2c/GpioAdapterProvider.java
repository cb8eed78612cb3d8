package dev.library.i2c;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.pi4j.context.Context;
import dev.library.adapters.spi.Adapter;
import dev.library.adapters.spi.AdapterConfig;
import dev.library.adapters.spi.AdapterConfigurationException;
import dev.library.adapters.spi.AdapterProvider;
import dev.library.adapters.spi.PointConfig;

/**
 * The {@code gpio} adapter type: GPIO pins of the Pi as BOOLEAN points, each point's
 * address {@code <BCM number>[;active-low][;pull=up|down][;debounce=20ms]}; outputs are
 * points with access {@code READ_WRITE}. No settings. A pin used twice stops the
 * start-up.
 *
 * @author Library
 */
public class GpioAdapterProvider implements AdapterProvider {

	/**
	 * Name of the type.
	 */
	public static final String TYPE = "gpio";

	private final Context context;

	private final String outputProvider;

	private final String inputProvider;

	/**
	 * Create a provider.
	 * @param context the Pi4J context
	 * @param outputProvider the Pi4J digital output provider, such as
	 * {@code gpiod-digital-output}
	 * @param inputProvider the Pi4J digital input provider, such as
	 * {@code gpiod-digital-input}
	 */
	public GpioAdapterProvider(Context context, String outputProvider, String inputProvider) {
		this.context = context;
		this.outputProvider = outputProvider;
		this.inputProvider = inputProvider;
	}

	@Override
	public String type() {
		return TYPE;
	}

	@Override
	public String description() {
		return "GPIO pins through Pi4J: relays, valves and pumps (active-high or low), switches with debounce";
	}

	@Override
	public Adapter create(AdapterConfig config) {
		if (!config.settings().isEmpty()) {
			throw new AdapterConfigurationException("Adapter '" + config.id() + "': type gpio has no settings, got "
					+ config.settings().keySet().stream().sorted().toList());
		}
		Map<String, GpioPin> pins = new LinkedHashMap<>();
		Map<Integer, String> used = new HashMap<>();
		for (PointConfig point : config.points()) {
			GpioPin pin = GpioPin.parse(config.id(), point);
			String other = used.putIfAbsent(pin.number(), point.id());
			if (other != null) {
				throw ChannelAddress.invalid(config.id(), point,
						"GPIO " + pin.number() + " is already used by " + other);
			}
			pins.put(point.id(), pin);
		}
		return new GpioAdapter(config.id(), this.context, this.outputProvider, this.inputProvider, pins);
	}

	/**
	 * Refuse one GPIO pin claimed by points of two instances: Pi4J would hand the second
	 * instance the first one's pin, and an output would have two masters.
	 */
	@Override
	public void checkInstances(List<AdapterConfig> configs) {
		Map<Integer, String> owner = new TreeMap<>();
		List<String> shared = new ArrayList<>();
		for (AdapterConfig config : configs) {
			for (PointConfig point : config.points()) {
				int number = GpioPin.parse(config.id(), point).number();
				String other = owner.putIfAbsent(number, point.id());
				if (other != null) {
					shared.add("GPIO " + number + " is used by " + other + " and by " + point.id());
				}
			}
		}
		if (!shared.isEmpty()) {
			throw new AdapterConfigurationException("gpio instances share pins: " + String.join("; ", shared));
		}
	}

}
