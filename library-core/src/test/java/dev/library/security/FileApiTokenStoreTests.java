package dev.library.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link FileApiTokenStore} against real files.
 *
 * @author Library
 */
class FileApiTokenStoreTests {

	private final JsonMapper mapper = JsonMapper.builder().build();

	@TempDir
	Path directory;

	@Test
	void tokensSurviveAReopenAndOnlyHashesAreWrittenOwnerOnly() throws Exception {
		Path file = this.directory.resolve("security/api-tokens.json");
		FileApiTokenStore store = new FileApiTokenStore(file, this.mapper);
		String value = ApiTokenValues.generate();
		store.create(new ApiToken("gateway", Set.of(Role.OPERATOR), Instant.parse("2026-01-01T00:00:00Z"),
				ApiTokenValues.hash(value)));
		assertThat(Files.readString(file)).contains("gateway", "operator", ApiTokenValues.hash(value))
			.doesNotContain(value);
		assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
		assertThat(Files.getPosixFilePermissions(file.getParent()))
			.isEqualTo(PosixFilePermissions.fromString("rwx------"));
		FileApiTokenStore reopened = new FileApiTokenStore(file, this.mapper);
		assertThat(reopened.findByHash(ApiTokenValues.hash(value))).hasValueSatisfying((token) -> {
			assertThat(token.name()).isEqualTo("gateway");
			assertThat(token.roles()).containsExactly(Role.OPERATOR);
			assertThat(token.created()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
		});
		assertThat(reopened.findByHash(ApiTokenValues.hash("lib_other"))).isEmpty();
	}

	@Test
	void revokedTokenIsGoneAfterAReopen() {
		Path file = this.directory.resolve("api-tokens.json");
		FileApiTokenStore store = new FileApiTokenStore(file, this.mapper);
		String hash = ApiTokenValues.hash(ApiTokenValues.generate());
		store.create(new ApiToken("short-lived", Set.of(Role.VIEWER), Instant.now(), hash));
		assertThat(store.revoke("short-lived")).isTrue();
		assertThat(store.revoke("short-lived")).isFalse();
		assertThat(store.findByHash(hash)).isEmpty();
		assertThat(new FileApiTokenStore(file, this.mapper).list()).isEmpty();
		assertThat(this.directory.resolve(".api-tokens.json.tmp")).doesNotExist();
	}

	@Test
	void duplicateNameIsRefused() {
		FileApiTokenStore store = new FileApiTokenStore(this.directory.resolve("api-tokens.json"), this.mapper);
		store.create(new ApiToken("twin", Set.of(Role.VIEWER), Instant.now(), ApiTokenValues.hash("lib_1")));
		assertThatExceptionOfType(ApiTokenExistsException.class).isThrownBy(() -> store
			.create(new ApiToken("twin", Set.of(Role.ADMIN), Instant.now(), ApiTokenValues.hash("lib_2"))));
		assertThat(store.list()).hasSize(1);
	}

	@Test
	void corruptFileStopsOpeningWithAMessageNamingIt() throws Exception {
		Path file = this.directory.resolve("api-tokens.json");
		Files.writeString(file,
				"{\"tokens\": [{\"name\": \"x\", \"roles\": [\"root\"], \"created\": \"2026-01-01T00:00:00Z\","
						+ " \"sha256\": \"00\"}]}");
		assertThatIllegalStateException().isThrownBy(() -> new FileApiTokenStore(file, this.mapper))
			.withMessageContaining(file.toString());
	}

}
