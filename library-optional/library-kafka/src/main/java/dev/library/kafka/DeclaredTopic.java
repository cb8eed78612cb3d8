package dev.library.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.jspecify.annotations.Nullable;

/**
 * A topic as the configuration declares it.
 *
 * @param name the name
 * @param partitions the number of partitions
 * @param replicationFactor the replication factor, or {@code null} for the broker's
 * default
 * @param retention how long records are kept, or {@code null} for the broker's default
 * @param cleanupPolicy the cleanup policy, or {@code null} for the broker's default
 * @author Library
 */
public record DeclaredTopic(String name, int partitions, @Nullable Short replicationFactor,
		@Nullable Duration retention, @Nullable String cleanupPolicy) {

	/**
	 * Return the topic configuration the declaration sets.
	 * @return {@code retention.ms} and {@code cleanup.policy}, when declared
	 */
	public Map<String, String> configs() {
		Map<String, String> configs = new HashMap<>();
		if (this.retention != null) {
			configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(this.retention.toMillis()));
		}
		if (this.cleanupPolicy != null) {
			configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, this.cleanupPolicy);
		}
		return configs;
	}

	NewTopic toNewTopic() {
		return new NewTopic(this.name, Optional.of(this.partitions), Optional.ofNullable(this.replicationFactor))
			.configs(configs());
	}

}
