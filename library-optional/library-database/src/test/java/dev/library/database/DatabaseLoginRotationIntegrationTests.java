package dev.library.database;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.library.config.autoconfigure.ConfigAutoConfiguration;
import dev.library.core.autoconfigure.CoreAutoConfiguration;
import dev.library.database.autoconfigure.DatabaseAutoConfiguration;
import dev.library.schema.autoconfigure.SchemaAutoConfiguration;
import dev.library.secrets.SecretMetadata;
import dev.library.secrets.SecretRotatedEvent;
import dev.library.secrets.SecretStore;
import dev.library.secrets.SecretValue;
import dev.library.secrets.autoconfigure.SecretsAutoConfiguration;
import dev.library.state.Quality;
import dev.library.state.StatePersistence;
import dev.library.state.StateStore;
import dev.library.state.autoconfigure.StateAutoConfiguration;
import dev.library.vault.VaultDatabaseCredentials;
import dev.library.vault.VaultHttpApiFixture;
import dev.library.vault.autoconfigure.VaultAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The database component logs in with a rotating login and takes up a new one without a
 * restart, against a real PostgreSQL: Vault dynamic credentials issued by
 * {@link VaultHttpApiFixture} (a local server speaking Vault's HTTP API; the test creates
 * each issued user as a real PostgreSQL role, as Vault's database engine would), and a
 * password held in the encrypted local secret store. While state changes are written
 * without pause, the login is rotated: new connections use the new user, the old user's
 * connections are drained, the old role is then dropped, and every write reaches
 * PostgreSQL.
 * <p>
 * The test user must be allowed to create roles ({@code .ci/run} grants CREATEROLE).
 *
 * @author Library
 */
class DatabaseLoginRotationIntegrationTests {

	private final VaultHttpApiFixture vault = new VaultHttpApiFixture().start();

	private final List<String> issuedUsers = new CopyOnWriteArrayList<>();

	private TestPostgres.TestDatabase database;

	private String owner;

	@TempDir
	Path dataDir;

	@TempDir
	Path keyDir;

	@BeforeEach
	void createDatabaseAndOwnerRole() {
		this.database = TestPostgres.createDatabase();
		// Vault's recommended layout: short-lived users are members of one owner role and
		// act as it, so the tables outlive every user.
		this.owner = this.database.name() + "_owner";
		this.database.execute("CREATE ROLE " + this.owner + " NOLOGIN");
		this.database.execute("GRANT " + this.owner + " TO " + this.database.username());
		this.database.execute("GRANT ALL ON SCHEMA public TO " + this.owner);
		this.vault.onCredentialsIssued = (username, password) -> {
			createUser(username, password);
			this.issuedUsers.add(username);
		};
	}

	@AfterEach
	void dropDatabaseAndRoles() {
		this.vault.close();
		this.database.close();
		for (String user : this.issuedUsers) {
			TestPostgres.server().execute("DROP ROLE IF EXISTS \"" + user + "\"");
		}
		TestPostgres.server().execute("DROP ROLE IF EXISTS " + this.owner);
	}

	private void createUser(String username, String password) {
		this.database
			.execute("CREATE ROLE \"" + username + "\" LOGIN PASSWORD '" + password + "' IN ROLE " + this.owner);
		this.database.execute("ALTER ROLE \"" + username + "\" SET role = '" + this.owner + "'");
		// so the test user sees (pg_stat_activity) and ends its sessions
		this.database.execute("GRANT \"" + username + "\" TO " + this.database.username());
	}

	private ApplicationContextRunner contextRunner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CoreAutoConfiguration.class, ConfigAutoConfiguration.class,
					SchemaAutoConfiguration.class, StateAutoConfiguration.class, SecretsAutoConfiguration.class,
					VaultAutoConfiguration.class, DatabaseAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("library.enabled-components.database=true",
					"library.database.url=" + this.database.r2dbcUrl(), "library.state.data-dir=" + this.dataDir,
					"library.database.health.check-interval=200ms", "library.database.health.timeout=2s",
					"library.database.pool.max-idle-time=2s");
	}

	@Test
	void vaultCredentialsRotatedWhileWritingShouldSwitchThePoolAndLoseNoWrite() {
		contextRunner().withPropertyValues("library.vault.enabled=true", "library.vault.uri=" + this.vault.uri(),
				"library.vault.authentication=token", "library.vault.token=" + VaultHttpApiFixture.ROOT_TOKEN,
				"library.vault.database-credentials.app=database/creds/app", "library.database.vault-credentials=app")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(StatePersistence.class)).isInstanceOf(PostgresStatePersistence.class);
				RotatingLoginConnectionFactory connections = context.getBean(RotatingLoginConnectionFactory.class);
				String first = this.issuedUsers.get(0);
				assertThat(connections.username()).isEqualTo(first);

				writeWhileRotating(context, () -> context.getBean(VaultDatabaseCredentials.class).rotate("app"), first,
						() -> this.issuedUsers.get(this.issuedUsers.size() - 1));
			});
	}

	@Test
	void passwordSecretRotatedWhileWritingShouldSwitchThePoolAndLoseNoWrite() {
		String user = this.database.name() + "_app";
		createUser(user, "first-password-1");
		this.issuedUsers.add(user);
		String keyFile = "library.secrets.local.key-file=" + this.keyDir.resolve("secrets.key");
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CoreAutoConfiguration.class, ConfigAutoConfiguration.class,
					SecretsAutoConfiguration.class))
			.withPropertyValues(keyFile, "library.state.data-dir=" + this.dataDir)
			.run((context) -> context.getBean(SecretStore.class)
				.write("db-password", SecretValue.ofString("first-password-1"), null));
		contextRunner()
			.withPropertyValues(keyFile, "library.database.username=" + user,
					"library.database.password-secret=db-password")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				writeWhileRotating(context, () -> {
					// as a rotation hook would: the role's password first, then a new
					// version, announced as PUT /secrets/{name} announces it
					this.database.execute("ALTER ROLE \"" + user + "\" PASSWORD 'second-password-2'");
					SecretMetadata written = context.getBean(SecretStore.class)
						.write("db-password", SecretValue.ofString("second-password-2"), null);
					context.publishEvent(new SecretRotatedEvent("db-password", written.backend(),
							written.currentVersion(), SecretRotatedEvent.Reason.WRITTEN));
				}, user, () -> user);
			});
	}

	/**
	 * Write state changes without pause, rotate, check the pool moved to the new login
	 * and drained the connections of the old one, end the old login as Vault's revocation
	 * would, and check every write reached PostgreSQL.
	 */
	private void writeWhileRotating(AssertableApplicationContext context, Runnable rotate, String oldUser,
			Supplier<String> newUser) throws Exception {
		StateStore store = context.getBean(StateStore.class);
		RotatingLoginConnectionFactory connections = context.getBean(RotatingLoginConnectionFactory.class);
		AtomicBoolean writing = new AtomicBoolean(true);
		AtomicInteger written = new AtomicInteger();
		List<Throwable> failures = new CopyOnWriteArrayList<>();
		Thread writer = Thread.ofPlatform().name("rotation-test-writer").start(() -> {
			while (writing.get()) {
				int n = written.get();
				try {
					store.put("rotation.key" + n, JsonNodeFactory.instance.numberNode(n), "test", Quality.GOOD)
						.block(Duration.ofSeconds(30));
					written.incrementAndGet();
					Thread.sleep(10);
				}
				catch (Throwable ex) {
					failures.add(ex);
					return;
				}
			}
		});
		await().atMost(Duration.ofSeconds(30)).until(() -> persisted() >= 20);
		long rotatedAt = this.database.queryForLong("SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint");
		rotate.run();
		await().atMost(Duration.ofSeconds(30)).until(() -> connections.generation() == 2);
		String user = newUser.get();
		assertThat(connections.username()).isEqualTo(user);
		// the connections of the old login are retired as they are returned or found idle
		await().atMost(Duration.ofSeconds(40)).until(() -> connectionsOpenedBefore(oldUser, rotatedAt) == 0);
		if (!oldUser.equals(user)) {
			// Vault's revocation at the end of the old lease: end its sessions, drop it
			this.database
				.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + oldUser + "'");
			this.database.execute("DROP ROLE \"" + oldUser + "\"");
		}
		int atRotation = written.get();
		await().atMost(Duration.ofSeconds(30)).until(() -> written.get() >= atRotation + 50);
		await().atMost(Duration.ofSeconds(10)).until(() -> connectionsOpenedBefore(user, Long.MAX_VALUE) > 0);
		writing.set(false);
		writer.join(Duration.ofSeconds(30));
		assertThat(failures).isEmpty();
		await().atMost(Duration.ofSeconds(60)).until(() -> persisted() == written.get());
		assertThat(context.getBean(PostgresStatePersistence.class).bufferedChanges()).isZero();
	}

	private long persisted() {
		return this.database.queryForLong("SELECT count(*) FROM library_state_entry WHERE state_key LIKE 'rotation.%'");
	}

	private long connectionsOpenedBefore(String user, long epochMillis) {
		return this.database.queryForLong("SELECT count(*) FROM pg_stat_activity WHERE datname = '"
				+ this.database.name() + "' AND usename = '" + user + "' AND backend_start < to_timestamp("
				+ Math.min(epochMillis, 32503680000000L) + " / 1000.0)");
	}

}
