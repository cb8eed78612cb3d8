package dev.library.observability.alarm;

import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * One alarm rule on a state key or a key pattern. A pattern uses {@code *} for exactly
 * one segment, such as {@code plant.*.temperature}; each key it matches has its own
 * alarm, whose id is {@code <name>.<key>}.
 *
 * @param name unique name: lower-case letters, digits and '-'
 * @param key the key or key pattern
 * @param type what to watch for
 * @param limit the limit of a {@linkplain AlarmConditionType#isLimit() limit} condition
 * @param deadband how far back past the limit the value must go to clear, 0 or more
 * @param value the value of a {@linkplain AlarmConditionType#isDiscrete() discrete}
 * condition, compared with the value's text
 * @param onDelay how long the condition must hold before the alarm becomes active
 * @param offDelay how long the condition must be clear before the alarm clears
 * @param staleAfter for {@link AlarmConditionType#STALE}: the longest time without an
 * update
 * @param ratePeriod for {@link AlarmConditionType#RATE_OF_CHANGE}: the period the limit
 * is a change per, such as one minute for a limit in units per minute
 * @param severity how urgent the alarm is
 * @param message the message template: {@code {name}}, {@code {key}}, {@code {value}},
 * {@code {unit}}, {@code {limit}}, {@code {severity}} and {@code {area}} are replaced
 * @param unit the unit of the value shown in messages, or {@code null}
 * @param tags free tags for filtering
 * @param area the plant area the alarm belongs to, or {@code null}
 * @param suppressedWhen the design condition that suppresses the alarm, or {@code null}
 * @author Library
 */
public record AlarmDefinition(String name, String key, AlarmConditionType type, @Nullable Double limit, double deadband,
		@Nullable String value, Duration onDelay, Duration offDelay, @Nullable Duration staleAfter,
		@Nullable Duration ratePeriod, AlarmSeverity severity, String message, @Nullable String unit, Set<String> tags,
		@Nullable String area, @Nullable Suppression suppressedWhen) {

	/**
	 * Pattern of a definition name.
	 */
	public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

	public AlarmDefinition {
		Assert.isTrue(NAME.matcher(name).matches(), "'name' must be 1 to 63 lower-case letters, digits and '-'");
		Assert.hasText(key, "'key' must not be empty");
		Assert.notNull(type, "'type' must not be null");
		Assert.isTrue(!type.isLimit() || limit != null, "A limit condition needs a limit");
		Assert.isTrue(
				type != AlarmConditionType.RATE_OF_CHANGE
						|| (limit != null && limit > 0 && ratePeriod != null && ratePeriod.isPositive()),
				"A rate-of-change condition needs a positive limit and rate period");
		Assert.isTrue(!type.isDiscrete() || value != null, "A discrete condition needs a value");
		Assert.isTrue(type != AlarmConditionType.STALE || (staleAfter != null && staleAfter.isPositive()),
				"A stale condition needs a positive stale-after");
		Assert.isTrue(deadband >= 0, "'deadband' must not be negative");
		Assert.isTrue(!onDelay.isNegative() && !offDelay.isNegative(), "Delays must not be negative");
		Assert.notNull(severity, "'severity' must not be null");
		message = (message == null || message.isBlank()) ? defaultMessage(type) : message;
		tags = Set.copyOf(tags);
	}

	/**
	 * Return the message used when a definition gives none.
	 * @param type the condition type
	 * @return the message template
	 */
	public static String defaultMessage(AlarmConditionType type) {
		return switch (type) {
			case HI, HIHI -> "{key} is {value} {unit}, above {limit}";
			case LO, LOLO -> "{key} is {value} {unit}, below {limit}";
			case EQUALS -> "{key} is {value}";
			case DIFFERS -> "{key} is {value}, not {expected}";
			case RATE_OF_CHANGE ->
				"{key} is changing faster than {limit} {unit} per {rate-period} (now {value} {unit})";
			case STALE -> "{key} has not been updated for {stale-after}";
			case BAD_QUALITY -> "{key} has bad quality";
		};
	}

	/**
	 * Whether the definition applies to a state key: its key, or a key its pattern
	 * matches.
	 * @param stateKey the state key
	 * @return whether alarms of this definition watch the key
	 */
	public boolean appliesTo(String stateKey) {
		return isPattern() ? new KeyPattern(this.key).matches(stateKey) : this.key.equals(stateKey);
	}

	/**
	 * Whether the key is a pattern rather than one key.
	 * @return whether it contains {@code *}
	 */
	public boolean isPattern() {
		return this.key.contains("*");
	}

	/**
	 * A design condition: the alarm is suppressed while another key holds a value.
	 *
	 * @param key the other key
	 * @param equals the value, compared with the key's value text
	 */
	public record Suppression(String key, String equals) {

		public Suppression {
			Assert.hasText(key, "'key' must not be empty");
			Assert.notNull(equals, "'equals' must not be null");
		}

	}

}
