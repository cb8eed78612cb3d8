package dev.library.state;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.awaitility.Awaitility;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property tests of the version and sequence rules of {@link DefaultStateStore}: whatever
 * the operations, each key's versions and the global sequence only grow, and the event
 * log holds exactly the changes made.
 *
 * @author Library
 */
class DefaultStateStoreVersionTests {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	@Property(tries = 200)
	void versionsAndSequencesShouldOnlyGrow(@ForAll("operations") List<Operation> operations) {
		DefaultStateStore store = new DefaultStateStore(new InMemoryStatePersistence(10_000),
				StateStoreOptions.defaults(), mapper, null, new SimpleMeterRegistry(), Clock.systemUTC());
		store.start();
		try {
			Map<String, Long> lastVersion = new HashMap<>();
			long lastSequence = 0;
			int changes = 0;
			for (Operation operation : operations) {
				StateChange change = apply(store, operation);
				if (change == null) {
					continue;
				}
				changes++;
				assertThat(change.sequence()).isEqualTo(lastSequence + 1);
				assertThat(change.version()).isEqualTo(lastVersion.getOrDefault(change.key(), 0L) + 1);
				lastSequence = change.sequence();
				lastVersion.put(change.key(), change.version());
				StateValue current = store.get(change.key()).block();
				if (change.type() == StateChange.Type.PUT) {
					assertThat(current.version()).isEqualTo(change.version());
				}
				else {
					assertThat(current).isNull();
				}
			}
			long expected = changes;
			Awaitility.await()
				.pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofMillis(2))
				.untilAsserted(() -> assertThat(store.status().committedSequence()).isEqualTo(expected));
			List<StateChange> log = store.events(EventQuery.all(10_000)).block().events();
			assertThat(log).hasSize(changes);
		}
		finally {
			store.stop();
		}
	}

	private static StateChange apply(DefaultStateStore store, Operation operation) {
		try {
			return switch (operation.kind()) {
				case PUT -> store
					.put(operation.key(), mapper.getNodeFactory().numberNode(operation.number()), "test", Quality.GOOD)
					.block();
				case DELETE -> store.delete(operation.key(), "test").block();
				case CAS -> {
					StateValue current = store.get(operation.key()).block();
					long expected = (current != null) ? current.version() : StateStore.ABSENT;
					yield store
						.compareAndSet(operation.key(), expected + ((operation.number() % 3 == 0) ? 1 : 0),
								mapper.getNodeFactory().numberNode(operation.number()), "test", Quality.GOOD)
						.block();
				}
			};
		}
		catch (StateVersionConflictException ex) {
			return null;
		}
	}

	@Provide
	Arbitrary<List<Operation>> operations() {
		Arbitrary<Operation> operation = Combinators
			.combine(Arbitraries.of(Kind.class), Arbitraries.of("a", "b", "c.d"), Arbitraries.integers().between(0, 99))
			.as(Operation::new);
		return operation.list().ofMaxSize(60);
	}

	enum Kind {

		PUT, DELETE, CAS

	}

	record Operation(Kind kind, String key, int number) {

	}

}
