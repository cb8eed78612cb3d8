package dev.library.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.Assert;

/**
 * The file that keeps the sessions of persistent kinds across restarts: a JSON array,
 * replaced atomically (written beside, forced to disk, then moved over), so that a crash
 * mid-write leaves the previous content.
 * <p>
 * A file that cannot be read is moved aside as {@code <name>.unreadable-<time>} with an
 * error in the log naming it, and its sessions are lost rather than blocking start-up.
 *
 * @author Library
 */
public class SessionFile {

	private static final Log logger = LogFactory.getLog(SessionFile.class);

	private static final TypeReference<List<PersistedSession>> SESSIONS = new TypeReference<>() {
	};

	private final Path path;

	private final JsonMapper jsonMapper;

	/**
	 * Create a new instance.
	 * @param path where the sessions are kept; its directory is created when needed
	 * @param jsonMapper reads and writes the file
	 */
	public SessionFile(Path path, JsonMapper jsonMapper) {
		Assert.notNull(path, "'path' must not be null");
		Assert.notNull(jsonMapper, "'jsonMapper' must not be null");
		this.path = path;
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Return where the sessions are kept.
	 * @return the path
	 */
	public Path path() {
		return this.path;
	}

	/**
	 * Read the sessions kept.
	 * @return the sessions, empty if there is no file or it could not be read
	 */
	public List<PersistedSession> read() {
		if (!Files.exists(this.path)) {
			return List.of();
		}
		try {
			return List.copyOf(this.jsonMapper.readValue(this.path.toFile(), SESSIONS));
		}
		catch (JacksonException | IllegalArgumentException | NullPointerException ex) {
			Path aside = this.path.resolveSibling(this.path.getFileName() + ".unreadable-"
					+ DateTimeFormatter.ISO_INSTANT.format(Instant.now()).replace(':', '-'));
			String reason = (ex instanceof JacksonException jackson) ? jackson.getOriginalMessage() : ex.getMessage();
			logger.error("Persisted sessions in " + this.path + " cannot be read (" + reason + "); moved the file to "
					+ aside + " and starting without them");
			moveAside(aside);
			return List.of();
		}
	}

	private void moveAside(Path aside) {
		try {
			Files.move(this.path, aside, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot move unreadable " + this.path + " aside", ex);
		}
	}

	/**
	 * Replace the sessions kept.
	 * @param sessions the sessions
	 * @throws UncheckedIOException if the file cannot be written; its previous content is
	 * then unchanged
	 */
	public synchronized void write(Collection<PersistedSession> sessions) {
		try {
			Files.createDirectories(this.path.toAbsolutePath().getParent());
			Path temporary = this.path.resolveSibling(this.path.getFileName() + ".tmp");
			byte[] content = this.jsonMapper.writeValueAsBytes(List.copyOf(sessions));
			try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
					StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
				ByteBuffer buffer = ByteBuffer.wrap(content);
				while (buffer.hasRemaining()) {
					channel.write(buffer);
				}
				channel.force(true);
			}
			try {
				Files.move(temporary, this.path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(temporary, this.path, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write persisted sessions to " + this.path, ex);
		}
	}

	/**
	 * A session as kept in the file.
	 *
	 * @param id its id
	 * @param kind its kind
	 * @param owner who holds it
	 * @param openedAt when it was opened
	 * @param lastActiveAt when it was last touched
	 * @param attributes its attributes
	 */
	public record PersistedSession(String id, String kind, String owner, Instant openedAt, Instant lastActiveAt,
			Map<String, String> attributes) {

		public PersistedSession {
			Assert.hasText(id, "'id' must not be empty");
			Assert.hasText(kind, "'kind' must not be empty");
			Assert.hasText(owner, "'owner' must not be empty");
			Assert.notNull(openedAt, "'openedAt' must not be null");
			Assert.notNull(lastActiveAt, "'lastActiveAt' must not be null");
			attributes = (attributes != null) ? Map.copyOf(attributes) : Map.of();
		}

	}

}
