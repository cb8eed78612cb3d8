package dev.library.adapters.command;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit trail of commands: who sent what to which output, when, and what came of it.
 * Every change of a command is appended as one JSON line to a file (forced to the device
 * before the command goes on), so the trail survives restarts; at start the file is read
 * back, and rewritten with the newest {@code maxEntries} commands when it has grown past
 * twice that. A command found {@code PENDING} at start was interrupted by the restart and
 * is recorded {@code FAILED}.
 *
 * @author Library
 */
public class CommandAuditLog {

	private static final Log logger = LogFactory.getLog(CommandAuditLog.class);

	private final Path file;

	private final JsonMapper mapper;

	private final int maxEntries;

	private final LinkedHashMap<String, Command> commands = new LinkedHashMap<>();

	private @Nullable FileChannel channel;

	private final List<Consumer<Command>> listeners = new CopyOnWriteArrayList<>();

	/**
	 * Create an audit log.
	 * @param file the file, created with its directories if missing
	 * @param mapper writes and reads the JSON lines
	 * @param maxEntries how many commands are kept
	 */
	public CommandAuditLog(Path file, JsonMapper mapper, int maxEntries) {
		this.file = file;
		this.mapper = mapper;
		this.maxEntries = maxEntries;
	}

	/**
	 * Add a listener told of every command recorded from now on, after it is on the
	 * device. It is called while the trail is locked: it must be quick (hand the command
	 * over to another thread) and must not call back into the trail.
	 * @param listener the listener
	 */
	public void addListener(Consumer<Command> listener) {
		this.listeners.add(listener);
	}

	/**
	 * Read the file and open it for appending. Blocks.
	 */
	public synchronized void open() {
		try {
			Files.createDirectories(this.file.toAbsolutePath().getParent());
			int lines = 0;
			if (Files.exists(this.file)) {
				for (String line : Files.readAllLines(this.file, StandardCharsets.UTF_8)) {
					if (line.isBlank()) {
						continue;
					}
					lines++;
					try {
						Command command = this.mapper.readValue(line, Command.class);
						this.commands.put(command.id(), command);
					}
					catch (RuntimeException ex) {
						// A torn last line after a crash; everything before it is intact
						logger.warn("Skipped an unreadable line of the command audit trail " + this.file);
					}
				}
			}
			trim();
			Instant now = Instant.now();
			List<Command> interrupted = this.commands.values()
				.stream()
				.filter((command) -> !command.status().isFinal())
				.map((command) -> command.completed(CommandStatus.FAILED, "interrupted by a restart", null, now))
				.toList();
			if (lines > 2 * this.maxEntries || !interrupted.isEmpty()) {
				interrupted.forEach((command) -> this.commands.put(command.id(), command));
				rewrite();
			}
			this.channel = FileChannel.open(this.file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
					StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Command audit trail " + this.file + " cannot be opened", ex);
		}
	}

	/**
	 * Close the file.
	 */
	public synchronized void close() {
		FileChannel current = this.channel;
		this.channel = null;
		if (current != null) {
			try {
				current.close();
			}
			catch (IOException ex) {
				logger.warn("Command audit trail " + this.file + " not closed cleanly", ex);
			}
		}
	}

	/**
	 * Record a command or a change of its status. Blocks until the line is on the device.
	 * @param command the command
	 */
	public synchronized void record(Command command) {
		// An update keeps the command's place: the trail is in the order commands came
		this.commands.put(command.id(), command);
		trim();
		FileChannel current = this.channel;
		if (current == null) {
			logger.warn("Command " + command.id() + " recorded in memory only: the audit trail is closed");
			return;
		}
		try {
			byte[] line = (this.mapper.writeValueAsString(command) + "\n").getBytes(StandardCharsets.UTF_8);
			ByteBuffer buffer = ByteBuffer.wrap(line);
			while (buffer.hasRemaining()) {
				current.write(buffer);
			}
			current.force(false);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Command " + command.id() + " not written to the audit trail", ex);
		}
		for (Consumer<Command> listener : this.listeners) {
			try {
				listener.accept(command);
			}
			catch (RuntimeException ex) {
				logger.warn("A listener of the command audit trail failed on command " + command.id(), ex);
			}
		}
	}

	/**
	 * Return a command.
	 * @param id the command id
	 * @return the command, or empty
	 */
	public synchronized Optional<Command> find(String id) {
		return Optional.ofNullable(this.commands.get(id));
	}

	/**
	 * Return the newest commands first, filtered.
	 * @param device only commands to this device, or {@code null}
	 * @param since only commands received at or after this instant, or {@code null}
	 * @param limit the largest number of commands
	 * @return the commands, newest first
	 */
	public synchronized List<Command> query(@Nullable String device, @Nullable Instant since, int limit) {
		List<Command> result = new ArrayList<>();
		for (Command command : this.commands.sequencedValues().reversed()) {
			if (result.size() >= limit) {
				break;
			}
			if ((device == null || device.equals(command.device()))
					&& (since == null || !command.requestedAt().isBefore(since))) {
				result.add(command);
			}
		}
		return result;
	}

	private void trim() {
		Iterator<String> oldest = this.commands.keySet().iterator();
		while (this.commands.size() > this.maxEntries && oldest.hasNext()) {
			oldest.next();
			oldest.remove();
		}
	}

	private void rewrite() throws IOException {
		Path temporary = this.file.resolveSibling(this.file.getFileName() + ".tmp");
		StringBuilder content = new StringBuilder();
		for (Command command : this.commands.values()) {
			content.append(this.mapper.writeValueAsString(command)).append('\n');
		}
		Files.writeString(temporary, content, StandardCharsets.UTF_8);
		Files.move(temporary, this.file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

}
