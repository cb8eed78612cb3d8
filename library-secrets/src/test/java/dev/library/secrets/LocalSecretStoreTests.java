package dev.library.secrets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link LocalSecretStore} and {@link LocalSecretKey}, on real files.
 *
 * @author Library
 */
class LocalSecretStoreTests {

	private static final String VALUE = "s3cr3t-local-value";

	@TempDir
	Path temp;

	private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

	private final SecretKey key = key((byte) 1);

	private static SecretKey key(byte fill) {
		byte[] bytes = new byte[32];
		java.util.Arrays.fill(bytes, fill);
		return new SecretKeySpec(bytes, "AES");
	}

	private LocalSecretStore store() {
		return new LocalSecretStore(this.temp.resolve("store"), this.key, 3, this.clock);
	}

	@Test
	void writtenValueShouldBeReadBackAndNotStoredInClear() throws IOException {
		LocalSecretStore store = store();
		SecretMetadata written = store.write("db-password", SecretValue.ofString(VALUE), null);
		assertThat(written.currentVersion()).isEqualTo(1);
		assertThat(written.backend()).isEqualTo("local");
		assertThat(new String(store.read("db-password").chars())).isEqualTo(VALUE);
		byte[] file = Files.readAllBytes(this.temp.resolve("store/db-password.secret"));
		assertThat(new String(file, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(VALUE)
			.doesNotContain(Base64.getEncoder().encodeToString(VALUE.getBytes()));
	}

	@Test
	void reopenedStoreShouldKeepSecretsAndMetadata() {
		store().write("api-key", SecretValue.ofString(VALUE), new SecretStore.Rotation(Duration.ofDays(30), "default"));
		LocalSecretStore reopened = store();
		SecretMetadata metadata = reopened.metadata("api-key");
		assertThat(metadata.maxAge()).isEqualTo(Duration.ofDays(30));
		assertThat(metadata.nextRotation()).isEqualTo(Instant.parse("2026-01-31T00:00:00Z"));
		assertThat(new String(reopened.read("api-key").chars())).isEqualTo(VALUE);
		reopened.verify();
	}

	@Test
	void writesBeyondMaxVersionsShouldDropTheOldest() {
		LocalSecretStore store = store();
		for (int i = 1; i <= 5; i++) {
			store.write("rolling", SecretValue.ofString("v" + i), null);
		}
		List<SecretVersion> versions = store.versions("rolling");
		assertThat(versions).extracting(SecretVersion::version).containsExactly(3, 4, 5);
		assertThat(versions).extracting(SecretVersion::current).containsExactly(false, false, true);
		assertThat(new String(store.read("rolling").chars())).isEqualTo("v5");
	}

	@Test
	void deletedSecretShouldNotBeReadableUntilUndeleted() {
		LocalSecretStore store = store();
		store.write("gone", SecretValue.ofString(VALUE), null);
		store.delete("gone");
		assertThat(store.metadata("gone").deleted()).isTrue();
		assertThatExceptionOfType(SecretNotFoundException.class).isThrownBy(() -> store.read("gone"));
		assertThatExceptionOfType(SecretNotFoundException.class).isThrownBy(() -> store.delete("gone"));
		store.undelete("gone");
		assertThat(new String(store.read("gone").chars())).isEqualTo(VALUE);
	}

	@Test
	void unknownSecretShouldBeNotFound() {
		assertThatExceptionOfType(SecretNotFoundException.class).isThrownBy(() -> store().read("nothing"));
		assertThatExceptionOfType(SecretNotFoundException.class).isThrownBy(() -> store().metadata("nothing"));
	}

	@Test
	void invalidNameShouldBeRefusedBeforeTouchingFiles() {
		assertThatExceptionOfType(InvalidSecretNameException.class)
			.isThrownBy(() -> store().write("../escape", SecretValue.ofString(VALUE), null));
		assertThat(this.temp.resolve("escape.secret")).doesNotExist();
	}

	@Test
	void tamperedFileShouldBeDetectedAndReportedNeverRead() throws IOException {
		LocalSecretStore store = store();
		store.write("tampered", SecretValue.ofString(VALUE), null);
		Path file = this.temp.resolve("store/tampered.secret");
		byte[] content = Files.readAllBytes(file);
		content[content.length - 5] ^= 0x01;
		Files.write(file, content);
		assertThatExceptionOfType(SecretStoreIntegrityException.class).isThrownBy(() -> store.read("tampered"))
			.withMessageContaining("failed authentication")
			.withMessageNotContaining(VALUE);
		assertThatExceptionOfType(SecretStoreIntegrityException.class).isThrownBy(store::verify)
			.withMessageContaining("tampered");
		assertThatExceptionOfType(SecretStoreIntegrityException.class).isThrownBy(() -> store().verify());
	}

	@Test
	void fileRenamedToAnotherSecretShouldBeDetected() throws IOException {
		LocalSecretStore store = store();
		store.write("one", SecretValue.ofString("first"), null);
		store.write("two", SecretValue.ofString("second"), null);
		Files.copy(this.temp.resolve("store/one.secret"), this.temp.resolve("store/two.secret"),
				java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		assertThatExceptionOfType(SecretStoreIntegrityException.class).isThrownBy(() -> store.read("two"));
	}

	@Test
	void truncatedOrDeletedFileShouldBeDetected() throws IOException {
		LocalSecretStore store = store();
		store.write("short", SecretValue.ofString(VALUE), null);
		store.write("missing", SecretValue.ofString(VALUE), null);
		Files.write(this.temp.resolve("store/short.secret"), new byte[] { 'L', 'I' });
		Files.delete(this.temp.resolve("store/missing.secret"));
		assertThatExceptionOfType(SecretStoreIntegrityException.class).isThrownBy(store::verify)
			.withMessageContaining("short")
			.withMessageContaining("missing");
		assertThatExceptionOfType(SecretStoreIntegrityException.class).isThrownBy(() -> store.read("missing"));
	}

	@Test
	void storeOpenedWithAnotherKeyShouldReportIntegrityFailure() {
		store().write("keyed", SecretValue.ofString(VALUE), null);
		LocalSecretStore other = new LocalSecretStore(this.temp.resolve("store"), key((byte) 2), 3, this.clock);
		assertThatExceptionOfType(SecretStoreIntegrityException.class).isThrownBy(other::verify);
		assertThatExceptionOfType(SecretStoreIntegrityException.class).isThrownBy(() -> other.read("keyed"));
	}

	@Test
	void writeShouldLeaveNoTemporaryFile() throws IOException {
		LocalSecretStore store = store();
		store.write("atomic", SecretValue.ofString(VALUE), null);
		store.write("atomic", SecretValue.ofString(VALUE + "2"), null);
		try (var files = Files.list(this.temp.resolve("store"))) {
			assertThat(files.map((file) -> file.getFileName().toString())).containsExactly("atomic.secret");
		}
	}

	@Test
	void staleTemporaryFileFromACrashShouldNotDisturbTheStore() throws IOException {
		LocalSecretStore store = store();
		store.write("crash", SecretValue.ofString(VALUE), null);
		Files.write(this.temp.resolve("store/.crash.secret.tmp"), new byte[] { 1, 2, 3 });
		LocalSecretStore reopened = store();
		reopened.verify();
		assertThat(new String(reopened.read("crash").chars())).isEqualTo(VALUE);
		reopened.write("crash", SecretValue.ofString("after"), null);
		assertThat(new String(reopened.read("crash").chars())).isEqualTo("after");
	}

	@Test
	void storeWithoutKeyShouldRefuseWritesAndSayWhatToConfigure() {
		LocalSecretStore store = new LocalSecretStore(this.temp.resolve("store"), null, 3, this.clock);
		assertThat(store.isWritable()).isFalse();
		assertThat(store.list()).isEmpty();
		store.verify();
		assertThatExceptionOfType(SecretStoreUnavailableException.class)
			.isThrownBy(() -> store.write("x", SecretValue.ofString(VALUE), null))
			.withMessageContaining("library.secrets.local.key-file")
			.withMessageContaining("LIBRARY_SECRETS_LOCAL_KEY");
	}

	@Test
	void storeWithoutKeyButWithDataShouldFailItsIntegrityCheck() {
		store().write("orphan", SecretValue.ofString(VALUE), null);
		LocalSecretStore keyless = new LocalSecretStore(this.temp.resolve("store"), null, 3, this.clock);
		assertThatExceptionOfType(SecretStoreIntegrityException.class).isThrownBy(keyless::verify)
			.withMessageContaining("no key");
	}

	@Test
	void keyFileInsideTheStoreDirectoryShouldBeRefused() {
		Path store = this.temp.resolve("store");
		assertThatIllegalStateException().isThrownBy(() -> LocalSecretKey.load(null, store.resolve("key"), store, true))
			.withMessageContaining("library.secrets.local.key-file")
			.withMessageContaining("inside the secret store directory");
		assertThatIllegalStateException()
			.isThrownBy(() -> LocalSecretKey.load(null, store.resolve("sub/../key"), store, true));
	}

	@Test
	void keyFileReachedThroughASymlinkIntoTheStoreShouldBeRefused() throws IOException {
		Path store = Files.createDirectories(this.temp.resolve("store"));
		Path link = Files.createSymbolicLink(this.temp.resolve("link"), store);
		assertThatIllegalStateException().isThrownBy(() -> LocalSecretKey.load(null, link.resolve("key"), store, true))
			.withMessageContaining("inside the secret store directory");
	}

	@Test
	void missingKeyFileShouldBeGeneratedOwnerOnlyAndReused() throws IOException {
		Path keyFile = this.temp.resolve("keys/secrets.key");
		SecretKey generated = LocalSecretKey.load(null, keyFile, this.temp.resolve("store"), true);
		assertThat(generated).isNotNull();
		assertThat(Files.getPosixFilePermissions(keyFile)).containsExactlyInAnyOrder(
				java.nio.file.attribute.PosixFilePermission.OWNER_READ,
				java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
		SecretKey again = LocalSecretKey.load(null, keyFile, this.temp.resolve("store"), true);
		assertThat(again.getEncoded()).isEqualTo(generated.getEncoded());
	}

	@Test
	void missingKeyFileWithoutGenerationShouldBeRefused() {
		assertThatIllegalStateException()
			.isThrownBy(() -> LocalSecretKey.load(null, this.temp.resolve("absent.key"), this.temp.resolve("s"), false))
			.withMessageContaining("does not exist");
	}

	@Test
	void inlineKeyShouldTakePrecedenceAndBeChecked() {
		String inline = Base64.getEncoder().encodeToString(new byte[32]);
		assertThat(LocalSecretKey.load(inline, null, this.temp, false)).isNotNull();
		assertThatIllegalStateException()
			.isThrownBy(
					() -> LocalSecretKey.load(Base64.getEncoder().encodeToString(new byte[16]), null, this.temp, false))
			.withMessageContaining("32 bytes");
		assertThatIllegalStateException().isThrownBy(() -> LocalSecretKey.load("not base64!", null, this.temp, false))
			.withMessageContaining("not base64");
		assertThat(LocalSecretKey.load(null, null, this.temp, true)).isNull();
	}

}
