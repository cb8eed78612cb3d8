package dev.library.adapters.virtual;

import dev.library.adapters.spi.Adapter;
import dev.library.adapters.spi.AdapterConfig;
import dev.library.adapters.spi.AdapterProvider;

/**
 * The {@code virtual} adapter type: a simulated plant (see {@link VirtualPlantAdapter}),
 * so that a first start shows the platform working with no hardware. Registered through
 * {@code META-INF/services}, as a third-party type would be.
 *
 * @author Library
 */
public class VirtualAdapterProvider implements AdapterProvider {

	/**
	 * Name of the type.
	 */
	public static final String TYPE = "virtual";

	@Override
	public String type() {
		return TYPE;
	}

	@Override
	public String description() {
		return "Simulated plant: a tank with level and temperature sensors, an inlet pump and an outlet valve";
	}

	@Override
	public Adapter create(AdapterConfig config) {
		return new VirtualPlantAdapter(config, PlantSettings.of(config));
	}

}
