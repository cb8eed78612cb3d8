package dev.library.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The file that holds the sequence of the last state change the broker acknowledged, so
 * that publishing resumes after it when the application starts again.
 *
 * @author Library
 */
public class PublishCursor {

	/**
	 * What {@link #read()} returns when nothing was saved yet.
	 */
	public static final long NONE = -1;

	private final Path file;

	/**
	 * Create a cursor kept in a file.
	 * @param file the file, created with its directories on the first save
	 */
	public PublishCursor(Path file) {
		this.file = file;
	}

	/**
	 * Return the saved sequence. Blocks.
	 * @return the sequence, or {@link #NONE}
	 */
	public long read() {
		try {
			if (!Files.exists(this.file)) {
				return NONE;
			}
			return Long.parseLong(Files.readString(this.file, StandardCharsets.UTF_8).trim());
		}
		catch (IOException | NumberFormatException ex) {
			throw new IllegalStateException("Kafka publish cursor " + this.file
					+ " cannot be read; delete it to publish from the newest change on", ex);
		}
	}

	/**
	 * Save a sequence, atomically. Blocks.
	 * @param sequence the sequence
	 */
	public void save(long sequence) {
		try {
			Files.createDirectories(this.file.toAbsolutePath().getParent());
			Path temporary = this.file.resolveSibling(this.file.getFileName() + ".tmp");
			Files.writeString(temporary, Long.toString(sequence), StandardCharsets.UTF_8);
			Files.move(temporary, this.file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Kafka publish cursor " + this.file + " cannot be saved", ex);
		}
	}

	/**
	 * Return the file.
	 * @return the file
	 */
	public Path file() {
		return this.file;
	}

}
