package dev.library.database;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.library.state.Quality;
import dev.library.state.StateChange;
import dev.library.state.StatePersistenceException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.util.Assert;

/**
 * A bounded, durable buffer of state changes that could not reach PostgreSQL: one JSON
 * line per change appended to {@code state-changes.jsonl} and forced to the disk before
 * {@link #append(List)} returns. The buffer keeps a copy in memory, in sequence order, so
 * that history queries can see buffered changes. Not thread-safe: its owner serializes
 * access.
 *
 * @author Library
 */
class OutageBuffer {

	private static final Log logger = LogFactory.getLog(OutageBuffer.class);

	private final Path file;

	private final int maxChanges;

	private final JsonMapper jsonMapper;

	private final List<StateChange> changes = new ArrayList<>();

	private @Nullable FileChannel channel;

	OutageBuffer(Path directory, int maxChanges, JsonMapper jsonMapper) {
		Assert.isTrue(maxChanges > 0, "'maxChanges' must be positive");
		this.file = directory.toAbsolutePath().normalize().resolve("state-changes.jsonl");
		this.maxChanges = maxChanges;
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Open the file, creating it if missing, and read the changes it holds. A torn last
	 * line (a crash during an append that was therefore never acknowledged) is dropped.
	 * @return the buffered changes, in sequence order
	 */
	List<StateChange> open() {
		try {
			Files.createDirectories(this.file.getParent());
			this.changes.clear();
			if (Files.exists(this.file)) {
				try (BufferedReader reader = Files.newBufferedReader(this.file, StandardCharsets.UTF_8)) {
					String line;
					while ((line = reader.readLine()) != null) {
						if (line.isBlank()) {
							continue;
						}
						try {
							this.changes.add(read(line));
						}
						catch (JacksonException | IllegalArgumentException ex) {
							logger.warn("Dropping a torn line of " + this.file + ": " + ex.getMessage());
						}
					}
				}
			}
			this.channel = FileChannel.open(this.file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
					StandardOpenOption.APPEND);
			return Collections.unmodifiableList(this.changes);
		}
		catch (IOException ex) {
			throw new StatePersistenceException(
					"Cannot open the database outage buffer " + this.file + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Append changes and force them to the disk.
	 * @param batch the changes, in sequence order, after every buffered one
	 * @throws StatePersistenceException if the buffer is full or cannot be written; then
	 * none is buffered
	 */
	void append(List<StateChange> batch) {
		FileChannel channel = channel();
		if (this.changes.size() + batch.size() > this.maxChanges) {
			throw new StatePersistenceException("The database outage buffer is full (" + this.changes.size()
					+ " changes, library.database.buffer.max-changes=" + this.maxChanges
					+ "); writes wait until PostgreSQL is back");
		}
		StringBuilder lines = new StringBuilder(batch.size() * 128);
		for (StateChange change : batch) {
			lines.append(write(change)).append('\n');
		}
		try {
			long size = channel.size();
			try {
				ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
				while (bytes.hasRemaining()) {
					channel.write(bytes);
				}
				channel.force(false);
			}
			catch (IOException ex) {
				channel.truncate(size);
				throw ex;
			}
		}
		catch (IOException ex) {
			throw new StatePersistenceException(
					"Cannot write the database outage buffer " + this.file + ": " + ex.getMessage(), ex);
		}
		this.changes.addAll(batch);
	}

	/**
	 * Return the buffered changes, in sequence order.
	 * @return the changes; a view that changes with the buffer
	 */
	List<StateChange> changes() {
		return Collections.unmodifiableList(this.changes);
	}

	int size() {
		return this.changes.size();
	}

	boolean isEmpty() {
		return this.changes.isEmpty();
	}

	/**
	 * Empty the buffer once every change it held is committed to PostgreSQL.
	 */
	void clear() {
		try {
			channel().truncate(0);
			channel().force(false);
		}
		catch (IOException ex) {
			// the changes are committed; replaying them again later is harmless
			logger.warn("Cannot empty the database outage buffer " + this.file + ": " + ex.getMessage());
		}
		this.changes.clear();
	}

	void close() {
		if (this.channel != null) {
			try {
				this.channel.close();
			}
			catch (IOException ex) {
				logger.debug("Close failed", ex);
			}
			this.channel = null;
		}
	}

	Path file() {
		return this.file;
	}

	private FileChannel channel() {
		FileChannel channel = this.channel;
		Assert.state(channel != null, "Outage buffer is not open");
		return channel;
	}

	private String write(StateChange change) {
		ObjectNode node = this.jsonMapper.createObjectNode();
		node.put("s", change.sequence());
		node.put("t", change.type().name());
		node.put("k", change.key());
		node.put("v", change.version());
		node.put("ts", PostgresStatePersistence.epochNanos(change.timestamp()));
		node.put("src", change.source());
		if (change.quality() != null) {
			node.put("q", change.quality().name());
		}
		if (change.value() != null) {
			node.set("val", change.value());
		}
		node.put("c", change.created());
		return this.jsonMapper.writeValueAsString(node);
	}

	private StateChange read(String line) {
		JsonNode node = this.jsonMapper.readTree(line);
		JsonNode quality = node.get("q");
		return new StateChange(node.required("s").asLong(), StateChange.Type.valueOf(node.required("t").asString()),
				node.required("k").asString(), node.required("v").asLong(),
				PostgresStatePersistence.instant(node.required("ts").asLong()), node.required("src").asString(),
				(quality != null) ? Quality.valueOf(quality.asString()) : null, node.get("val"),
				node.required("c").asBoolean());
	}

}
