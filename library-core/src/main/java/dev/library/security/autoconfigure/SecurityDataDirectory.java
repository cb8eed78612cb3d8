package dev.library.security.autoconfigure;

import java.nio.file.Path;

/**
 * The security data directory, resolved once: {@code library.security.data-dir}, or
 * "security" under {@code library.state.data-dir}.
 *
 * @param path the directory
 */
record SecurityDataDirectory(Path path) {

}
