package dev.library.adapters.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.library.adapters.interlock.Operator;
import dev.library.adapters.spi.Access;
import dev.library.adapters.spi.DataType;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of adapters, devices, commands and interlocks ({@code library.adapters}).
 *
 * @author Library
 */
@ConfigurationProperties("library.adapters")
public class AdaptersProperties {

	/**
	 * Adapter instances, each connecting the platform to a bus or devices: id, type,
	 * enabled, settings, watchdog-timeout and devices with their points (see
	 * docs/configuration.md). Instances added, changed or removed in the watched
	 * configuration file take effect on reload, without a restart.
	 */
	private List<Instance> instances = new ArrayList<>();

	/**
	 * Interlocks: conditions on state keys that an output needs to leave its safe state:
	 * id, output (device.point), description and a condition (see docs/configuration.md).
	 * Rebuilt on a reload of the watched configuration file.
	 */
	private List<InterlockDefinition> interlocks = new ArrayList<>();

	/**
	 * Longest time a command waits to be confirmed by its adapter before it is TIMED_OUT.
	 */
	private Duration commandTimeout = Duration.ofSeconds(5);

	/**
	 * Longest time each adapter instance may take on shutdown to drive its outputs to
	 * their safe state and close its connection.
	 */
	private Duration stopTimeout = Duration.ofSeconds(5);

	private final Reconnect reconnect = new Reconnect();

	private final Audit audit = new Audit();

	public List<Instance> getInstances() {
		return this.instances;
	}

	public void setInstances(List<Instance> instances) {
		this.instances = instances;
	}

	public List<InterlockDefinition> getInterlocks() {
		return this.interlocks;
	}

	public void setInterlocks(List<InterlockDefinition> interlocks) {
		this.interlocks = interlocks;
	}

	public Duration getCommandTimeout() {
		return this.commandTimeout;
	}

	public void setCommandTimeout(Duration commandTimeout) {
		this.commandTimeout = commandTimeout;
	}

	public Duration getStopTimeout() {
		return this.stopTimeout;
	}

	public void setStopTimeout(Duration stopTimeout) {
		this.stopTimeout = stopTimeout;
	}

	public Reconnect getReconnect() {
		return this.reconnect;
	}

	public Audit getAudit() {
		return this.audit;
	}

	/**
	 * Back-off between connection attempts.
	 */
	public static class Reconnect {

		/**
		 * Delay before the first reconnection attempt.
		 */
		private Duration initialDelay = Duration.ofSeconds(1);

		/**
		 * Longest delay between reconnection attempts.
		 */
		private Duration maxDelay = Duration.ofMinutes(1);

		/**
		 * Growth of the delay after each failed attempt.
		 */
		private double multiplier = 2.0;

		/**
		 * Share of each delay, from 0 to 1, taken off at random so that instances do not
		 * retry in step.
		 */
		private double jitter = 0.5;

		public Duration getInitialDelay() {
			return this.initialDelay;
		}

		public void setInitialDelay(Duration initialDelay) {
			this.initialDelay = initialDelay;
		}

		public Duration getMaxDelay() {
			return this.maxDelay;
		}

		public void setMaxDelay(Duration maxDelay) {
			this.maxDelay = maxDelay;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public double getJitter() {
			return this.jitter;
		}

		public void setJitter(double jitter) {
			this.jitter = jitter;
		}

	}

	/**
	 * Audit trail of commands.
	 */
	public static class Audit {

		/**
		 * File of the audit trail, one JSON line per change of a command; by default
		 * adapters/commands.jsonl under library.state.data-dir.
		 */
		private @Nullable String file;

		/**
		 * Number of commands the audit trail keeps.
		 */
		private int maxEntries = 10_000;

		public @Nullable String getFile() {
			return this.file;
		}

		public void setFile(@Nullable String file) {
			this.file = file;
		}

		public int getMaxEntries() {
			return this.maxEntries;
		}

		public void setMaxEntries(int maxEntries) {
			this.maxEntries = maxEntries;
		}

	}

	/**
	 * An adapter instance.
	 */
	public static class Instance {

		private @Nullable String id;

		private @Nullable String type;

		private boolean enabled = true;

		private Map<String, String> settings = new LinkedHashMap<>();

		private Duration watchdogTimeout = Duration.ofSeconds(5);

		private List<Device> devices = new ArrayList<>();

		public @Nullable String getId() {
			return this.id;
		}

		public void setId(@Nullable String id) {
			this.id = id;
		}

		public @Nullable String getType() {
			return this.type;
		}

		public void setType(@Nullable String type) {
			this.type = type;
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Map<String, String> getSettings() {
			return this.settings;
		}

		public void setSettings(Map<String, String> settings) {
			this.settings = settings;
		}

		public Duration getWatchdogTimeout() {
			return this.watchdogTimeout;
		}

		public void setWatchdogTimeout(Duration watchdogTimeout) {
			this.watchdogTimeout = watchdogTimeout;
		}

		public List<Device> getDevices() {
			return this.devices;
		}

		public void setDevices(List<Device> devices) {
			this.devices = devices;
		}

	}

	/**
	 * A device of an instance.
	 */
	public static class Device {

		private @Nullable String id;

		private String description = "";

		private List<Point> points = new ArrayList<>();

		public @Nullable String getId() {
			return this.id;
		}

		public void setId(@Nullable String id) {
			this.id = id;
		}

		public String getDescription() {
			return this.description;
		}

		public void setDescription(String description) {
			this.description = description;
		}

		public List<Point> getPoints() {
			return this.points;
		}

		public void setPoints(List<Point> points) {
			this.points = points;
		}

	}

	/**
	 * A point of a device.
	 */
	public static class Point {

		private @Nullable String name;

		private @Nullable String address;

		private DataType dataType = DataType.FLOAT;

		private String unit = "";

		private @Nullable Double minimum;

		private @Nullable Double maximum;

		private Access access = Access.READ;

		private @Nullable Duration pollInterval;

		private double scale = 1.0;

		private double offset = 0.0;

		private @Nullable String stateKey;

		private @Nullable String safeValue;

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name;
		}

		public @Nullable String getAddress() {
			return this.address;
		}

		public void setAddress(@Nullable String address) {
			this.address = address;
		}

		public DataType getDataType() {
			return this.dataType;
		}

		public void setDataType(DataType dataType) {
			this.dataType = dataType;
		}

		public String getUnit() {
			return this.unit;
		}

		public void setUnit(String unit) {
			this.unit = unit;
		}

		public @Nullable Double getMinimum() {
			return this.minimum;
		}

		public void setMinimum(@Nullable Double minimum) {
			this.minimum = minimum;
		}

		public @Nullable Double getMaximum() {
			return this.maximum;
		}

		public void setMaximum(@Nullable Double maximum) {
			this.maximum = maximum;
		}

		public Access getAccess() {
			return this.access;
		}

		public void setAccess(Access access) {
			this.access = access;
		}

		public @Nullable Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(@Nullable Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

		public double getScale() {
			return this.scale;
		}

		public void setScale(double scale) {
			this.scale = scale;
		}

		public double getOffset() {
			return this.offset;
		}

		public void setOffset(double offset) {
			this.offset = offset;
		}

		public @Nullable String getStateKey() {
			return this.stateKey;
		}

		public void setStateKey(@Nullable String stateKey) {
			this.stateKey = stateKey;
		}

		public @Nullable String getSafeValue() {
			return this.safeValue;
		}

		public void setSafeValue(@Nullable String safeValue) {
			this.safeValue = safeValue;
		}

	}

	/**
	 * An interlock.
	 */
	public static class InterlockDefinition {

		private @Nullable String id;

		private @Nullable String output;

		private String description = "";

		private @Nullable ConditionDefinition when;

		public @Nullable String getId() {
			return this.id;
		}

		public void setId(@Nullable String id) {
			this.id = id;
		}

		public @Nullable String getOutput() {
			return this.output;
		}

		public void setOutput(@Nullable String output) {
			this.output = output;
		}

		public String getDescription() {
			return this.description;
		}

		public void setDescription(String description) {
			this.description = description;
		}

		public @Nullable ConditionDefinition getWhen() {
			return this.when;
		}

		public void setWhen(@Nullable ConditionDefinition when) {
			this.when = when;
		}

	}

	/**
	 * A condition: either a comparison (key, operator, value) or a group (all or any).
	 */
	public static class ConditionDefinition {

		private @Nullable String key;

		private @Nullable Operator operator;

		private @Nullable String value;

		private List<ConditionDefinition> all = new ArrayList<>();

		private List<ConditionDefinition> any = new ArrayList<>();

		public @Nullable String getKey() {
			return this.key;
		}

		public void setKey(@Nullable String key) {
			this.key = key;
		}

		public @Nullable Operator getOperator() {
			return this.operator;
		}

		public void setOperator(@Nullable Operator operator) {
			this.operator = operator;
		}

		public @Nullable String getValue() {
			return this.value;
		}

		public void setValue(@Nullable String value) {
			this.value = value;
		}

		public List<ConditionDefinition> getAll() {
			return this.all;
		}

		public void setAll(List<ConditionDefinition> all) {
			this.all = all;
		}

		public List<ConditionDefinition> getAny() {
			return this.any;
		}

		public void setAny(List<ConditionDefinition> any) {
			this.any = any;
		}

	}

}
