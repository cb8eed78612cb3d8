package dev.library.database;

import java.nio.file.Path;
import java.time.Duration;

import javax.net.ssl.SSLContext;

import dev.library.config.autoconfigure.ConfigAutoConfiguration;
import dev.library.core.autoconfigure.CoreAutoConfiguration;
import dev.library.database.autoconfigure.DatabaseAutoConfiguration;
import dev.library.schema.autoconfigure.SchemaAutoConfiguration;
import dev.library.secrets.autoconfigure.SecretsAutoConfiguration;
import dev.library.state.Quality;
import dev.library.state.StatePersistence;
import dev.library.state.StateStore;
import dev.library.state.autoconfigure.StateAutoConfiguration;
import dev.library.vault.OpensslCertificates;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The database component reaches PostgreSQL over TLS with a Spring Boot SSL bundle
 * ({@code library.database.ssl-bundle}), with certificates made at test time by openssl:
 * PostgreSQL's TLS side is {@link TlsPostgresFront} (the server's negotiation and
 * handshake, relaying to the real test server), the driver's side is the real one,
 * checking the certificate chain and the host name.
 *
 * @author Library
 */
class DatabaseTlsIntegrationTests {

	private TestPostgres.TestDatabase database;

	private TlsPostgresFront front;

	private OpensslCertificates certificates;

	@TempDir
	Path certificateDir;

	@TempDir
	Path dataDir;

	@BeforeEach
	void start() throws Exception {
		this.database = TestPostgres.createDatabase();
		this.certificates = OpensslCertificates.authority(this.certificateDir, "postgres-ca");
		this.certificates.issue("postgres-ca", "localhost", "DNS:localhost,IP:127.0.0.1");
		OpensslCertificates.authority(this.certificateDir, "other-ca");
		SSLContext serverContext = SslBundle
			.of(new PemSslStoreBundle(PemSslStoreDetails.forCertificate(this.certificates.pem("localhost.crt"))
				.withPrivateKey(this.certificates.pem("localhost.key")), null))
			.createSslContext();
		TestPostgres.Server server = TestPostgres.server();
		this.front = new TlsPostgresFront(serverContext, server.host(), server.port());
	}

	@AfterEach
	void stop() throws Exception {
		this.front.close();
		this.database.close();
	}

	private ApplicationContextRunner contextRunner(String trustedCa) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, CoreAutoConfiguration.class,
					ConfigAutoConfiguration.class, SchemaAutoConfiguration.class, StateAutoConfiguration.class,
					SecretsAutoConfiguration.class, DatabaseAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("library.enabled-components.database=true",
					"library.database.url=r2dbc:postgresql://localhost:" + this.front.port() + "/"
							+ this.database.name(),
					"library.database.username=" + this.database.username(),
					"library.database.password=" + this.database.password(), "library.database.ssl-bundle=postgres",
					"spring.ssl.bundle.pem.postgres.truststore.certificate=file:"
							+ this.certificates.file(trustedCa + ".crt"),
					"library.state.data-dir=" + this.dataDir, "library.database.health.timeout=5s");
	}

	@Test
	void connectsOverTlsVerifyingTheServerAgainstTheBundle() {
		contextRunner("postgres-ca").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(StatePersistence.class)).isInstanceOf(PostgresStatePersistence.class);
			StateStore store = context.getBean(StateStore.class);
			store.put("plant.tank1.level", JsonNodeFactory.instance.numberNode(42), "test", Quality.GOOD)
				.block(Duration.ofSeconds(30));
			assertThat(this.database
				.queryForLong("SELECT count(*) FROM library_state_event WHERE state_key = 'plant.tank1.level'"))
				.isEqualTo(1);
			Health health = context.getBean(DatabaseHealthIndicator.class).health().block(Duration.ofSeconds(30));
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			// every connection went through the front's handshake; none was plain
			assertThat(this.front.negotiatedProtocols()).isNotEmpty()
				.allMatch((protocol) -> protocol.startsWith("TLS"));
			assertThat(this.front.failures()).isEmpty();
		});
	}

	@Test
	void aServerCertificateFromAnotherAuthorityStopsTheStartSayingWhy() {
		contextRunner("other-ca").run((context) -> {
			// the state store cannot open its tables: the start fails, naming the cause
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("unable to find valid certification path");
			assertThat(context.getStartupFailure()).cause().hasMessageContaining("Component 'state' failed to start");
		});
	}

	@Test
	void flywayMigratesOverTheSameVerifiedTls() throws Exception {
		PostgresEndpoint trusting = endpointThroughFront(bundleTrusting("postgres-ca"));
		assertThat(PlatformSchemaMigrations.migrate(trusting)).isPositive();
		assertThat(this.front.negotiatedProtocols()).isNotEmpty();
		assertThat(this.front.failures()).isEmpty();
		PostgresEndpoint distrusting = endpointThroughFront(bundleTrusting("other-ca"));
		assertThatException().isThrownBy(() -> PlatformSchemaMigrations.migrate(distrusting))
			.havingRootCause()
			.withMessageContaining("unable to find valid certification path");
	}

	private PostgresEndpoint endpointThroughFront(SslBundle bundle) {
		SslBundles bundles = new DefaultSslBundleRegistry("postgres", bundle);
		return new PostgresEndpoint("r2dbc:postgresql://localhost:" + this.front.port() + "/" + this.database.name(),
				this.database.username(), this.database.password())
			.withJdbcParameters(SslBundleConnectionOptions.jdbcParameters("postgres", bundles));
	}

	private SslBundle bundleTrusting(String ca) throws Exception {
		return SslBundle
			.of(new PemSslStoreBundle(null, PemSslStoreDetails.forCertificate(this.certificates.pem(ca + ".crt"))));
	}

}
