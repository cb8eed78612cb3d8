package dev.library.i2c;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.convert.DurationStyle;

/**
 * The {@code i2c} adapter type: one instance per I2C bus (setting {@code bus}, such as
 * {@code 1} for GPIO 2/3 on a CM5), its chips and their channels named by each point's
 * address, {@code <chip>@<address>/<channel>[;option...]}: {@code pcf8574},
 * {@code mcp23017}, {@code ads1115}, {@code sht31} and {@code register}. Optional
 * settings {@code retries}: how many times a failed transaction is tried again (default
 * 2), and {@code transaction-timeout}: how long one transaction may take (default 500ms).
 * Several instances may share a bus, each with its own chips.
 * <p>
 * Checked when created: a missing or bad bus, an unknown chip, two chips at one address,
 * a pin used twice, a channel a chip does not have, an output on an input-only chip.
 *
 * @author Library
 */
public class I2cAdapterProvider implements AdapterProvider {

	/**
	 * Name of the type.
	 */
	public static final String TYPE = "i2c";

	private static final List<String> SETTINGS = List.of("bus", "retries", "transaction-timeout");

	private final Context context;

	private final String providerId;

	private final int defaultRetries;

	private final Duration defaultTimeout;

	private final I2cMeters meters;

	private final I2cBuses buses;

	/**
	 * Create a provider.
	 * @param context the Pi4J context
	 * @param providerId the Pi4J I2C provider, such as {@code linuxfs-i2c}
	 * @param defaultRetries how many times a failed transaction is tried again unless an
	 * instance says otherwise
	 * @param defaultTimeout how long a transaction may take unless an instance says
	 * otherwise
	 * @param registry where the meters of transactions go
	 * @param buses where the buses in use are listed
	 */
	public I2cAdapterProvider(Context context, String providerId, int defaultRetries, Duration defaultTimeout,
			MeterRegistry registry, I2cBuses buses) {
		this.context = context;
		this.providerId = providerId;
		this.defaultRetries = defaultRetries;
		this.defaultTimeout = defaultTimeout;
		this.meters = new I2cMeters(registry);
		this.buses = buses;
	}

	@Override
	public String type() {
		return TYPE;
	}

	@Override
	public String description() {
		return "I2C bus through Pi4J: PCF8574 and MCP23017 relay boards, ADS1115 ADC, SHT31 sensor, register chips";
	}

	@Override
	public Adapter create(AdapterConfig config) {
		int bus = intSetting(config, "bus", null, 0, 255);
		int retries = intSetting(config, "retries", this.defaultRetries, 0, 10);
		Duration timeout = timeoutSetting(config);
		for (String setting : config.settings().keySet()) {
			if (!SETTINGS.contains(setting)) {
				throw new AdapterConfigurationException("Adapter '" + config.id() + "': unknown setting '" + setting
						+ "' of type i2c (known: " + String.join(", ", SETTINGS) + ")");
			}
		}
		Map<Integer, String> chipAt = new LinkedHashMap<>();
		Map<Integer, Map<PointConfig, ChannelAddress>> bindings = new LinkedHashMap<>();
		for (PointConfig point : config.points()) {
			ChannelAddress address = ChannelAddress.parse(config.id(), point);
			String other = chipAt.putIfAbsent(address.address(), address.chip());
			if (other != null && !other.equals(address.chip())) {
				throw ChannelAddress.invalid(config.id(), point, "address " + ChannelAddress.hex(address.address())
						+ " on bus " + bus + " is already a " + other + " in another point");
			}
			bindings.computeIfAbsent(address.address(), (key) -> new LinkedHashMap<>()).put(point, address);
		}
		Map<String, Chip> chips = new LinkedHashMap<>();
		Map<String, Chip> chipOfPoint = new LinkedHashMap<>();
		bindings.forEach((address, points) -> {
			Chip chip = Chip.create(config.id(), chipAt.get(address), address, points);
			chips.put(chip.key(), chip);
			points.keySet().forEach((point) -> chipOfPoint.put(point.id(), chip));
		});
		return new I2cBusAdapter(config.id(), bus, retries, timeout, this.context, this.providerId, this.meters,
				this.buses, chips, chipOfPoint);
	}

	/**
	 * Refuse a chip address claimed by two instances on one bus. Instances may share a
	 * bus (its transactions are serialized through the bus's pool), but each chip belongs
	 * to one instance: two would overwrite each other's output latches.
	 */
	@Override
	public void checkInstances(List<AdapterConfig> configs) {
		Map<String, String> owner = new TreeMap<>();
		List<String> shared = new ArrayList<>();
		for (AdapterConfig config : configs) {
			int bus = intSetting(config, "bus", null, 0, 255);
			config.points()
				.stream()
				.map((point) -> ChannelAddress.parse(config.id(), point).address())
				.distinct()
				.forEach((address) -> {
					String where = "address " + ChannelAddress.hex(address) + " on bus " + bus;
					String other = owner.putIfAbsent(where, config.id());
					if (other != null) {
						shared.add(where + " is configured in instance '" + other + "' and in '" + config.id() + "'");
					}
				});
		}
		if (!shared.isEmpty()) {
			throw new AdapterConfigurationException("i2c instances share chips: " + String.join("; ", shared));
		}
	}

	private Duration timeoutSetting(AdapterConfig config) {
		String text = config.settings().get("transaction-timeout");
		if (text == null || text.isBlank()) {
			return this.defaultTimeout;
		}
		try {
			Duration timeout = DurationStyle.detectAndParse(text.trim(), ChronoUnit.MILLIS);
			if (timeout.compareTo(Duration.ofMillis(1)) >= 0 && timeout.compareTo(Duration.ofSeconds(60)) <= 0) {
				return timeout;
			}
		}
		catch (IllegalArgumentException ex) {
			// reported below
		}
		throw new AdapterConfigurationException("Adapter '" + config.id()
				+ "': setting 'transaction-timeout' must be a duration from 1ms to 60s, such as 500ms, not '" + text
				+ "'");
	}

	static int intSetting(AdapterConfig config, String name, Integer fallback, int min, int max) {
		String text = config.settings().get(name);
		if (text == null || text.isBlank()) {
			if (fallback == null) {
				throw new AdapterConfigurationException("Adapter '" + config.id() + "': setting '" + name
						+ "' is required (the I2C bus number, such as 1)");
			}
			return fallback;
		}
		try {
			int value = Integer.parseInt(text.trim());
			if (value >= min && value <= max) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new AdapterConfigurationException("Adapter '" + config.id() + "': setting '" + name
				+ "' must be a number from " + min + " to " + max + ", not '" + text + "'");
	}

}
