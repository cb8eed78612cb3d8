package dev.library.hap.autoconfigure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.library.adapters.AdapterRegistry;
import dev.library.adapters.AdapterSupervisors;
import dev.library.adapters.autoconfigure.AdaptersProperties;
import dev.library.adapters.autoconfigure.ConfiguredAdapters;
import dev.library.adapters.spi.DeviceConfig;
import dev.library.adapters.spi.PointConfig;
import dev.library.hap.AccessoryDefinition;
import dev.library.hap.AccessoryIds;
import dev.library.hap.AccessoryType;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Checks {@code library.hap.accessories} against the configured devices and turns it into
 * {@link AccessoryDefinition}s; a problem stops the start-up naming its property.
 *
 * @author Library
 */
final class HapAccessoryDefinitions {

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

	private HapAccessoryDefinitions() {
	}

	static List<AccessoryDefinition> of(HapProperties properties, AdapterSupervisors supervisors) {
		return of(properties, (device, point) -> supervisors.device(device).flatMap((found) -> found.point(point)));
	}

	/**
	 * Return the points of a configuration of the adapters, as they would run.
	 * @param adapters the adapters' properties
	 * @param registry the adapter types
	 * @param mapper for the interlocks' constants
	 * @return the points, by device and point name
	 * @throws dev.library.adapters.autoconfigure.AdaptersConfigurationException if the
	 * adapters' configuration is not valid
	 */
	static Points points(AdaptersProperties adapters, AdapterRegistry registry, JsonMapper mapper) {
		ConfiguredAdapters configured = ConfiguredAdapters.of(adapters, registry, mapper);
		Map<String, PointConfig> points = new HashMap<>();
		for (ConfiguredAdapters.ConfiguredInstance instance : configured.instances()) {
			// Created by the parse, never connected
			instance.adapter().close();
			for (DeviceConfig device : instance.config().devices()) {
				for (PointConfig point : device.points()) {
					points.put(device.id() + "." + point.name(), point);
				}
			}
		}
		return (device, point) -> Optional.ofNullable(points.get(device + "." + point));
	}

	static List<AccessoryDefinition> of(HapProperties properties, Points points) {
		List<AccessoryDefinition> definitions = new ArrayList<>();
		Map<Integer, String> aids = new HashMap<>();
		List<HapProperties.Accessory> accessories = properties.getAccessories();
		for (int i = 0; i < accessories.size(); i++) {
			String property = "library.hap.accessories[" + i + "]";
			HapProperties.Accessory accessory = accessories.get(i);
			String id = accessory.getId();
			if (id == null || !ID.matcher(id).matches()) {
				throw new InvalidConfigurationPropertyValueException(property + ".id", id,
						"Give each accessory a stable id: 1 to 64 letters, digits, '.', '_' or '-'");
			}
			AccessoryType type = accessory.getType();
			if (type == null) {
				throw new InvalidConfigurationPropertyValueException(property + ".type", null,
						"Give the accessory a type such as switch, outlet, valve or temperature-sensor");
			}
			int aid = (accessory.getAid() != null) ? accessory.getAid() : AccessoryIds.of(id);
			if (aid <= AccessoryIds.BRIDGE) {
				throw new InvalidConfigurationPropertyValueException(property + ".aid", aid,
						"Accessory ids start at 2 (1 is the bridge)");
			}
			String other = aids.putIfAbsent(aid, id);
			if (other != null) {
				throw new InvalidConfigurationPropertyValueException(property + ".aid", aid,
						"Accessories '" + other + "' and '" + id + "' have the same accessory id " + aid
								+ ": give one of them an explicit aid");
			}
			AccessoryDefinition.Source source = source(property, accessory, type, points);
			String name = (accessory.getName() != null && !accessory.getName().isBlank()) ? accessory.getName() : id;
			definitions.add(new AccessoryDefinition(id, aid, name, type, source, accessory.getValveType(),
					accessory.getValveDuration(), accessory.getCarbonDioxideLimit()));
		}
		return definitions;
	}

	private static AccessoryDefinition.Source source(String property, HapProperties.Accessory accessory,
			AccessoryType type, Points points) {
		int given = count(accessory.getPoint()) + count(accessory.getStateKey()) + count(accessory.getAlarm());
		if (given != 1 || (accessory.getPoint() == null) != (accessory.getDevice() == null)) {
			throw new InvalidConfigurationPropertyValueException(property, accessory.getId(),
					"Give the accessory exactly one source: device and point, state-key, or alarm");
		}
		if (accessory.getAlarm() != null) {
			if (!type.acceptsAlarm()) {
				throw new InvalidConfigurationPropertyValueException(property + ".alarm", accessory.getAlarm(),
						"An alarm can stand behind a contact-sensor or a leak-sensor only");
			}
			return new AccessoryDefinition.Source(null, null, null, accessory.getAlarm());
		}
		if (accessory.getStateKey() != null) {
			if (type.isOutput()) {
				throw new InvalidConfigurationPropertyValueException(property + ".state-key", accessory.getStateKey(),
						"A " + type.name().toLowerCase().replace('_', '-')
								+ " writes to an output: give device and point");
			}
			return new AccessoryDefinition.Source(null, null, accessory.getStateKey(), null);
		}
		String device = String.valueOf(accessory.getDevice());
		String pointName = String.valueOf(accessory.getPoint());
		PointConfig point = points.point(device, pointName)
			.orElseThrow(() -> new InvalidConfigurationPropertyValueException(property + ".point",
					device + "." + pointName, "No such point among library.adapters.instances"));
		if (type.isOutput() && !point.writable()) {
			throw new InvalidConfigurationPropertyValueException(property + ".point", point.id(),
					"The point is an input: a " + type.name().toLowerCase().replace('_', '-')
							+ " needs an output (access READ_WRITE)");
		}
		return new AccessoryDefinition.Source(device, pointName, point.stateKey(), null);
	}

	/**
	 * The points accessories may stand for.
	 */
	@FunctionalInterface
	interface Points {

		Optional<PointConfig> point(String device, String point);

	}

	private static int count(@Nullable String value) {
		return (value != null && !value.isBlank()) ? 1 : 0;
	}

}
