package dev.library.observability.alarm;

import java.time.Instant;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A snapshot of one alarm: what {@code GET /alarms/{id}} returns and what is persisted.
 *
 * @param id {@code <definition>.<key>}
 * @param definition the definition's name
 * @param key the state key
 * @param type the condition type
 * @param severity how urgent it is
 * @param area the plant area, or {@code null}
 * @param tags the definition's tags
 * @param state the life cycle state
 * @param active whether the condition is active (after the on and off delays)
 * @param message the message rendered with the latest value
 * @param value the latest value of the key, or {@code null}
 * @param activeSince when the condition last became active, or {@code null}
 * @param acknowledgedBy who acknowledged the current activation, or {@code null}
 * @param acknowledgedAt when, or {@code null}
 * @param shelvedBy who shelved the alarm, or {@code null}
 * @param shelvedUntil when the shelve expires, or {@code null} if not shelved
 * @param suppressed whether the design condition holds
 * @param outOfService whether the alarm is out of service
 * @param changedAt when the state last changed
 * @author Library
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Alarm(String id, String definition, String key, AlarmConditionType type, AlarmSeverity severity,
		@Nullable String area, Set<String> tags, AlarmState state, boolean active, String message,
		@Nullable JsonNode value, @Nullable Instant activeSince, @Nullable String acknowledgedBy,
		@Nullable Instant acknowledgedAt, @Nullable String shelvedBy, @Nullable Instant shelvedUntil,
		boolean suppressed, boolean outOfService, Instant changedAt) {

}
