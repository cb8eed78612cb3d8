package dev.library.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;

import dev.library.core.component.ComponentRegistry;
import dev.library.core.component.ComponentState;
import dev.library.state.Quality;
import dev.library.state.StateChange;
import dev.library.state.StateStore;
import io.micrometer.core.instrument.MeterRegistry;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
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
 * Nothing lost while the broker is away: the in-process KRaft node's broker is shut down
 * in the middle of 100,000 state changes and started again on the same port with the same
 * log directory; the changes whose sends failed wait in the state store's event log and
 * are published, in order per key and once each, when the broker is back. The component
 * is reported degraded (readiness down) meanwhile.
 *
 * @author Library
 */
@SpringBootTest(classes = KafkaTestApplication.class, webEnvironment = WebEnvironment.NONE)
class KafkaOutageIntegrationTests {

	private static final int CHANGES = 100_000;

	private static final int KEYS = 100;

	private static final Duration TIMEOUT = Duration.ofMinutes(3);

	private static final String TOPIC = "library.state";

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private static final EmbeddedKafkaKraftBroker broker = startBroker();

	@Autowired
	private StateStore store;

	@Autowired
	private KafkaComponent component;

	@Autowired
	private ComponentRegistry components;

	@Autowired
	private MeterRegistry meters;

	private static EmbeddedKafkaKraftBroker startBroker() {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 2, TOPIC);
		broker.afterPropertiesSet();
		return broker;
	}

	@DynamicPropertySource
	static void kafka(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", broker::getBrokersAsString);
		registry.add("library.kafka.topics[0].name", () -> TOPIC);
		registry.add("library.kafka.topics[0].partitions", () -> 2);
		registry.add("library.kafka.commands.enabled", () -> false);
		registry.add("library.kafka.publish.retry-delay", () -> "200ms");
		registry.add("library.kafka.publish.max-retry-delay", () -> "1s");
		registry.add("library.kafka.health-check-interval", () -> "500ms");
		registry.add("library.kafka.operation-timeout", () -> "2s");
		registry.add("library.state.events.retention.max-count", () -> 2 * CHANGES);
		// Fail sends quickly while the broker is away, so that the test need not wait
		// for the 2-minute default
		registry.add("spring.kafka.producer.properties.delivery.timeout.ms", () -> 4000);
		registry.add("spring.kafka.producer.properties.request.timeout.ms", () -> 2000);
		registry.add("spring.kafka.producer.properties.max.block.ms", () -> 2000);
		registry.add("spring.kafka.producer.properties.reconnect.backoff.max.ms", () -> 500);
	}

	@AfterAll
	static void stopBroker() {
		broker.destroy();
	}

	@Test
	void changesMadeWhileTheBrokerIsStoppedArePublishedInOrderAndOnceWhenItIsBack() throws Exception {
		String prefix = "outage." + UUID.randomUUID().toString().substring(0, 8) + ".";
		await().atMost(TIMEOUT)
			.until(() -> this.component.statePublisher() != null && this.component.administrator() != null
					&& this.component.statePublisher().isRunning()
					&& this.component.statePublisher().failure() == null);
		StateChangePublisher publisher = this.component.statePublisher();
		List<Long> written = new ArrayList<>();
		int third = CHANGES / 3;
		long last = write(prefix, 0, third, written);
		await().atMost(TIMEOUT).until(() -> publisher.acknowledged() >= last);

		BrokerServer server = broker.getCluster().brokers().values().iterator().next();
		server.shutdown();
		server.awaitShutdown();
		long duringOutage = write(prefix, third, 2 * third, written);
		await().atMost(TIMEOUT).until(() -> publisher.failure() != null);
		await().atMost(TIMEOUT).until(() -> state() == ComponentState.DEGRADED);
		assertThat(publisher.acknowledged()).isLessThan(duringOutage);
		// The spool's depth on /metrics: at least the changes made while the broker is
		// away
		assertThat(backlog()).isGreaterThanOrEqualTo(third);

		// The same node's broker again: same port, same log directory
		server.startup();
		await().atMost(TIMEOUT).until(() -> state() == ComponentState.RUNNING);
		long end = write(prefix, 2 * third, CHANGES, written);
		await().atMost(TIMEOUT).until(() -> publisher.acknowledged() >= end);
		await().atMost(TIMEOUT).until(() -> backlog() == 0);
		List<ConsumerRecord<String, byte[]>> all = TopicRecords.consume(broker.getBrokersAsString(), TOPIC, prefix,
				CHANGES, TIMEOUT);
		List<Long> published = new ArrayList<>();
		Map<String, Long> lastVersion = new HashMap<>();
		for (ConsumerRecord<String, byte[]> record : all) {
			JsonNode data = mapper.readTree(record.value()).get("data");
			published.add(data.get("sequence").longValue());
			long version = data.get("version").longValue();
			Long previous = lastVersion.put(record.key(), version);
			if (previous != null) {
				assertThat(version).as("order of the changes of %s", record.key()).isGreaterThan(previous);
			}
		}
		Set<Long> distinct = new HashSet<>(published);
		assertThat(published).as("no change published twice").hasSameSizeAs(distinct);
		// Name the missing changes and where they fall against the outage, rather than
		// print two lists of 100,000
		SortedSet<Long> missing = new TreeSet<>(written);
		missing.removeAll(distinct);
		assertThat(missing)
			.as("changes not consumed within %s (%d records consumed; first third up to sequence %d, outage up to %d, "
					+ "last up to %d)", TIMEOUT, all.size(), last, duringOutage, end)
			.isEmpty();
		assertThat(distinct).as("only the changes written were published").hasSameSizeAs(written);
	}

	private double backlog() {
		return this.meters.get("library.kafka.state.backlog").gauge().value();
	}

	private ComponentState state() {
		return this.components.component("kafka").orElseThrow().state();
	}

	private long write(String prefix, int from, int to, List<Long> written) {
		// One writer per key, each in order: the keys' changes interleave as in a plant
		List<StateChange> changes = Flux.range(0, KEYS)
			.flatMap((key) -> Flux.range(from, to - from)
				.filter((i) -> i % KEYS == key)
				.concatMap((i) -> this.store.put(prefix + key, IntNode.valueOf(i), "outage-test", Quality.GOOD)), KEYS)
			.collectList()
			.block(TIMEOUT);
		assertThat(changes).hasSize(to - from);
		changes.forEach((change) -> written.add(change.sequence()));
		return changes.stream().mapToLong(StateChange::sequence).max().orElseThrow();
	}

}
