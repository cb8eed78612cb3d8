package dev.library.observability.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import dev.library.observability.alarm.AlarmConditionType;
import dev.library.observability.alarm.AlarmDefinition;
import dev.library.observability.alarm.AlarmSeverity;
import dev.library.observability.alarm.ChatterPolicy;
import dev.library.state.StateKeys;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of the alarms.
 *
 * @author Library
 */
@ConfigurationProperties("library.alarms")
@Validated
public class AlarmProperties {

	private static final Pattern SEGMENT = Pattern.compile(StateKeys.SEGMENT_PATTERN);

	/**
	 * How often on-delays, off-delays, stale data and shelve expiry are evaluated.
	 */
	@DurationMin(millis = 10)
	private Duration evaluationInterval = Duration.ofSeconds(1);

	/**
	 * Longest time an operator may shelve an alarm for.
	 */
	@DurationMin(seconds = 1)
	private Duration maxShelveDuration = Duration.ofHours(8);

	/**
	 * State key prefix under which alarms are kept, so that they survive a restart; their
	 * changes in the event log are the alarm history.
	 */
	private String keyPrefix = "alarms";

	/**
	 * How often an idle alarm stream (GET /alarms/watch) gets a heartbeat comment.
	 */
	@DurationMin(millis = 100)
	private Duration heartbeatInterval = Duration.ofSeconds(15);

	/**
	 * Alarm definitions, each on a state key or key pattern.
	 */
	private List<Definition> definitions = new ArrayList<>();

	/**
	 * When an alarm chatters, and what happens to it then.
	 */
	private final Chatter chatter = new Chatter();

	public Chatter getChatter() {
		return this.chatter;
	}

	ChatterPolicy toChatterPolicy() {
		String prefix = "library.alarms.chatter.";
		if (this.chatter.getMaxActivations() < 0) {
			throw invalid(prefix + "max-activations", this.chatter.getMaxActivations(), "Must not be negative");
		}
		if (this.chatter.getShelveFor().compareTo(this.maxShelveDuration) > 0) {
			throw invalid(prefix + "shelve-for", this.chatter.getShelveFor(),
					"Must not be longer than library.alarms.max-shelve-duration (" + this.maxShelveDuration + ")");
		}
		return new ChatterPolicy(this.chatter.getMaxActivations(), this.chatter.getWindow(),
				this.chatter.getShelveFor());
	}

	public Duration getEvaluationInterval() {
		return this.evaluationInterval;
	}

	public void setEvaluationInterval(Duration evaluationInterval) {
		this.evaluationInterval = evaluationInterval;
	}

	public Duration getMaxShelveDuration() {
		return this.maxShelveDuration;
	}

	public void setMaxShelveDuration(Duration maxShelveDuration) {
		this.maxShelveDuration = maxShelveDuration;
	}

	public String getKeyPrefix() {
		return this.keyPrefix;
	}

	public void setKeyPrefix(String keyPrefix) {
		this.keyPrefix = keyPrefix;
	}

	public Duration getHeartbeatInterval() {
		return this.heartbeatInterval;
	}

	public void setHeartbeatInterval(Duration heartbeatInterval) {
		this.heartbeatInterval = heartbeatInterval;
	}

	public List<Definition> getDefinitions() {
		return this.definitions;
	}

	public void setDefinitions(List<Definition> definitions) {
		this.definitions = definitions;
	}

	/**
	 * Check the definitions and turn them into {@link AlarmDefinition}s.
	 * @return the definitions
	 * @throws InvalidConfigurationPropertyValueException naming the first property in
	 * error and what is wrong with it
	 */
	List<AlarmDefinition> toAlarmDefinitions() {
		String prefix = validKey("library.alarms.key-prefix", this.keyPrefix, false);
		Set<String> names = new HashSet<>();
		List<AlarmDefinition> result = new ArrayList<>();
		for (int i = 0; i < this.definitions.size(); i++) {
			Definition definition = this.definitions.get(i);
			String property = "library.alarms.definitions[" + i + "]";
			String name = definition.getName();
			if (name == null || !AlarmDefinition.NAME.matcher(name).matches()) {
				throw invalid(property + ".name", name, "A name is 1 to 63 lower-case letters, digits and '-'");
			}
			if (!names.add(name)) {
				throw invalid(property + ".name", name, "Another definition has the name '" + name + "'");
			}
			String key = validKey(property + ".key", definition.getKey(), true);
			if (StateKeys.isUnder(key, prefix)) {
				throw invalid(property + ".key", key, "Alarms are kept under '" + prefix + "': watch another key");
			}
			AlarmConditionType type = definition.getType();
			if (type == null) {
				throw invalid(property + ".type", null,
						"A type is needed: hi, hihi, lo, lolo, rate-of-change, equals, differs, stale or bad-quality");
			}
			if (type.isLimit() && definition.getLimit() == null) {
				throw invalid(property + ".limit", null, "A " + type.name().toLowerCase() + " alarm needs a limit");
			}
			Duration ratePeriod = null;
			if (type == AlarmConditionType.RATE_OF_CHANGE) {
				if (definition.getLimit() == null || definition.getLimit() <= 0) {
					throw invalid(property + ".limit", definition.getLimit(),
							"A rate-of-change alarm needs a positive limit: the change per rate-period");
				}
				ratePeriod = definition.getRatePeriod();
				if (ratePeriod == null || !ratePeriod.isPositive()) {
					throw invalid(property + ".rate-period", ratePeriod, "A rate period must be positive");
				}
			}
			if (type.isDiscrete() && definition.getValue() == null) {
				throw invalid(property + ".value", null,
						"An " + type.name().toLowerCase() + " alarm needs the value to compare with");
			}
			Duration staleAfter = definition.getStaleAfter();
			if (type == AlarmConditionType.STALE && (staleAfter == null || !staleAfter.isPositive())) {
				throw invalid(property + ".stale-after", staleAfter, "A stale alarm needs a positive stale-after");
			}
			if (definition.getDeadband() < 0) {
				throw invalid(property + ".deadband", definition.getDeadband(), "A deadband must not be negative");
			}
			if (definition.getOnDelay().isNegative()) {
				throw invalid(property + ".on-delay", definition.getOnDelay(), "A delay must not be negative");
			}
			if (definition.getOffDelay().isNegative()) {
				throw invalid(property + ".off-delay", definition.getOffDelay(), "A delay must not be negative");
			}
			AlarmDefinition.Suppression suppression = null;
			SuppressedWhen suppressedWhen = definition.getSuppressedWhen();
			if (suppressedWhen != null && (suppressedWhen.getKey() != null || suppressedWhen.getEquals() != null)) {
				String suppressionKey = validKey(property + ".suppressed-when.key", suppressedWhen.getKey(), false);
				if (suppressedWhen.getEquals() == null) {
					throw invalid(property + ".suppressed-when.equals", null,
							"A design suppression needs the value that suppresses the alarm");
				}
				suppression = new AlarmDefinition.Suppression(suppressionKey, suppressedWhen.getEquals());
			}
			result.add(new AlarmDefinition(name, key, type, definition.getLimit(), definition.getDeadband(),
					definition.getValue(), definition.getOnDelay(), definition.getOffDelay(), staleAfter, ratePeriod,
					definition.getSeverity(), (definition.getMessage() != null) ? definition.getMessage() : "",
					definition.getUnit(), new LinkedHashSet<>(definition.getTags()), definition.getArea(),
					suppression));
		}
		return result;
	}

	private static String validKey(String property, @Nullable String key, boolean patternAllowed) {
		if (key == null || key.isEmpty()) {
			throw invalid(property, key, "A state key is needed");
		}
		if (key.length() > StateKeys.MAX_LENGTH) {
			throw invalid(property, key, "A key is at most " + StateKeys.MAX_LENGTH + " characters");
		}
		for (String segment : key.split("\\.", -1)) {
			boolean wildcard = patternAllowed && "*".equals(segment);
			if (!wildcard && !SEGMENT.matcher(segment).matches()) {
				throw invalid(property, key, "Keys are dot-separated segments of letters, digits, '_' and '-'"
						+ (patternAllowed ? ", or '*' for any one segment" : ""));
			}
		}
		return key;
	}

	private static InvalidConfigurationPropertyValueException invalid(String property, @Nullable Object value,
			String reason) {
		return new InvalidConfigurationPropertyValueException(property, value, reason);
	}

	/**
	 * Chatter handling: an alarm that becomes active more than max-activations times
	 * within the window is shelved by the system for shelve-for, and reported once.
	 */
	public static class Chatter {

		/**
		 * Activations allowed within the window before an alarm counts as chattering; 0
		 * turns chatter handling off.
		 */
		private int maxActivations = 5;

		/**
		 * Sliding window activations are counted in.
		 */
		@DurationMin(millis = 1)
		private Duration window = Duration.ofMinutes(1);

		/**
		 * How long a chattering alarm is shelved; at most max-shelve-duration.
		 */
		@DurationMin(millis = 1)
		private Duration shelveFor = Duration.ofMinutes(15);

		public int getMaxActivations() {
			return this.maxActivations;
		}

		public void setMaxActivations(int maxActivations) {
			this.maxActivations = maxActivations;
		}

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

		public Duration getShelveFor() {
			return this.shelveFor;
		}

		public void setShelveFor(Duration shelveFor) {
			this.shelveFor = shelveFor;
		}

	}

	/**
	 * One alarm definition.
	 */
	public static class Definition {

		/**
		 * Unique name: lower-case letters, digits and '-'. An alarm's id is the name, a
		 * dot and the key.
		 */
		private @Nullable String name;

		/**
		 * State key, or key pattern with '*' for any one segment (such as
		 * plant.*.temperature).
		 */
		private @Nullable String key;

		/**
		 * Condition: hi, hihi, lo, lolo, rate-of-change, equals, differs, stale or
		 * bad-quality.
		 */
		private @Nullable AlarmConditionType type;

		/**
		 * Limit of a hi, hihi, lo or lolo condition; for rate-of-change, the largest
		 * change (either way) per rate-period.
		 */
		private @Nullable Double limit;

		/**
		 * How far back past the limit the value must go for the condition to clear.
		 */
		private double deadband;

		/**
		 * Value of an equals or differs condition, compared with the value's text.
		 */
		private @Nullable String value;

		/**
		 * How long the condition must hold before the alarm becomes active.
		 */
		private Duration onDelay = Duration.ZERO;

		/**
		 * How long the condition must be clear before the alarm clears.
		 */
		private Duration offDelay = Duration.ZERO;

		/**
		 * Longest time without an update before a stale condition is met.
		 */
		private @Nullable Duration staleAfter;

		/**
		 * Period a rate-of-change limit is a change per.
		 */
		@DurationMin(millis = 1)
		private Duration ratePeriod = Duration.ofMinutes(1);

		/**
		 * Severity: critical, major, minor or warning.
		 */
		private AlarmSeverity severity = AlarmSeverity.WARNING;

		/**
		 * Message template; {name}, {key}, {value}, {unit}, {limit}, {expected},
		 * {stale-after}, {rate-period}, {severity} and {area} are replaced.
		 */
		private @Nullable String message;

		/**
		 * Unit of the value, shown in messages.
		 */
		private @Nullable String unit;

		/**
		 * Free tags, for filtering.
		 */
		private List<String> tags = new ArrayList<>();

		/**
		 * Plant area the alarm belongs to.
		 */
		private @Nullable String area;

		/**
		 * Design condition that suppresses the alarm.
		 */
		private @Nullable SuppressedWhen suppressedWhen;

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name;
		}

		public @Nullable String getKey() {
			return this.key;
		}

		public void setKey(@Nullable String key) {
			this.key = key;
		}

		public @Nullable AlarmConditionType getType() {
			return this.type;
		}

		public void setType(@Nullable AlarmConditionType type) {
			this.type = type;
		}

		public @Nullable Double getLimit() {
			return this.limit;
		}

		public void setLimit(@Nullable Double limit) {
			this.limit = limit;
		}

		public double getDeadband() {
			return this.deadband;
		}

		public void setDeadband(double deadband) {
			this.deadband = deadband;
		}

		public @Nullable String getValue() {
			return this.value;
		}

		public void setValue(@Nullable String value) {
			this.value = value;
		}

		public Duration getOnDelay() {
			return this.onDelay;
		}

		public void setOnDelay(Duration onDelay) {
			this.onDelay = onDelay;
		}

		public Duration getOffDelay() {
			return this.offDelay;
		}

		public void setOffDelay(Duration offDelay) {
			this.offDelay = offDelay;
		}

		public @Nullable Duration getStaleAfter() {
			return this.staleAfter;
		}

		public void setStaleAfter(@Nullable Duration staleAfter) {
			this.staleAfter = staleAfter;
		}

		public Duration getRatePeriod() {
			return this.ratePeriod;
		}

		public void setRatePeriod(Duration ratePeriod) {
			this.ratePeriod = ratePeriod;
		}

		public AlarmSeverity getSeverity() {
			return this.severity;
		}

		public void setSeverity(AlarmSeverity severity) {
			this.severity = severity;
		}

		public @Nullable String getMessage() {
			return this.message;
		}

		public void setMessage(@Nullable String message) {
			this.message = message;
		}

		public @Nullable String getUnit() {
			return this.unit;
		}

		public void setUnit(@Nullable String unit) {
			this.unit = unit;
		}

		public List<String> getTags() {
			return this.tags;
		}

		public void setTags(List<String> tags) {
			this.tags = tags;
		}

		public @Nullable String getArea() {
			return this.area;
		}

		public void setArea(@Nullable String area) {
			this.area = area;
		}

		public @Nullable SuppressedWhen getSuppressedWhen() {
			return this.suppressedWhen;
		}

		public void setSuppressedWhen(@Nullable SuppressedWhen suppressedWhen) {
			this.suppressedWhen = suppressedWhen;
		}

	}

	/**
	 * A design condition: the alarm is suppressed while another key holds a value.
	 */
	public static class SuppressedWhen {

		/**
		 * Key whose value suppresses the alarm.
		 */
		private @Nullable String key;

		/**
		 * Value of that key, compared with its text, that suppresses the alarm.
		 */
		private @Nullable String equals;

		public @Nullable String getKey() {
			return this.key;
		}

		public void setKey(@Nullable String key) {
			this.key = key;
		}

		public @Nullable String getEquals() {
			return this.equals;
		}

		public void setEquals(@Nullable String equals) {
			this.equals = equals;
		}

	}

}
