package dev.library.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jspecify.annotations.Nullable;

/**
 * Checks the declared topics against the broker through the admin client, creates the
 * missing ones, reports the differences (drift), the cluster and the consumer group's
 * lag. Every method blocks, bounded by the operation timeout.
 *
 * @author Library
 */
public class TopicAdministrator implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(TopicAdministrator.class);

	private final Admin admin;

	private final List<DeclaredTopic> declared;

	private final Duration timeout;

	private volatile List<TopicReport> lastCheck = List.of();

	/**
	 * Create an administrator.
	 * @param admin the admin client, closed by {@link #close()}
	 * @param declared the declared topics
	 * @param timeout how long one admin call may take
	 */
	public TopicAdministrator(Admin admin, List<DeclaredTopic> declared, Duration timeout) {
		this.admin = admin;
		this.declared = List.copyOf(declared);
		this.timeout = timeout;
	}

	/**
	 * Create the declared topics that do not exist, then check them all and log every
	 * drift. Blocks.
	 * @param create whether missing topics are created
	 * @return the reports of the declared topics
	 */
	public List<TopicReport> createOrCheck(boolean create) {
		if (create && !this.declared.isEmpty()) {
			Set<String> existing = get(this.admin.listTopics().names());
			List<NewTopic> missing = this.declared.stream()
				.filter((topic) -> !existing.contains(topic.name()))
				.map(DeclaredTopic::toNewTopic)
				.toList();
			if (!missing.isEmpty()) {
				try {
					get(this.admin.createTopics(missing).all());
					logger.info("Created Kafka topics "
							+ missing.stream().map(NewTopic::name).collect(Collectors.joining(", ")));
				}
				catch (IllegalStateException ex) {
					if (!(ex.getCause() instanceof TopicExistsException)) {
						throw ex;
					}
				}
			}
		}
		List<TopicReport> reports = topics().stream().filter(TopicReport::declared).toList();
		for (TopicReport report : reports) {
			if (!report.drift().isEmpty()) {
				logger.warn("Kafka topic " + report.name() + " differs from its declaration: "
						+ String.join("; ", report.drift()));
			}
		}
		this.lastCheck = reports;
		return reports;
	}

	/**
	 * Return the declared topics and the other topics of the cluster (internal ones left
	 * out), with their partitions, replication, configuration and drift. Blocks.
	 * @return the topics, sorted by name
	 */
	public List<TopicReport> topics() {
		Set<String> names = new TreeSet<>(get(this.admin.listTopics().names()));
		Map<String, DeclaredTopic> declared = new LinkedHashMap<>();
		this.declared.forEach((topic) -> declared.put(topic.name(), topic));
		Map<String, TopicDescription> descriptions = names.isEmpty() ? Map.of()
				: get(this.admin.describeTopics(names).allTopicNames());
		Map<String, Map<String, String>> configs = configs(names);
		Set<String> all = new TreeSet<>(names);
		all.addAll(declared.keySet());
		List<TopicReport> reports = new ArrayList<>();
		for (String name : all) {
			DeclaredTopic declaration = declared.get(name);
			TopicDescription description = descriptions.get(name);
			Map<String, String> config = configs.getOrDefault(name, Map.of());
			reports.add(report(name, declaration, description, config));
		}
		return reports;
	}

	/**
	 * Return the reports of the declared topics made at the last
	 * {@link #createOrCheck(boolean)}.
	 * @return the reports
	 */
	public List<TopicReport> lastCheck() {
		return this.lastCheck;
	}

	/**
	 * Describe the cluster. Blocks.
	 * @return the cluster id and the number of brokers
	 */
	public ClusterView cluster() {
		DescribeClusterResult cluster = this.admin.describeCluster();
		return new ClusterView(get(cluster.clusterId()), get(cluster.nodes()).size());
	}

	/**
	 * Return the lag of a consumer group on a topic: per partition, the records between
	 * its committed offset and the end. Blocks.
	 * @param groupId the group
	 * @param topic the topic
	 * @return the lag per partition, a partition with no committed offset counting from
	 * its beginning
	 */
	public Map<Integer, Long> lag(String groupId, String topic) {
		Map<TopicPartition, OffsetAndMetadata> committed = get(
				this.admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata());
		Set<String> existing = get(this.admin.listTopics().names());
		if (!existing.contains(topic)) {
			return Map.of();
		}
		TopicDescription description = get(this.admin.describeTopics(List.of(topic)).allTopicNames()).get(topic);
		Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
		Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
		description.partitions().forEach((partition) -> {
			TopicPartition tp = new TopicPartition(topic, partition.partition());
			latest.put(tp, OffsetSpec.latest());
			earliest.put(tp, OffsetSpec.earliest());
		});
		Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = get(this.admin.listOffsets(latest).all());
		Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = get(
				this.admin.listOffsets(earliest).all());
		Map<Integer, Long> lag = new TreeMap<>();
		ends.forEach((partition, end) -> {
			OffsetAndMetadata offset = committed.get(partition);
			long from = (offset != null) ? offset.offset() : starts.get(partition).offset();
			lag.put(partition.partition(), Math.max(0, end.offset() - from));
		});
		return lag;
	}

	@Override
	public void close() {
		this.admin.close(this.timeout);
	}

	private Map<String, Map<String, String>> configs(Collection<String> names) {
		if (names.isEmpty()) {
			return Map.of();
		}
		List<ConfigResource> resources = names.stream()
			.map((name) -> new ConfigResource(ConfigResource.Type.TOPIC, name))
			.toList();
		Map<ConfigResource, Config> described = get(this.admin.describeConfigs(resources).all());
		Map<String, Map<String, String>> configs = new HashMap<>();
		described.forEach((resource, config) -> {
			Map<String, String> values = new TreeMap<>();
			for (ConfigEntry entry : config.entries()) {
				if (entry.name().equals("retention.ms") || entry.name().equals("cleanup.policy")) {
					values.put(entry.name(), entry.value());
				}
			}
			configs.put(resource.name(), values);
		});
		return configs;
	}

	private static TopicReport report(String name, @Nullable DeclaredTopic declaration,
			@Nullable TopicDescription description, Map<String, String> config) {
		Integer partitions = (description != null) ? description.partitions().size() : null;
		Integer replication = (description != null && !description.partitions().isEmpty())
				? description.partitions().get(0).replicas().size() : null;
		List<String> drift = new ArrayList<>();
		if (declaration != null) {
			if (description == null) {
				drift.add("missing on the broker");
			}
			else {
				if (partitions != null && partitions != declaration.partitions()) {
					drift.add("partitions: declared " + declaration.partitions() + ", actual " + partitions);
				}
				if (declaration.replicationFactor() != null && replication != null
						&& replication.intValue() != declaration.replicationFactor()) {
					drift.add("replication factor: declared " + declaration.replicationFactor() + ", actual "
							+ replication);
				}
				declaration.configs().forEach((key, value) -> {
					if (!value.equals(config.get(key))) {
						drift.add(key + ": declared " + value + ", actual " + config.get(key));
					}
				});
			}
		}
		return new TopicReport(name, declaration != null, description != null, partitions, replication, config, drift);
	}

	private <T> T get(KafkaFuture<T> future) {
		try {
			return future.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the Kafka admin client", ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Kafka admin call failed: " + reason(ex.getCause()), ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("Kafka admin call not answered within " + this.timeout, ex);
		}
	}

	// The client's message and its root cause's: "SSL handshake failed" alone does not
	// say that the broker's certificate is not trusted
	private static String reason(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return (root != failure) ? failure.getMessage() + " (" + root.getMessage() + ")" : failure.getMessage();
	}

	/**
	 * A topic, declared or found on the broker.
	 *
	 * @param name the name
	 * @param declared whether the configuration declares it
	 * @param exists whether it exists on the broker
	 * @param partitions its number of partitions, or {@code null} when it does not exist
	 * @param replicationFactor its replication factor, or {@code null} when it does not
	 * exist
	 * @param config its {@code retention.ms} and {@code cleanup.policy}
	 * @param drift the differences between the declaration and the broker, empty when
	 * none
	 */
	public record TopicReport(String name, boolean declared, boolean exists, @Nullable Integer partitions,
			@Nullable Integer replicationFactor, Map<String, String> config, List<String> drift) {

	}

	/**
	 * The cluster.
	 *
	 * @param clusterId its id
	 * @param brokers how many brokers it has
	 */
	public record ClusterView(String clusterId, int brokers) {

	}

}
