package dev.library.state;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.util.Assert;

/**
 * One change of one key, as watchers receive it and as the event log keeps it. A change
 * replayed from the event log is equal to the one delivered live.
 *
 * @param sequence the position of the change in the store's history: global, strictly
 * increasing, and the SSE event id of {@code GET /state/watch}
 * @param type whether the key was written or deleted
 * @param key the key
 * @param version the key's version after the change; a delete takes a version too
 * @param timestamp when the change was made
 * @param source who made it
 * @param quality the quality of the value written; {@code null} for a delete
 * @param value the value written; {@code null} for a delete
 * @param created whether a put created the key (it did not exist, or had been deleted)
 * @author Library
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StateChange(long sequence, Type type, String key, long version, Instant timestamp, String source,
		@Nullable Quality quality, @Nullable JsonNode value, boolean created) {

	public StateChange {
		Assert.isTrue(sequence > 0, "'sequence' must be positive");
		Assert.notNull(type, "'type' must not be null");
		Assert.notNull(key, "'key' must not be null");
		Assert.isTrue(version > 0, "'version' must be positive");
		Assert.notNull(timestamp, "'timestamp' must not be null");
		Assert.notNull(source, "'source' must not be null");
		Assert.isTrue((type == Type.PUT) == (value != null && quality != null),
				"A put has a value and a quality, a delete has neither");
	}

	/**
	 * Return the value a put wrote.
	 * @return the value
	 * @throws IllegalStateException if this change is a delete
	 */
	public StateValue toValue() {
		if (this.type != Type.PUT || this.value == null || this.quality == null) {
			throw new IllegalStateException("Change " + this.sequence + " deleted key '" + this.key + "'");
		}
		return new StateValue(this.key, this.value, this.version, this.timestamp, this.source, this.quality);
	}

	/**
	 * Kind of change.
	 */
	public enum Type {

		/**
		 * The key was written.
		 */
		PUT,

		/**
		 * The key was deleted.
		 */
		DELETE

	}

}
