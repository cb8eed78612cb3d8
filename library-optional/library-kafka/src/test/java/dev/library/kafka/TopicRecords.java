package dev.library.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from the beginning, as a consumer of the published changes would, for the
 * tests that check what reached the broker.
 *
 * @author Library
 */
final class TopicRecords {

	private TopicRecords() {
	}

	/**
	 * Read the records of every partition of a topic whose key starts with a prefix,
	 * until the expected number arrived or the timeout passed, then a second more: a
	 * record beyond the expected number is a duplicate the caller can see.
	 * @param bootstrapServers the broker
	 * @param topic the topic
	 * @param keyPrefix the keys of the records wanted
	 * @param expected how many records are expected
	 * @param timeout how long to wait for them
	 * @return the records, in partition order
	 */
	static List<ConsumerRecord<String, byte[]>> consume(String bootstrapServers, String topic, String keyPrefix,
			int expected, Duration timeout) {
		try (KafkaConsumer<String, byte[]> consumer = fromBeginning(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), topic)) {
			List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
			long deadline = System.nanoTime() + timeout.toNanos();
			while (records.size() < expected && System.nanoTime() < deadline) {
				poll(consumer, keyPrefix, records);
			}
			for (int i = 0; i < 5; i++) {
				poll(consumer, keyPrefix, records);
			}
			return records;
		}
	}

	/**
	 * Open a consumer of its own group on every partition of a topic, at the beginning.
	 * @param settings the client settings (bootstrap servers, TLS)
	 * @param topic the topic
	 * @return the consumer, to close
	 */
	static KafkaConsumer<String, byte[]> fromBeginning(Map<String, Object> settings, String topic) {
		Map<String, Object> consumerSettings = new HashMap<>(settings);
		consumerSettings.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
		consumerSettings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerSettings, new StringDeserializer(),
				new ByteArrayDeserializer());
		List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30))
			.stream()
			.map((info) -> new TopicPartition(topic, info.partition()))
			.toList();
		consumer.assign(partitions);
		consumer.seekToBeginning(partitions);
		return consumer;
	}

	private static void poll(KafkaConsumer<String, byte[]> consumer, String keyPrefix,
			List<ConsumerRecord<String, byte[]>> records) {
		for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
			if (record.key() != null && record.key().startsWith(keyPrefix)) {
				records.add(record);
			}
		}
	}

}
