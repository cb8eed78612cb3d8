package dev.library.adapters.spi;

import java.util.List;
import java.util.Map;

/**
 * Configuration of one adapter instance, as {@code library.adapters.instances[]} declares
 * it.
 *
 * @param id the instance id, unique
 * @param type the adapter type
 * @param settings connection settings for the type (host, port, bus, seed, ...)
 * @param devices the devices the instance serves
 * @author Library
 */
public record AdapterConfig(String id, String type, Map<String, String> settings, List<DeviceConfig> devices) {

	public AdapterConfig {
		settings = Map.copyOf(settings);
		devices = List.copyOf(devices);
	}

	/**
	 * Return every point of every device.
	 * @return the points
	 */
	public List<PointConfig> points() {
		return this.devices.stream().flatMap((device) -> device.points().stream()).toList();
	}

}
