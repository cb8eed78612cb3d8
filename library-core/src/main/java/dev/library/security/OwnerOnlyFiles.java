package dev.library.security;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files that only the owner of the process may read: token hashes, the generated
 * admin token, the audit log.
 */
final class OwnerOnlyFiles {

	private static final boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

	private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");

	private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

	private OwnerOnlyFiles() {
	}

	static void createDirectory(Path directory) throws IOException {
		if (!Files.isDirectory(directory)) {
			Files.createDirectories(directory);
			if (posix) {
				Files.setPosixFilePermissions(directory, OWNER_DIRECTORY);
			}
		}
	}

	/**
	 * Replace the file's content at once: a reader sees the old content or the new, never
	 * a part, even if the process dies while writing.
	 */
	static void writeAtomically(Path file, byte[] content) throws IOException {
		Path directory = file.toAbsolutePath().getParent();
		createDirectory(directory);
		Path temporary = directory.resolve("." + file.getFileName() + ".tmp");
		Files.deleteIfExists(temporary);
		create(temporary);
		try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
			channel.write(ByteBuffer.wrap(content));
			channel.force(true);
		}
		Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	static void append(Path file, byte[] content) throws IOException {
		if (!Files.exists(file)) {
			createDirectory(file.toAbsolutePath().getParent());
			create(file);
		}
		Files.write(file, content, StandardOpenOption.APPEND);
	}

	private static void create(Path file) throws IOException {
		if (posix) {
			Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_FILE));
		}
		else {
			Files.createFile(file);
		}
	}

}
