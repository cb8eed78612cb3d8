package dev.library.state;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link DefaultStateStore}.
 *
 * @author Library
 */
class DefaultStateStoreTests {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	@TempDir
	Path dataDir;

	private final List<DefaultStateStore> stores = new ArrayList<>();

	@AfterEach
	void stopStores() {
		this.stores.forEach(DefaultStateStore::stop);
	}

	@Test
	void putShouldCreateTheKeyAtVersionOneAndGetShouldReturnIt() {
		DefaultStateStore store = memoryStore(StateStoreOptions.defaults());
		StateChange change = store.put("plant.tank1.level", json("{\"value\": 42}"), "test", Quality.GOOD).block();
		assertThat(change.version()).isEqualTo(1);
		assertThat(change.created()).isTrue();
		assertThat(change.sequence()).isEqualTo(1);
		StateValue value = store.get("plant.tank1.level").block();
		assertThat(value.value()).isEqualTo(json("{\"value\": 42}"));
		assertThat(value.version()).isEqualTo(1);
		assertThat(value.source()).isEqualTo("test");
		assertThat(value.quality()).isEqualTo(Quality.GOOD);
		assertThat(store.get("plant.tank2.level").blockOptional()).isEmpty();
	}

	@Test
	void versionShouldContinueAfterDeleteAndRecreate() {
		DefaultStateStore store = memoryStore(StateStoreOptions.defaults());
		store.put("a.b", json("1"), "test", Quality.GOOD).block();
		store.put("a.b", json("2"), "test", Quality.GOOD).block();
		StateChange deleted = store.delete("a.b", "test").block();
		assertThat(deleted.version()).isEqualTo(3);
		assertThat(deleted.type()).isEqualTo(StateChange.Type.DELETE);
		assertThat(store.get("a.b").blockOptional()).isEmpty();
		StateChange recreated = store.put("a.b", json("3"), "test", Quality.GOOD).block();
		assertThat(recreated.version()).isEqualTo(4);
		assertThat(recreated.created()).isTrue();
		assertThatExceptionOfType(StateVersionConflictException.class)
			.isThrownBy(() -> store.compareAndSet("a.b", 2, json("9"), "test", Quality.GOOD).block());
	}

	@Test
	void deleteOfAMissingKeyShouldBeEmpty() {
		DefaultStateStore store = memoryStore(StateStoreOptions.defaults());
		assertThat(store.delete("no.such.key", "test").blockOptional()).isEmpty();
		assertThatExceptionOfType(StateVersionConflictException.class)
			.isThrownBy(() -> store.delete("no.such.key", 1, "test").block());
	}

	@Test
	void compareAndSetWithAbsentShouldOnlyCreate() {
		DefaultStateStore store = memoryStore(StateStoreOptions.defaults());
		assertThat(store.compareAndSet("a", StateStore.ABSENT, json("1"), "test", Quality.GOOD).block().version())
			.isEqualTo(1);
		assertThatExceptionOfType(StateVersionConflictException.class)
			.isThrownBy(() -> store.compareAndSet("a", StateStore.ABSENT, json("2"), "test", Quality.GOOD).block())
			.satisfies((ex) -> assertThat(ex.getCurrentVersion()).isEqualTo(1));
	}

	@Test
	void listShouldPageThroughTheKeysUnderAPrefixInKeyOrder() {
		DefaultStateStore store = memoryStore(StateStoreOptions.defaults());
		for (String key : List.of("plant.tank1", "plant.tank1.level", "plant.tank1-x", "plant.tank10.level",
				"plant.tank1.temperature", "other")) {
			store.put(key, json("1"), "test", Quality.GOOD).block();
		}
		store.delete("plant.tank1.temperature", "test").block();
		StatePage first = store.list("plant.tank1", 1, null).block();
		assertThat(first.values()).extracting(StateValue::key).containsExactly("plant.tank1");
		StatePage second = store.list("plant.tank1", 1, first.nextCursor()).block();
		assertThat(second.values()).extracting(StateValue::key).containsExactly("plant.tank1.level");
		assertThat(second.nextCursor()).isNull();
		assertThat(store.list("", 100, null).block().values()).extracting(StateValue::key)
			.containsExactly("other", "plant.tank1", "plant.tank1-x", "plant.tank1.level", "plant.tank10.level");
		assertThat(store.list("plant.tank1", 10, Cursors.key("other")).block().values()).extracting(StateValue::key)
			.containsExactly("plant.tank1", "plant.tank1.level");
		assertThat(store.list("plant.tank1", 10, Cursors.key("plant.tank10.level")).block().values()).isEmpty();
	}

	@Test
	void invalidKeysShouldFailWithoutChangingAnything() {
		DefaultStateStore store = memoryStore(StateStoreOptions.defaults());
		for (String key : List.of("", "a..b", "a.", ".a", "a b", "a/b", "x".repeat(257), "watch")) {
			assertThatExceptionOfType(InvalidStateKeyException.class)
				.isThrownBy(() -> store.put(key, json("1"), "test", Quality.GOOD).block());
		}
		assertThat(store.status().committedSequence()).isZero();
		assertThat(store.list("", 10, null).block().values()).isEmpty();
	}

	@Test
	void valueLargerThanTheLimitShouldBeRefused() {
		DefaultStateStore store = memoryStore(
				StateStoreOptions.defaults().withMaxValueSize(org.springframework.util.unit.DataSize.ofBytes(20)));
		store.put("a", json("\"short\""), "test", Quality.GOOD).block();
		assertThatExceptionOfType(StateValueTooLargeException.class)
			.isThrownBy(() -> store.put("a", json("\"" + "x".repeat(30) + "\""), "test", Quality.GOOD).block());
		assertThat(store.get("a").block().value()).isEqualTo(json("\"short\""));
	}

	@Test
	void concurrentCompareAndSetShouldLoseNoUpdate() throws Exception {
		DefaultStateStore store = embeddedStore(this.dataDir, StateStoreOptions.defaults());
		store.put("counter", json("0"), "test", Quality.GOOD).block();
		int writers = 8;
		int increments = 50;
		ExecutorService executor = Executors.newFixedThreadPool(writers);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<?>> futures = new ArrayList<>();
			for (int w = 0; w < writers; w++) {
				futures.add(executor.submit(() -> {
					start.await();
					for (int i = 0; i < increments; i++) {
						for (;;) {
							StateValue current = store.get("counter").block();
							JsonNode next = mapper.getNodeFactory().numberNode(current.value().asInt() + 1);
							try {
								store.compareAndSet("counter", current.version(), next, "writer", Quality.GOOD)
									.block(TIMEOUT);
								break;
							}
							catch (StateVersionConflictException ex) {
								// someone else won: read again
							}
						}
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : futures) {
				future.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
		StateValue value = store.get("counter").block();
		assertThat(value.value().asInt()).isEqualTo(writers * increments);
		assertThat(value.version()).isEqualTo(1 + writers * increments);
		store.stop();
		DefaultStateStore reopened = embeddedStore(this.dataDir, StateStoreOptions.defaults());
		assertThat(reopened.get("counter").block().value().asInt()).isEqualTo(writers * increments);
		assertThat(reopened.events(EventQuery.all(1000)).block().events()).hasSize(1 + writers * increments);
	}

	@Test
	void stateAndEventsShouldSurviveARestart() {
		DefaultStateStore store = embeddedStore(this.dataDir, StateStoreOptions.defaults());
		store.put("plant.tank1.level", json("{\"value\": 1.5, \"unit\": \"m\"}"), "adapter-1", Quality.UNCERTAIN)
			.block();
		store.put("plant.tank2.level", json("2"), "adapter-1", Quality.GOOD).block();
		store.delete("plant.tank2.level", "user").block();
		List<StateChange> before = store.events(EventQuery.all(10)).block().events();
		store.stop();
		DefaultStateStore reopened = embeddedStore(this.dataDir, StateStoreOptions.defaults());
		StateValue value = reopened.get("plant.tank1.level").block();
		assertThat(value.value()).isEqualTo(json("{\"value\": 1.5, \"unit\": \"m\"}"));
		assertThat(value.quality()).isEqualTo(Quality.UNCERTAIN);
		assertThat(value.source()).isEqualTo("adapter-1");
		assertThat(reopened.get("plant.tank2.level").blockOptional()).isEmpty();
		assertThat(reopened.events(EventQuery.all(10)).block().events()).isEqualTo(before);
		StateChange next = reopened.put("plant.tank2.level", json("3"), "test", Quality.GOOD).block();
		assertThat(next.sequence()).isEqualTo(4);
		assertThat(next.version()).isEqualTo(3);
	}

	@Test
	void stoppedStoreShouldStartAgainWithItsState() {
		DefaultStateStore store = embeddedStore(this.dataDir, StateStoreOptions.defaults());
		store.put("a", json("1"), "test", Quality.GOOD).block();
		store.stop();
		assertThatExceptionOfType(StateStoreUnavailableException.class)
			.isThrownBy(() -> store.put("a", json("2"), "test", Quality.GOOD).block());
		store.start();
		assertThat(store.get("a").block().value()).isEqualTo(json("1"));
		assertThat(store.put("a", json("2"), "test", Quality.GOOD).block().sequence()).isEqualTo(2);
	}

	@Test
	void secondStoreOnTheSameDirectoryShouldFailToStart() {
		embeddedStore(this.dataDir, StateStoreOptions.defaults());
		DefaultStateStore second = new DefaultStateStore(new EmbeddedStatePersistence(this.dataDir, mapper, false),
				StateStoreOptions.defaults(), mapper, null, new SimpleMeterRegistry(), Clock.systemUTC());
		assertThatExceptionOfType(StatePersistenceException.class).isThrownBy(second::start)
			.withMessageContaining("already open in this process");
	}

	@Test
	void watchResumedAfterASequenceShouldSeeEveryLaterChangeExactlyOnce() {
		DefaultStateStore store = embeddedStore(this.dataDir, StateStoreOptions.defaults());
		for (int i = 0; i < 10; i++) {
			store.put("k" + (i % 3), json(Integer.toString(i)), "test", Quality.GOOD).block();
		}
		List<StateChange> received = new CopyOnWriteArrayList<>();
		var subscription = store.watch("", 4).subscribe(received::add);
		try {
			for (int i = 10; i < 20; i++) {
				store.put("k" + (i % 3), json(Integer.toString(i)), "test", Quality.GOOD).block();
			}
			await().atMost(TIMEOUT).untilAsserted(() -> assertThat(received).hasSize(16));
			assertThat(received).extracting(StateChange::sequence).containsExactlyElementsOf(sequences(5, 20));
		}
		finally {
			subscription.dispose();
		}
	}

	@Test
	void slowWatcherShouldBeDroppedWithoutSlowingWriters() {
		DefaultStateStore store = memoryStore(StateStoreOptions.defaults().withWatchBufferSize(16));
		AtomicReference<Throwable> error = new AtomicReference<>();
		List<StateChange> received = new CopyOnWriteArrayList<>();
		BaseSubscriber<StateChange> slow = new BaseSubscriber<>() {

			@Override
			protected void hookOnSubscribe(Subscription subscription) {
				subscription.request(1);
			}

			@Override
			protected void hookOnNext(StateChange value) {
				received.add(value);
			}

			@Override
			protected void hookOnError(Throwable throwable) {
				error.set(throwable);
			}

		};
		store.watch("").subscribe(slow);
		long started = System.nanoTime();
		for (int i = 0; i < 10_000; i++) {
			store.put("k" + (i % 10), json(Integer.toString(i)), "test", Quality.GOOD).block();
		}
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(error.get()).isInstanceOf(StateWatchDroppedException.class));
		assertThat(received).hasSizeLessThanOrEqualTo(1);
		assertThat(((StateWatchDroppedException) error.get()).getLastSequence())
			.isEqualTo(received.isEmpty() ? 0 : received.get(0).sequence());
		assertThat(took).isLessThan(Duration.ofSeconds(10));
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(store.status().watchers()).isZero());
		assertThat(store.status().committedSequence()).isEqualTo(10_000);
	}

	@Test
	void retentionShouldRemoveTheOldestEventsByCountAndByAge() {
		MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
		DefaultStateStore store = new DefaultStateStore(new EmbeddedStatePersistence(this.dataDir, mapper, false),
				StateStoreOptions.defaults().withRetention(Duration.ofHours(1), 5, Duration.ofHours(1)), mapper, null,
				new SimpleMeterRegistry(), clock);
		store.start();
		this.stores.add(store);
		for (int i = 1; i <= 8; i++) {
			store.put("k", json(Integer.toString(i)), "test", Quality.GOOD).block();
			clock.advance(Duration.ofMinutes(10));
		}
		store.applyRetentionNow();
		assertThat(store.events(EventQuery.all(100)).block().events()).extracting(StateChange::sequence)
			.containsExactly(4L, 5L, 6L, 7L, 8L);
		clock.advance(Duration.ofMinutes(25));
		store.applyRetentionNow();
		assertThat(store.events(EventQuery.all(100)).block().events()).extracting(StateChange::sequence)
			.containsExactly(6L, 7L, 8L);
		assertThat(store.get("k").block().version()).isEqualTo(8);
		assertThatExceptionOfType(StateHistoryUnavailableException.class)
			.isThrownBy(() -> store.watch("", 2).blockFirst(TIMEOUT))
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo(StateHistoryUnavailableException.Reason.EXPIRED);
				assertThat(ex.getResumeAfter()).isEqualTo(5);
			});
		assertThat(store.watch("", 5).take(3).collectList().block(TIMEOUT)).extracting(StateChange::sequence)
			.containsExactly(6L, 7L, 8L);
		assertThatExceptionOfType(StateHistoryUnavailableException.class)
			.isThrownBy(() -> store.watch("", 99).blockFirst(TIMEOUT))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(StateHistoryUnavailableException.Reason.UNKNOWN));
	}

	@Test
	void asyncWritesShouldAllBeCommittedByACleanStop() {
		DefaultStateStore store = embeddedStore(this.dataDir,
				StateStoreOptions.defaults().withDurability(Durability.ASYNC));
		assertThat(store.status().durability()).isEqualTo(Durability.ASYNC);
		Flux.range(0, 2000)
			.concatMap((i) -> store.put("k" + (i % 7), json(Integer.toString(i)), "test", Quality.GOOD))
			.blockLast(TIMEOUT);
		store.stop();
		DefaultStateStore reopened = embeddedStore(this.dataDir, StateStoreOptions.defaults());
		assertThat(reopened.status().committedSequence()).isEqualTo(2000);
		assertThat(reopened.get("k5").block().value().asInt()).isEqualTo(1993);
	}

	@Test
	void failingCommitsShouldBeRetriedWhileWritesWaitAndHealthSaysWhy() {
		FlakyPersistence persistence = new FlakyPersistence(3);
		List<String> events = new CopyOnWriteArrayList<>();
		DefaultStateStore store = new DefaultStateStore(persistence, StateStoreOptions.defaults(), mapper, null,
				new SimpleMeterRegistry(), Clock.systemUTC());
		store.setWriterListener(new DefaultStateStore.WriterListener() {

			@Override
			public void failing(String reason) {
				events.add("failing: " + reason);
			}

			@Override
			public void recovered() {
				events.add("recovered");
			}

		});
		store.start();
		this.stores.add(store);
		StateChange change = store.put("a", json("1"), "test", Quality.GOOD).block(TIMEOUT);
		assertThat(change.version()).isEqualTo(1);
		assertThat(persistence.attempts).isEqualTo(4);
		assertThat(events).containsExactly("failing: disk full", "recovered");
		assertThat(store.status().lastCommitError()).isNull();
	}

	@Test
	void writesShouldBeRefusedOnceTheWriterQueueIsFull() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		InMemoryStatePersistence blocked = new InMemoryStatePersistence(100) {

			@Override
			public void commit(List<StateChange> changes) {
				try {
					release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				super.commit(changes);
			}

		};
		DefaultStateStore store = new DefaultStateStore(blocked, StateStoreOptions.defaults().withWriter(3, 10), mapper,
				null, new SimpleMeterRegistry(), Clock.systemUTC());
		store.start();
		this.stores.add(store);
		store.put("a", json("1"), "test", Quality.GOOD).block();
		await().atMost(TIMEOUT).until(() -> store.status().pendingChanges() == 0);
		for (int i = 0; i < 3; i++) {
			store.put("a", json("1"), "test", Quality.GOOD).block();
		}
		assertThatExceptionOfType(StateStoreUnavailableException.class)
			.isThrownBy(() -> store.put("a", json("2"), "test", Quality.GOOD).block())
			.satisfies((ex) -> assertThat(ex.getHeaders().getFirst("Retry-After")).isEqualTo("1"));
		assertThat(store.get("a").block().version()).isEqualTo(4);
		release.countDown();
		await().atMost(TIMEOUT).until(() -> store.status().committedSequence() == 4);
		assertThat(store.put("a", json("2"), "test", Quality.GOOD).block().version()).isEqualTo(5);
	}

	private static List<Long> sequences(long from, long to) {
		List<Long> sequences = new ArrayList<>();
		for (long s = from; s <= to; s++) {
			sequences.add(s);
		}
		return sequences;
	}

	private DefaultStateStore memoryStore(StateStoreOptions options) {
		DefaultStateStore store = new DefaultStateStore(new InMemoryStatePersistence(10_000), options, mapper, null,
				new SimpleMeterRegistry(), Clock.systemUTC());
		store.start();
		this.stores.add(store);
		return store;
	}

	private DefaultStateStore embeddedStore(Path dir, StateStoreOptions options) {
		DefaultStateStore store = new DefaultStateStore(new EmbeddedStatePersistence(dir, mapper, true), options,
				mapper, null, new SimpleMeterRegistry(), Clock.systemUTC());
		store.start();
		this.stores.add(store);
		return store;
	}

	static final class MutableClock extends Clock {

		private volatile Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

	/**
	 * Keeps the log in memory and fails its first commits, as a full disk would.
	 */
	static final class FlakyPersistence extends InMemoryStatePersistence {

		private final int failures;

		private volatile int attempts;

		FlakyPersistence(int failures) {
			super(100);
			this.failures = failures;
		}

		@Override
		public boolean isDurable() {
			return true;
		}

		@Override
		public void commit(List<StateChange> changes) {
			if (++this.attempts <= this.failures) {
				throw new StatePersistenceException("disk full");
			}
			super.commit(changes);
		}

	}

	private static JsonNode json(String json) {
		return mapper.readTree(json);
	}

}
