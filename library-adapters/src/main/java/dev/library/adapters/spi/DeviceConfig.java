package dev.library.adapters.spi;

import java.util.List;

/**
 * A device served by an adapter instance, as an EdgeX device with its profile.
 *
 * @param id the device id, unique across instances
 * @param description what the device is
 * @param points its points
 * @author Library
 */
public record DeviceConfig(String id, String description, List<PointConfig> points) {

	public DeviceConfig {
		points = List.copyOf(points);
	}

}
