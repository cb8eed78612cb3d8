package dev.library.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import dev.library.state.Quality;
import dev.library.state.StateChange;
import dev.library.state.StateStore;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.IntNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A first start (no publish cursor saved yet) while the broker is away: the state changes
 * committed before the publisher can follow the store (it waits for the topic check) are
 * published once the broker is back. The in-process KRaft node's broker is shut down
 * before the application starts and started again on the same port after the changes were
 * written.
 *
 * @author Library
 */
@SpringBootTest(classes = KafkaTestApplication.class, webEnvironment = WebEnvironment.NONE)
class KafkaFirstStartIntegrationTests {

	private static final int CHANGES = 500;

	private static final Duration TIMEOUT = Duration.ofMinutes(2);

	private static final String TOPIC = "library.state";

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private static final EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1, TOPIC);

	private static final BrokerServer server = startThenStopBroker();

	@Autowired
	private StateStore store;

	@Autowired
	private KafkaComponent component;

	private static BrokerServer startThenStopBroker() {
		broker.afterPropertiesSet();
		BrokerServer server = broker.getCluster().brokers().values().iterator().next();
		server.shutdown();
		server.awaitShutdown();
		return server;
	}

	@DynamicPropertySource
	static void kafka(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", broker::getBrokersAsString);
		registry.add("library.kafka.topics[0].name", () -> TOPIC);
		registry.add("library.kafka.topics[0].partitions", () -> 1);
		registry.add("library.kafka.commands.enabled", () -> false);
		// The topic check waits this long for the absent broker: the publisher starts
		// after it
		registry.add("library.kafka.operation-timeout", () -> "20s");
		registry.add("library.kafka.publish.retry-delay", () -> "200ms");
		registry.add("library.kafka.publish.max-retry-delay", () -> "1s");
		registry.add("spring.kafka.producer.properties.reconnect.backoff.max.ms", () -> 500);
	}

	@AfterAll
	static void stopBroker() {
		broker.destroy();
	}

	@Test
	void changesCommittedBeforeThePublisherStartsArePublished() throws Exception {
		String prefix = "first-start." + UUID.randomUUID().toString().substring(0, 8) + ".";
		StateChangePublisher publisher = this.component.statePublisher();
		assertThat(publisher).isNotNull();
		List<Long> written = new ArrayList<>();
		for (int i = 0; i < CHANGES; i++) {
			StateChange change = this.store.put(prefix + (i % 10), IntNode.valueOf(i), "first-start-test", Quality.GOOD)
				.block(TIMEOUT);
			written.add(change.sequence());
		}
		assertThat(publisher.isRunning()).as("publisher still waiting for the topic check when the changes were made")
			.isFalse();

		server.startup();
		await().atMost(TIMEOUT).until(publisher::isRunning);
		// One change after the publisher runs: once it is acknowledged, every earlier
		// one the publisher follows is too
		long marker = this.store.put(prefix + "marker", IntNode.valueOf(0), "first-start-test", Quality.GOOD)
			.block(TIMEOUT)
			.sequence();
		await().atMost(TIMEOUT).until(() -> publisher.acknowledged() >= marker);
		Set<Long> published = new TreeSet<>();
		for (ConsumerRecord<String, byte[]> record : TopicRecords.consume(broker.getBrokersAsString(), TOPIC, prefix,
				CHANGES + 1, TIMEOUT)) {
			published.add(mapper.readTree(record.value()).get("data").get("sequence").longValue());
		}
		assertThat(published).as("changes made before the publisher started, and the one after")
			.containsAll(written)
			.contains(marker);
	}

}
