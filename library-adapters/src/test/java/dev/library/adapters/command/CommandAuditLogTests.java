package dev.library.adapters.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link CommandAuditLog} on real files: durable across restarts, interrupted
 * commands, compaction and queries.
 *
 * @author Library
 */
class CommandAuditLogTests {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	@TempDir
	Path directory;

	@Test
	void commandsSurviveARestartInTheirOrder() {
		Path file = this.directory.resolve("adapters/commands.jsonl");
		CommandAuditLog log = new CommandAuditLog(file, mapper, 100);
		log.open();
		Command first = command("c1", "valve1", Instant.parse("2026-01-01T00:00:00Z"));
		log.record(first);
		log.record(command("c2", "pump1", Instant.parse("2026-01-01T00:01:00Z")));
		log.record(first.completed(CommandStatus.CONFIRMED, null, JsonNodeFactory.instance.numberNode(30),
				Instant.parse("2026-01-01T00:02:00Z")));
		log.close();

		CommandAuditLog reopened = new CommandAuditLog(file, mapper, 100);
		reopened.open();
		assertThat(reopened.find("c1").orElseThrow().status()).isEqualTo(CommandStatus.CONFIRMED);
		assertThat(reopened.find("c1").orElseThrow().readBack().intValue()).isEqualTo(30);
		assertThat(reopened.query(null, null, 10)).extracting(Command::id).containsExactly("c2", "c1");
		assertThat(reopened.query("valve1", null, 10)).extracting(Command::id).containsExactly("c1");
		assertThat(reopened.query(null, Instant.parse("2026-01-01T00:00:30Z"), 10)).extracting(Command::id)
			.containsExactly("c2");
		reopened.close();
	}

	@Test
	void commandPendingAtARestartIsRecordedAsFailed() {
		Path file = this.directory.resolve("commands.jsonl");
		CommandAuditLog log = new CommandAuditLog(file, mapper, 100);
		log.open();
		log.record(command("c1", "valve1", Instant.now()));
		log.close();
		CommandAuditLog reopened = new CommandAuditLog(file, mapper, 100);
		reopened.open();
		Command command = reopened.find("c1").orElseThrow();
		assertThat(command.status()).isEqualTo(CommandStatus.FAILED);
		assertThat(command.reason()).isEqualTo("interrupted by a restart");
		reopened.close();
	}

	@Test
	void tornLastLineIsSkippedAndTheFileIsCompacted() throws Exception {
		Path file = this.directory.resolve("commands.jsonl");
		CommandAuditLog log = new CommandAuditLog(file, mapper, 3);
		log.open();
		for (int i = 0; i < 8; i++) {
			Command command = command("c" + i, "valve1", Instant.now());
			log.record(command);
			log.record(command.completed(CommandStatus.CONFIRMED, null, null, Instant.now()));
		}
		log.close();
		Files.writeString(file, "{\"id\":\"torn", java.nio.file.StandardOpenOption.APPEND);
		CommandAuditLog reopened = new CommandAuditLog(file, mapper, 3);
		reopened.open();
		assertThat(reopened.query(null, null, 10)).extracting(Command::id).containsExactly("c7", "c6", "c5");
		assertThat(Files.readAllLines(file)).hasSize(3);
		reopened.close();
	}

	private static Command command(String id, String device, Instant at) {
		return new Command(id, device, "position", JsonNodeFactory.instance.numberNode(30), "anonymous", at,
				CommandStatus.PENDING, null, null, null, null);
	}

}
