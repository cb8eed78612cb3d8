package dev.library.canbus.socketcan;

import java.util.ArrayList;
import java.util.List;

import dev.library.adapters.spi.AdapterConfig;
import dev.library.adapters.spi.AdapterConfigurationException;
import dev.library.canbus.CanTransport;
import dev.library.canbus.CanbusAdapterProvider;
import dev.library.canbus.CanbusRegistry;
import dev.library.canbus.CanbusSettings;
import dev.library.canbus.CanbusSettings.CanbusDefaults;
import dev.library.canbus.SignalPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import tel.schich.javacan.CanFilter;

/**
 * The {@code socketcan} adapter type: a Linux SocketCAN interface. Settings, beside those
 * of {@link CanbusSettings}: {@code interface} (required, such as {@code can0}),
 * {@code fd} (whether CAN FD frames are used, default false) and {@code filters} (kernel
 * filters, {@code ID[:MASK]} in hex separated by commas, such as {@code 116,368:7FF}; a
 * 29-bit id needs the extended flag in its mask, as the kernel wants it).
 *
 * @author Library
 */
public class SocketCanAdapterProvider extends CanbusAdapterProvider {

	/**
	 * Name of the type.
	 */
	public static final String TYPE = "socketcan";

	/**
	 * Create the provider.
	 * @param publisher where decoded signals go
	 * @param meterRegistry where meters go, or {@code null}
	 * @param defaults the defaults of {@code library.canbus.*}
	 * @param registry the registry connected buses join
	 */
	public SocketCanAdapterProvider(SignalPublisher publisher, @Nullable MeterRegistry meterRegistry,
			CanbusDefaults defaults, CanbusRegistry registry) {
		super(publisher, meterRegistry, defaults, registry);
	}

	@Override
	public String type() {
		return TYPE;
	}

	@Override
	public String description() {
		return "CAN bus through a Linux SocketCAN interface, decoded with DBC databases";
	}

	@Override
	protected CanTransport createTransport(AdapterConfig config, CanbusSettings settings) {
		String interfaceName = settings.interfaceName();
		if (interfaceName == null || interfaceName.isBlank()) {
			throw new AdapterConfigurationException("Adapter '" + config.id()
					+ "' setting 'interface' is required (the SocketCAN interface, such as can0)");
		}
		boolean fd = Boolean.parseBoolean(config.settings().getOrDefault("fd", "false"));
		return new SocketCanTransport(interfaceName, fd, filters(config));
	}

	private static List<CanFilter> filters(AdapterConfig config) {
		List<CanFilter> filters = new ArrayList<>();
		for (String entry : config.settings().getOrDefault("filters", "").split(",")) {
			if (entry.isBlank()) {
				continue;
			}
			String[] parts = entry.strip().split(":");
			try {
				int id = Integer.parseUnsignedInt(parts[0], 16);
				int mask = (parts.length > 1) ? Integer.parseUnsignedInt(parts[1], 16) : CanFilter.EXACT;
				filters.add(new CanFilter(id, mask));
			}
			catch (NumberFormatException ex) {
				throw new AdapterConfigurationException("Adapter '" + config.id()
						+ "' setting 'filters' is invalid: expected ID[:MASK] in hex, not '" + entry.strip() + "'");
			}
		}
		return filters;
	}

}
