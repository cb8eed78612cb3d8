package dev.library.benchmarks.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import dev.library.kafka.CloudEvent;
import dev.library.kafka.CloudEventMode;
import dev.library.kafka.CloudEventRecords;
import dev.library.kafka.EventRoutes;
import dev.library.kafka.KafkaEventPublisher;
import dev.library.kafka.PublishCursor;
import dev.library.kafka.StateChangePublisher;
import dev.library.state.DefaultStateStore;
import dev.library.state.Durability;
import dev.library.state.InMemoryStatePersistence;
import dev.library.state.Quality;
import dev.library.state.StateChange;
import dev.library.state.StateStoreOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Records per second published from state changes, against a plain {@link KafkaProducer}
 * loop sending the same records to the same broker in the same run, and the delay from a
 * state change to its consumption.
 * <p>
 * One in-process KRaft broker per trial (spring-kafka-test's
 * {@link EmbeddedKafkaKraftBroker}, on the same machine), topics of 3 partitions.
 * <ul>
 * <li>{@code statePublisher}: {@value #BATCH} puts into a {@link DefaultStateStore} (in
 * memory, the platform's default {@value #RETAINED_CHANGES} changes kept, acknowledged
 * after commit; up to 256 waiting for their commit) over 100 keys, published by the
 * component's {@link StateChangePublisher} (the store's watch, CloudEvent encoding on the
 * watch's thread, idempotent producer with {@code acks=all} on the publisher's); an
 * operation ends when the broker acknowledged the last of them. A burst this size stays
 * within the store's 10,000-change watch buffer, so the changes go the live way, not
 * through the event log. Score: records/s.</li>
 * <li>{@code committedChanges}: the publisher alone, from changes already in the store,
 * as the plain loop starts from records it has: before each operation (outside its time)
 * the publisher stops, saving its cursor, and {@value #BATCH} puts are committed; the
 * operation starts the publisher, which reads them from the event log (the path it
 * resumes by after a restart, an outage or an overflow), encodes and sends them, and ends
 * when the broker acknowledged the last. Score: records/s.</li>
 * <li>{@code plainProducer}: the baseline: a loop that encodes the same CloudEvents (same
 * keys, same size, the same encoder) and sends them with a {@link KafkaProducer} of the
 * same settings, then flushes. Score: records/s.</li>
 * <li>{@code stateChangeToConsumer}: one put, until a {@link KafkaConsumer} polling the
 * topic receives its record (p50, p99 in the JMH output).</li>
 * </ul>
 * Both producers use Kafka's defaults otherwise ({@code linger.ms=5},
 * {@code batch.size=16384}).
 *
 * @author Library
 */
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@Warmup(iterations = 10, time = 5)
@Measurement(iterations = 12, time = 5)
@State(Scope.Benchmark)
public class KafkaPublishBenchmark {

	static final int BATCH = 10_000;

	static final int KEYS = 100;

	static final int RETAINED_CHANGES = 100_000;

	static final String TOPIC = "bench.state";

	static final String LATENCY_TOPIC = "bench.latency";

	final JsonMapper mapper = JsonMapper.builder().build();

	final CloudEventRecords records = new CloudEventRecords(this.mapper, CloudEventMode.STRUCTURED, "/library");

	final String[] keys = new String[KEYS];

	final Semaphore consumed = new Semaphore(0);

	EmbeddedKafkaKraftBroker broker;

	DefaultStateStore store;

	DefaultKafkaProducerFactory<String, byte[]> producerFactory;

	StateChangePublisher publisher;

	KafkaProducer<String, byte[]> plain;

	KafkaConsumer<String, byte[]> consumer;

	Thread consumerThread;

	volatile boolean consuming;

	long plainSequence;

	int value;

	@Setup(Level.Trial)
	public void start() throws Exception {
		this.broker = new EmbeddedKafkaKraftBroker(1, 3, TOPIC, LATENCY_TOPIC);
		this.broker.afterPropertiesSet();
		for (int i = 0; i < KEYS; i++) {
			this.keys[i] = "plant.tank" + i + ".level";
		}
		// The event log keeps the platform's default 100,000 changes: a million kept in
		// the heap cost a fifth of the CPU in G1's marking and mixed collections
		this.store = new DefaultStateStore(new InMemoryStatePersistence(RETAINED_CHANGES),
				StateStoreOptions.defaults()
					.withDurability(Durability.SYNC)
					.withRetention(Duration.ofDays(1), RETAINED_CHANGES, Duration.ofMinutes(1)),
				this.mapper, null, new SimpleMeterRegistry(), Clock.systemUTC());
		this.store.start();
		Map<String, Object> producer = producerSettings();
		this.producerFactory = new DefaultKafkaProducerFactory<>(producer, new StringSerializer(),
				new ByteArraySerializer());
		this.producerFactory.setPhysicalCloseTimeout(0);
		KafkaEventPublisher events = new KafkaEventPublisher(new KafkaTemplate<>(this.producerFactory), this.records,
				new EventRoutes(List.of(new EventRoutes.Rule(TOPIC, List.of("plant."), List.of()),
						new EventRoutes.Rule(LATENCY_TOPIC, List.of("latency."), List.of()))),
				1000, new SimpleMeterRegistry());
		events.start();
		Path cursor = Files.createTempDirectory("kafka-bench").resolve("publish-cursor");
		this.publisher = new StateChangePublisher(this.store, events, new PublishCursor(cursor), null,
				Duration.ofSeconds(1), Duration.ofSeconds(5), new SimpleMeterRegistry());
		this.publisher.start();
		this.plain = new KafkaProducer<>(producer, new StringSerializer(), new ByteArraySerializer());
		startConsumer();
	}

	private Map<String, Object> producerSettings() {
		Map<String, Object> producer = new HashMap<>();
		producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.broker.getBrokersAsString());
		producer.put(ProducerConfig.ACKS_CONFIG, "all");
		producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		producer.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
		return producer;
	}

	private void startConsumer() {
		this.consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.broker.getBrokersAsString(),
						ConsumerConfig.GROUP_ID_CONFIG, "bench", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"),
				new StringDeserializer(), new ByteArrayDeserializer());
		List<TopicPartition> partitions = this.consumer.partitionsFor(LATENCY_TOPIC, Duration.ofSeconds(30))
			.stream()
			.map((info) -> new TopicPartition(LATENCY_TOPIC, info.partition()))
			.toList();
		this.consumer.assign(partitions);
		this.consumer.seekToEnd(partitions);
		partitions.forEach(this.consumer::position);
		this.consuming = true;
		this.consumerThread = new Thread(() -> {
			while (this.consuming) {
				for (ConsumerRecord<String, byte[]> record : this.consumer.poll(Duration.ofMillis(100))) {
					this.consumed.release();
				}
			}
			this.consumer.close(Duration.ofSeconds(1));
		}, "bench-consumer");
		this.consumerThread.start();
	}

	@TearDown(Level.Trial)
	public void stop() throws InterruptedException {
		this.consuming = false;
		this.consumerThread.join(5000);
		this.publisher.stop(Duration.ofSeconds(10));
		this.plain.close(Duration.ofSeconds(5));
		this.producerFactory.destroy();
		this.store.stop();
		this.broker.destroy();
	}

	@Benchmark
	@BenchmarkMode(Mode.Throughput)
	@OutputTimeUnit(TimeUnit.SECONDS)
	@OperationsPerInvocation(BATCH)
	public void statePublisher() throws InterruptedException {
		awaitAcknowledged(writeBatch());
	}

	@Benchmark
	@BenchmarkMode(Mode.Throughput)
	@OutputTimeUnit(TimeUnit.SECONDS)
	@OperationsPerInvocation(BATCH)
	public void committedChanges(CommittedChanges changes) throws InterruptedException {
		this.publisher.start();
		awaitAcknowledged(changes.last);
	}

	long writeBatch() {
		// Writers in parallel, as in a plant: up to 256 puts waiting for their commit
		return Flux.range(0, BATCH)
			.flatMap((i) -> this.store.put(this.keys[i % KEYS], number(), "benchmark", Quality.GOOD), 256)
			.map(StateChange::sequence)
			.reduce(Math::max)
			.block();
	}

	private void awaitAcknowledged(long sequence) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (this.publisher.acknowledged() < sequence) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Changes up to " + sequence + " not acknowledged within 60 s");
			}
			// Every millisecond: polling faster took a share of the 2 cores from the
			// threads measured, which the baseline's flush() (a latch) does not
			Thread.sleep(1);
		}
	}

	/**
	 * The changes {@code committedChanges} publishes: before each operation, and outside
	 * its time, the publisher stops (saving its cursor) and {@value #BATCH} changes are
	 * written and committed; the operation starts the publisher, which catches up from
	 * the event log, and ends when the broker acknowledged the last of them.
	 */
	@State(Scope.Benchmark)
	public static class CommittedChanges {

		long last;

		@Setup(Level.Invocation)
		public void commit(KafkaPublishBenchmark benchmark) {
			benchmark.publisher.stop(Duration.ofSeconds(10));
			this.last = benchmark.writeBatch();
		}

	}

	@Benchmark
	@BenchmarkMode(Mode.Throughput)
	@OutputTimeUnit(TimeUnit.SECONDS)
	@OperationsPerInvocation(BATCH)
	public void plainProducer() {
		Instant now = Instant.now();
		for (int i = 0; i < BATCH; i++) {
			String key = this.keys[i % KEYS];
			long sequence = ++this.plainSequence;
			StateChange change = new StateChange(sequence, StateChange.Type.PUT, key, sequence, now, "benchmark",
					Quality.GOOD, number(), false);
			CloudEvent event = new CloudEvent("state-" + sequence, CloudEvent.STATE_CHANGED, key, now, key, change);
			this.plain.send(this.records.toRecord(TOPIC, event));
		}
		this.plain.flush();
	}

	@Benchmark
	@BenchmarkMode(Mode.SampleTime)
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	public void stateChangeToConsumer() throws InterruptedException {
		this.store.put("latency.tank.level", number(), "benchmark", Quality.GOOD).subscribe();
		if (!this.consumed.tryAcquire(10, TimeUnit.SECONDS)) {
			throw new IllegalStateException("No record consumed within 10 s of the change");
		}
	}

	private JsonNode number() {
		this.value = (this.value + 1) % 1000;
		return JsonNodeFactory.instance.numberNode(this.value / 10.0);
	}

}
