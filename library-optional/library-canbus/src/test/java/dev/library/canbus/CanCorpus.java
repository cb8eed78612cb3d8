package dev.library.canbus;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the shared CAN corpus ({@code shared/data/can}: DBC files and candump logs)
 * beside the repository. Its absence is a failure, never a skip: CI has it at the same
 * place.
 *
 * @author Library
 */
public final class CanCorpus {

	private CanCorpus() {
	}

	/**
	 * Return the corpus folder, walking up from the working directory.
	 * @return the {@code shared/data/can} folder
	 * @throws IllegalStateException if it is not found
	 */
	public static Path root() {
		Path start = Path.of("").toAbsolutePath();
		for (Path dir = start; dir != null; dir = dir.getParent()) {
			Path candidate = dir.resolve("shared/data/can");
			if (Files.isDirectory(candidate)) {
				return candidate;
			}
		}
		throw new IllegalStateException("CAN test corpus not found: no shared/data/can above " + start
				+ " (CI and development checkouts have it at ../shared/data from the repository root)");
	}

	/**
	 * Return a file of the corpus.
	 * @param relative its path inside {@code shared/data/can}
	 * @return the file
	 */
	public static Path file(String relative) {
		Path file = root().resolve(relative);
		if (!Files.isRegularFile(file)) {
			throw new IllegalStateException("CAN test corpus file missing: " + file);
		}
		return file;
	}

}
