package dev.library.adapters.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.library.adapters.AdapterRegistry;
import dev.library.adapters.autoconfigure.AdaptersProperties.ConditionDefinition;
import dev.library.adapters.autoconfigure.AdaptersProperties.InterlockDefinition;
import dev.library.adapters.interlock.Condition;
import dev.library.adapters.interlock.Interlock;
import dev.library.adapters.interlock.Interlocks;
import dev.library.adapters.spi.Access;
import dev.library.adapters.spi.Adapter;
import dev.library.adapters.spi.AdapterConfig;
import dev.library.adapters.spi.AdapterConfigurationException;
import dev.library.adapters.spi.AdapterProvider;
import dev.library.adapters.spi.DataType;
import dev.library.adapters.spi.DeviceConfig;
import dev.library.adapters.spi.PointConfig;
import dev.library.state.StateKeys;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The checked form of {@code library.adapters.*}: every instance's configuration with its
 * adapter created, and the interlocks. Checks everything before anything connects and
 * reports every problem at once, each naming its property.
 *
 * @param instances the instances, in configuration order
 * @param interlocks the interlocks
 * @author Library
 */
public record ConfiguredAdapters(List<ConfiguredInstance> instances, Interlocks interlocks) {

	private static final Pattern ID = Pattern.compile(StateKeys.SEGMENT_PATTERN);

	private static final String PREFIX = "library.adapters.";

	/**
	 * Check the properties and create the adapters.
	 * @param properties the properties
	 * @param registry the adapter types
	 * @param mapper parses the constants of conditions
	 * @return the configuration
	 * @throws AdaptersConfigurationException listing every problem found
	 */
	public static ConfiguredAdapters of(AdaptersProperties properties, AdapterRegistry registry, JsonMapper mapper) {
		List<String> problems = new ArrayList<>();
		Set<String> instanceIds = new HashSet<>();
		Map<String, PointConfig> points = new HashMap<>();
		Set<String> stateKeys = new HashSet<>();
		List<ConfiguredInstance> instances = new ArrayList<>();
		Map<AdapterProvider, List<AdapterConfig>> configsOfType = new LinkedHashMap<>();
		for (int i = 0; i < properties.getInstances().size(); i++) {
			AdaptersProperties.Instance instance = properties.getInstances().get(i);
			String where = PREFIX + "instances[" + i + "]";
			String id = checkId(instance.getId(), where + ".id", "instance", problems);
			if (id != null && !instanceIds.add(id)) {
				problems.add(where + ".id: instance id '" + id + "' is used twice");
			}
			AdapterProvider provider = null;
			if (instance.getType() == null || instance.getType().isBlank()) {
				problems.add(where + ".type: missing; known types: " + types(registry));
			}
			else {
				provider = registry.provider(instance.getType()).orElse(null);
				if (provider == null) {
					problems.add(where + ".type: unknown adapter type '" + instance.getType() + "'; known types: "
							+ types(registry));
				}
			}
			if (!instance.getWatchdogTimeout().isPositive()) {
				problems.add(where + ".watchdog-timeout: must be positive");
			}
			List<DeviceConfig> devices = new ArrayList<>();
			for (int d = 0; d < instance.getDevices().size(); d++) {
				AdaptersProperties.Device device = instance.getDevices().get(d);
				String deviceWhere = where + ".devices[" + d + "]";
				String deviceId = checkId(device.getId(), deviceWhere + ".id", "device", problems);
				if (deviceId == null) {
					continue;
				}
				List<PointConfig> devicePoints = new ArrayList<>();
				for (int p = 0; p < device.getPoints().size(); p++) {
					String pointWhere = deviceWhere + ".points[" + p + "]";
					PointConfig point = point(device.getPoints().get(p), id, deviceId, pointWhere, problems);
					if (point == null) {
						continue;
					}
					if (points.putIfAbsent(point.id(), point) != null) {
						problems.add(pointWhere + ".name: point '" + point.id() + "' is declared twice"
								+ " (device ids are unique across instances)");
					}
					else if (!stateKeys.add(point.stateKey())) {
						problems.add(pointWhere + ".state-key: state key '" + point.stateKey()
								+ "' is used by another point");
					}
					devicePoints.add(point);
				}
				devices.add(new DeviceConfig(deviceId, device.getDescription(), devicePoints));
			}
			if (id != null && provider != null) {
				AdapterConfig config = new AdapterConfig(id, provider.type(), instance.getSettings(), devices);
				try {
					Adapter adapter = provider.create(config);
					instances.add(new ConfiguredInstance(config, adapter, instance.isEnabled(),
							instance.getWatchdogTimeout()));
					configsOfType.computeIfAbsent(provider, (type) -> new ArrayList<>()).add(config);
				}
				catch (AdapterConfigurationException ex) {
					problems.add(where + ": " + ex.getMessage());
				}
			}
		}
		configsOfType.forEach((provider, configs) -> {
			try {
				provider.checkInstances(List.copyOf(configs));
			}
			catch (AdapterConfigurationException ex) {
				problems.add(PREFIX + "instances: " + ex.getMessage());
			}
		});
		List<Interlock> interlocks = interlocks(properties.getInterlocks(), points, mapper, problems);
		if (!problems.isEmpty()) {
			instances.forEach((instance) -> instance.adapter().close());
			throw new AdaptersConfigurationException(problems);
		}
		return new ConfiguredAdapters(instances, new Interlocks(interlocks));
	}

	private static @Nullable PointConfig point(AdaptersProperties.Point point, @Nullable String instanceId,
			String deviceId, String where, List<String> problems) {
		String name = checkId(point.getName(), where + ".name", "point", problems);
		if (name == null) {
			return null;
		}
		int before = problems.size();
		DataType type = point.getDataType();
		if ((point.getMinimum() != null || point.getMaximum() != null) && !type.isNumeric()) {
			problems.add(where + ": minimum and maximum apply to INTEGER and FLOAT points only, not " + type);
		}
		if (point.getMinimum() != null && point.getMaximum() != null && point.getMinimum() > point.getMaximum()) {
			problems.add(where + ".minimum: " + point.getMinimum() + " is greater than maximum " + point.getMaximum());
		}
		if (point.getPollInterval() != null && !point.getPollInterval().isPositive()) {
			problems.add(where + ".poll-interval: must be positive, or absent for an event-driven point");
		}
		if (point.getScale() == 0 || !Double.isFinite(point.getScale()) || !Double.isFinite(point.getOffset())) {
			problems.add(where + ".scale: must be a finite number other than 0");
		}
		String stateKey = (point.getStateKey() != null && !point.getStateKey().isBlank()) ? point.getStateKey()
				: ((instanceId != null) ? instanceId : "adapters") + "." + deviceId + "." + name;
		try {
			StateKeys.validate(stateKey);
		}
		catch (RuntimeException ex) {
			problems.add(where + ".state-key: " + ex.getMessage());
		}
		Object safeValue = null;
		if (point.getAccess() == Access.READ_WRITE) {
			safeValue = safeValue(point, where, problems);
		}
		else if (point.getSafeValue() != null) {
			problems.add(where + ".safe-value: only outputs (access READ_WRITE) have a safe value");
		}
		if (problems.size() > before) {
			return null;
		}
		String address = (point.getAddress() != null && !point.getAddress().isBlank()) ? point.getAddress()
				: deviceId + "." + name;
		return new PointConfig(deviceId, name, address, type, point.getUnit(), point.getMinimum(), point.getMaximum(),
				point.getAccess(), point.getPollInterval(), point.getScale(), point.getOffset(), stateKey, safeValue);
	}

	private static @Nullable Object safeValue(AdaptersProperties.Point point, String where, List<String> problems) {
		String text = point.getSafeValue();
		Object value;
		try {
			value = switch (point.getDataType()) {
				case BOOLEAN -> {
					if (text == null) {
						yield false;
					}
					if (!text.trim().equals("true") && !text.trim().equals("false")) {
						throw new NumberFormatException();
					}
					yield Boolean.parseBoolean(text.trim());
				}
				case INTEGER -> (text != null) ? Long.parseLong(text.trim()) : 0L;
				case FLOAT -> (text != null) ? Double.parseDouble(text.trim()) : 0.0;
				case STRING -> (text != null) ? text : "";
			};
		}
		catch (NumberFormatException ex) {
			problems.add(where + ".safe-value: '" + text + "' is not a " + point.getDataType() + " value");
			return null;
		}
		if (value instanceof Number number) {
			double safe = number.doubleValue();
			boolean below = point.getMinimum() != null && safe < point.getMinimum();
			boolean above = point.getMaximum() != null && safe > point.getMaximum();
			if (below || above) {
				problems.add(
						where + ".safe-value: " + ((text != null) ? text : "the default 0") + " is outside the limits ["
								+ point.getMinimum() + ", " + point.getMaximum() + "]; set a safe value within them");
			}
		}
		return value;
	}

	private static List<Interlock> interlocks(List<InterlockDefinition> definitions, Map<String, PointConfig> points,
			JsonMapper mapper, List<String> problems) {
		List<Interlock> interlocks = new ArrayList<>();
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < definitions.size(); i++) {
			InterlockDefinition definition = definitions.get(i);
			String where = PREFIX + "interlocks[" + i + "]";
			String id = checkId(definition.getId(), where + ".id", "interlock", problems);
			if (id != null && !ids.add(id)) {
				problems.add(where + ".id: interlock id '" + id + "' is used twice");
			}
			String output = definition.getOutput();
			PointConfig point = (output != null) ? points.get(output) : null;
			if (output == null || output.isBlank()) {
				problems.add(where + ".output: missing; name the output as device.point");
			}
			else if (point == null) {
				problems.add(where + ".output: no point '" + output + "'; name the output as device.point");
			}
			else if (!point.writable()) {
				problems.add(where + ".output: point '" + output + "' is an input; interlocks guard outputs");
			}
			Condition condition = null;
			if (definition.getWhen() == null) {
				problems.add(where + ".when: missing; give the condition the output needs");
			}
			else {
				condition = condition(definition.getWhen(), where + ".when", mapper, problems);
			}
			if (id != null && point != null && condition != null) {
				interlocks.add(new Interlock(id, point.id(), definition.getDescription(), condition));
			}
		}
		return interlocks;
	}

	private static @Nullable Condition condition(ConditionDefinition definition, String where, JsonMapper mapper,
			List<String> problems) {
		boolean group = !definition.getAll().isEmpty() || !definition.getAny().isEmpty();
		boolean comparison = definition.getKey() != null || definition.getOperator() != null
				|| definition.getValue() != null;
		if (group == comparison || (!definition.getAll().isEmpty() && !definition.getAny().isEmpty())) {
			problems.add(where + ": a condition is either a comparison (key, operator, value) or one group"
					+ " (all or any)");
			return null;
		}
		if (group) {
			boolean all = !definition.getAll().isEmpty();
			List<ConditionDefinition> children = all ? definition.getAll() : definition.getAny();
			List<Condition> conditions = new ArrayList<>();
			for (int i = 0; i < children.size(); i++) {
				Condition child = condition(children.get(i), where + (all ? ".all[" : ".any[") + i + "]", mapper,
						problems);
				if (child != null) {
					conditions.add(child);
				}
			}
			if (conditions.size() != children.size()) {
				return null;
			}
			return all ? new Condition.AllOf(conditions) : new Condition.AnyOf(conditions);
		}
		int before = problems.size();
		if (definition.getKey() == null) {
			problems.add(where + ".key: missing");
		}
		else {
			try {
				StateKeys.validate(definition.getKey());
			}
			catch (RuntimeException ex) {
				problems.add(where + ".key: " + ex.getMessage());
			}
		}
		if (definition.getOperator() == null) {
			problems.add(where + ".operator: missing; one of EQ, NE, GT, GE, LT, LE");
		}
		if (definition.getValue() == null) {
			problems.add(where + ".value: missing");
		}
		if (problems.size() > before) {
			return null;
		}
		JsonNode value = constant(definition.getValue(), mapper);
		if (definition.getOperator().isOrdering() && !value.isNumber()) {
			problems.add(where + ".value: " + definition.getOperator() + " compares numbers, got '"
					+ definition.getValue() + "'");
			return null;
		}
		return new Condition.Comparison(definition.getKey(), definition.getOperator(), value);
	}

	private static JsonNode constant(String text, JsonMapper mapper) {
		try {
			JsonNode parsed = mapper.readTree(text);
			if (parsed != null && (parsed.isNumber() || parsed.isBoolean() || parsed.isString())) {
				return parsed;
			}
		}
		catch (RuntimeException ex) {
			// not a JSON literal: a plain string
		}
		return JsonNodeFactory.instance.stringNode(text);
	}

	private static @Nullable String checkId(@Nullable String id, String where, String what, List<String> problems) {
		if (id == null || id.isBlank()) {
			problems.add(where + ": missing; every " + what + " needs an id");
			return null;
		}
		if (!ID.matcher(id).matches()) {
			problems.add(where + ": '" + id + "' is not a valid " + what
					+ " id (letters, digits, '_' and '-'; it becomes part of state keys)");
			return null;
		}
		return id;
	}

	private static List<String> types(AdapterRegistry registry) {
		return registry.providers().stream().map(AdapterProvider::type).toList();
	}

	/**
	 * An instance's configuration with its adapter.
	 *
	 * @param config the configuration
	 * @param adapter the adapter, not connected
	 * @param enabled whether the instance is enabled
	 * @param watchdogTimeout its watchdog timeout
	 */
	public record ConfiguredInstance(AdapterConfig config, Adapter adapter, boolean enabled, Duration watchdogTimeout) {

	}

}
