package dev.library.state;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

import org.springframework.util.Assert;

/**
 * A value held under a key.
 * <p>
 * The {@code value} node is shared with the store: treat it as immutable.
 *
 * @param key the key, a dotted path such as {@code plant.tank1.level}
 * @param value the value, any JSON
 * @param version the version of the key: 1 for its first write, then one more for each
 * change (put or delete) of the key, never reused, even after a delete (see
 * {@link StateStore})
 * @param timestamp when the value was written
 * @param source who wrote it: an adapter id, a user, an API client
 * @param quality how far the value can be trusted
 * @author Library
 */
public record StateValue(String key, JsonNode value, long version, Instant timestamp, String source, Quality quality) {

	public StateValue {
		Assert.notNull(key, "'key' must not be null");
		Assert.notNull(value, "'value' must not be null");
		Assert.isTrue(version > 0, "'version' must be positive");
		Assert.notNull(timestamp, "'timestamp' must not be null");
		Assert.notNull(source, "'source' must not be null");
		Assert.notNull(quality, "'quality' must not be null");
	}

}
