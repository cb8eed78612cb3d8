package dev.library.state;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link EmbeddedStatePersistence}, on real store files in a temporary
 * directory.
 *
 * @author Library
 */
class EmbeddedStatePersistenceTests {

	static final JsonMapper mapper = JsonMapper.builder().build();

	static final Instant T0 = Instant.parse("2026-11-28T10:00:00.123456789Z");

	@TempDir
	Path dataDir;

	private final List<EmbeddedStatePersistence> opened = new ArrayList<>();

	@AfterEach
	void closeAll() {
		this.opened.forEach(EmbeddedStatePersistence::close);
	}

	@Test
	void stateAndEventsShouldBeReadBackWithEveryField() {
		EmbeddedStatePersistence persistence = open();
		persistence.open();
		String large = "x".repeat(70_000);
		List<StateChange> changes = List.of(put(1, "plant.tank1.level", 1, "{\"value\":1.5,\"unit\":\"m\"}"),
				put(2, "plant.tank2.level", 1, "\"" + large + "\""), delete(3, "plant.tank2.level", 2),
				new StateChange(4, StateChange.Type.PUT, "plant.tank1.level", 2, T0.plusNanos(4), "adapter-1",
						Quality.UNCERTAIN, json("2.5"), false));
		persistence.commit(changes);
		persistence.close();
		EmbeddedStatePersistence reopened = open();
		StateSnapshot snapshot = reopened.open();
		assertThat(snapshot.lastSequence()).isEqualTo(4);
		assertThat(snapshot.entries()).containsExactlyInAnyOrder(
				new StateSnapshot.Entry("plant.tank1.level", 2, new StateValue("plant.tank1.level", json("2.5"), 2,
						T0.plusNanos(4), "adapter-1", Quality.UNCERTAIN)),
				new StateSnapshot.Entry("plant.tank2.level", 2, null));
		assertThat(reopened.readEvents(null, "", null, null, 0, 10)).isEqualTo(changes);
		assertThat(reopened.firstRetainedSequence()).isEqualTo(1);
	}

	@Test
	void eventsShouldBeSelectedByKeyPrefixTimeAndSequence() {
		EmbeddedStatePersistence persistence = open();
		persistence.open();
		List<StateChange> changes = new ArrayList<>();
		String[] keys = { "plant.tank1", "plant.tank1.level", "plant.tank10", "plant.tank1_b", "other" };
		for (int i = 1; i <= 50; i++) {
			changes.add(put(i, keys[i % keys.length], (i + keys.length - 1) / keys.length, Integer.toString(i)));
		}
		persistence.commit(changes.subList(0, 20));
		persistence.commit(changes.subList(20, 50));
		assertThat(sequences(persistence.readEvents("plant.tank1", "", null, null, 0, 100))).containsExactly(5L, 10L,
				15L, 20L, 25L, 30L, 35L, 40L, 45L, 50L);
		assertThat(sequences(persistence.readEvents("plant.tank1", "", null, null, 16, 3))).containsExactly(20L, 25L,
				30L);
		assertThat(sequences(persistence.readEvents("plant.tank1", "plant.tank1", null, null, 40, 100)))
			.containsExactly(45L, 50L);
		assertThat(persistence.readEvents("plant.tank1", "other", null, null, 0, 100)).isEmpty();
		assertThat(persistence.readEvents("plant.tank2", "", null, null, 0, 100)).isEmpty();
		assertThat(persistence.readEvents(null, "plant.tank1", null, null, 0, 100))
			.allMatch((change) -> change.key().equals("plant.tank1") || change.key().equals("plant.tank1.level"))
			.hasSize(20);
		assertThat(sequences(persistence.readEvents(null, "", T0.plusNanos(10), T0.plusNanos(13), 0, 100)))
			.containsExactly(10L, 11L, 12L);
		assertThat(sequences(persistence.readEvents("other", "", T0.plusNanos(10), null, 0, 100))).containsExactly(14L,
				19L, 24L, 29L, 34L, 39L, 44L, 49L);
		assertThat(sequences(persistence.readEvents(null, "", null, null, 47, 100))).containsExactly(48L, 49L, 50L);
		assertThat(persistence.readEvents(null, "", null, null, 0, 7)).hasSize(7);
	}

	@Test
	void commitRetriedAfterItSucceededShouldNotLogTheChangesTwice() {
		EmbeddedStatePersistence persistence = open();
		persistence.open();
		List<StateChange> changes = List.of(put(1, "a", 1, "1"), put(2, "a", 2, "2"));
		persistence.commit(changes);
		persistence.commit(changes);
		assertThat(persistence.readEvents(null, "", null, null, 0, 10)).isEqualTo(changes);
	}

	@Test
	void failedCommitShouldLeaveNothingAndTheNextCommitShouldSucceed() {
		EmbeddedStatePersistence persistence = open();
		persistence.open();
		persistence.commit(List.of(put(1, "a", 1, "1")));
		JsonNode unwritable = mapper.getNodeFactory().pojoNode(new Unwritable());
		List<StateChange> failing = List.of(put(2, "a", 2, "2"),
				new StateChange(3, StateChange.Type.PUT, "b", 1, T0, "test", Quality.GOOD, unwritable, true));
		assertThatExceptionOfType(StatePersistenceException.class).isThrownBy(() -> persistence.commit(failing))
			.withMessageContaining("Cannot commit 2 state changes");
		assertThat(sequences(persistence.readEvents(null, "", null, null, 0, 10))).containsExactly(1L);
		List<StateChange> retried = List.of(put(2, "a", 2, "2"), put(3, "b", 1, "3"));
		persistence.commit(retried);
		persistence.close();
		EmbeddedStatePersistence reopened = open();
		StateSnapshot snapshot = reopened.open();
		assertThat(snapshot.lastSequence()).isEqualTo(3);
		assertThat(snapshot.entries()).extracting((entry) -> entry.value().value())
			.containsExactlyInAnyOrder(json("2"), json("3"));
		assertThat(reopened.readEvents(null, "", null, null, 0, 10)).hasSize(3).endsWith(retried.get(1));
	}

	@Test
	void retentionShouldRemoveTheOldestEventsAndTheirKeyIndexInChunks() {
		EmbeddedStatePersistence persistence = open();
		persistence.open();
		List<StateChange> changes = new ArrayList<>();
		for (int i = 1; i <= 9_000; i++) {
			changes.add(put(i, "k" + (i % 3), (i + 2) / 3, Integer.toString(i)));
		}
		persistence.commit(changes);
		assertThat(persistence.applyRetention(T0.minusSeconds(1), 4_000)).isEqualTo(5_000);
		assertThat(persistence.firstRetainedSequence()).isEqualTo(5_001);
		assertThat(persistence.readEvents("k1", "", null, null, 0, 1).get(0).sequence()).isEqualTo(5_002);
		assertThat(persistence.applyRetention(T0.plusNanos(6_000), 100_000)).isEqualTo(999);
		assertThat(persistence.firstRetainedSequence()).isEqualTo(6_000);
		assertThat(persistence.readEvents(null, "", null, null, 0, 10_000)).hasSize(3_001);
		persistence.close();
		EmbeddedStatePersistence reopened = open();
		reopened.open();
		assertThat(reopened.firstRetainedSequence()).isEqualTo(6_000);
		assertThat(sequences(reopened.readEvents("k0", "", null, null, 0, 2))).containsExactly(6_000L, 6_003L);
	}

	@Test
	void fileShouldStayBoundedUnderLongRunningWritesWithRetention() {
		EmbeddedStatePersistence persistence = open();
		persistence.open();
		long sequence = 0;
		for (int commit = 0; commit < 2_000; commit++) {
			List<StateChange> changes = new ArrayList<>();
			for (int i = 0; i < 50; i++) {
				sequence++;
				changes.add(put(sequence, "plant.sensor" + (sequence % 20), (sequence + 19) / 20, "{\"value\":1}"));
			}
			persistence.commit(changes);
			if (commit % 100 == 99) {
				persistence.applyRetention(T0, 5_000);
			}
		}
		// 100,000 changes were written and the log keeps 5,000; the file reuses the space
		// of the rest: about 4 MB, where without compaction it reaches 13 MB
		assertThat(persistence.firstRetainedSequence()).isEqualTo(95_001);
		assertThat(this.dataDir.resolve("state.store").toFile().length()).isLessThan(8L * 1024 * 1024);
	}

	@Test
	void emptyLogShouldStartAfterTheLastSequence() {
		EmbeddedStatePersistence persistence = open();
		persistence.open();
		persistence.commit(List.of(put(1, "a", 1, "1"), put(2, "a", 2, "2")));
		persistence.applyRetention(T0.plusSeconds(1), 100);
		assertThat(persistence.firstRetainedSequence()).isEqualTo(3);
		assertThat(persistence.readEvents(null, "", null, null, 0, 10)).isEmpty();
	}

	@Test
	void interruptedReaderShouldNotCloseTheFileUnderTheWriter() throws Exception {
		EmbeddedStatePersistence persistence = open();
		persistence.open();
		List<StateChange> changes = new ArrayList<>();
		for (int i = 1; i <= 5_000; i++) {
			changes.add(put(i, "k" + (i % 100), (i + 99) / 100, "{\"padding\":\"" + "p".repeat(200) + "\"}"));
		}
		persistence.commit(changes);
		persistence.close();
		EmbeddedStatePersistence reopened = open();
		reopened.open();
		AtomicInteger read = new AtomicInteger();
		AtomicBoolean keptInterrupt = new AtomicBoolean();
		Thread reader = new Thread(() -> {
			Thread.currentThread().interrupt();
			read.set(reopened.readEvents(null, "", null, null, 0, 5_000).size());
			keptInterrupt.set(Thread.currentThread().isInterrupted());
		});
		reader.start();
		reader.join();
		assertThat(read).hasValue(5_000);
		assertThat(keptInterrupt).isTrue();
		reopened.commit(List.of(put(5_001, "k1", 51, "1")));
		assertThat(reopened.readEvents("k1", "", null, null, 5_000, 10)).hasSize(1);
	}

	@Test
	void storeFileOfANewerSchemaShouldBeRefused() {
		try (MVStore store = new MVStore.Builder().fileName(this.dataDir.resolve("state.store").toString()).open()) {
			MVMap<String, Long> meta = store.openMap("meta");
			meta.put("schema_version", 3L);
		}
		assertThatExceptionOfType(StatePersistenceException.class).isThrownBy(() -> open().open())
			.withMessageContaining("written by a newer version of Library (schema 3, this one knows 2)");
	}

	@Test
	void secondPersistenceOnTheSameDirectoryShouldFailAndLeaveTheFirstWorking() {
		EmbeddedStatePersistence first = open();
		first.open();
		assertThatExceptionOfType(StatePersistenceException.class).isThrownBy(() -> open().open())
			.withMessageContaining("already open in this process");
		first.commit(List.of(put(1, "a", 1, "1")));
		assertThat(first.readEvents(null, "", null, null, 0, 10)).hasSize(1);
	}

	private EmbeddedStatePersistence open() {
		EmbeddedStatePersistence persistence = new EmbeddedStatePersistence(this.dataDir, mapper, true);
		this.opened.add(persistence);
		return persistence;
	}

	static StateChange put(long sequence, String key, long version, String json) {
		return new StateChange(sequence, StateChange.Type.PUT, key, version, T0.plusNanos(sequence), "test",
				Quality.GOOD, json(json), version == 1);
	}

	static StateChange delete(long sequence, String key, long version) {
		return new StateChange(sequence, StateChange.Type.DELETE, key, version, T0.plusNanos(sequence), "user", null,
				null, false);
	}

	static JsonNode json(String json) {
		return mapper.readTree(json);
	}

	private static List<Long> sequences(List<StateChange> changes) {
		return changes.stream().map(StateChange::sequence).toList();
	}

	static class Unwritable {

		public String getValue() {
			throw new IllegalStateException("cannot be written");
		}

	}

}
