package dev.library.state;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Commits changes to an embedded store until it is killed, printing {@code committed} and
 * the last sequence of each commit once it has returned: what the store has acknowledged.
 *
 * @author Library
 * @see EmbeddedStatePersistenceCrashTests
 */
public final class StateWriterProcess {

	static final int KEYS = 10;

	static final int BATCH = 50;

	static final String COMMITTED = "committed ";

	private StateWriterProcess() {
	}

	public static void main(String[] args) {
		EmbeddedStatePersistence persistence = new EmbeddedStatePersistence(Path.of(args[0]),
				JsonMapper.builder().build(), true);
		persistence.open();
		long[] versions = new long[KEYS];
		for (long sequence = 1;;) {
			List<StateChange> changes = new ArrayList<>(BATCH);
			for (int i = 0; i < BATCH; i++, sequence++) {
				int key = (int) (sequence % KEYS);
				long version = ++versions[key];
				changes.add(new StateChange(sequence, StateChange.Type.PUT, "plant.key" + key, version, Instant.now(),
						"writer", Quality.GOOD, JsonNodeFactory.instance.numberNode(sequence), version == 1));
			}
			persistence.commit(changes);
			System.out.println(COMMITTED + changes.get(BATCH - 1).sequence());
		}
	}

}
