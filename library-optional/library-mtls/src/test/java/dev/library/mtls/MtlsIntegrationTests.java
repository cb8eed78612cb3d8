package dev.library.mtls;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;

import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * mTLS over real TLS handshakes, with certificates made at test time: no certificate, a
 * certificate from another CA, an expired certificate and the right one, with the JDK
 * HTTP client and with curl; role mapping, rotation of the PEM files without a restart,
 * the expiry gauge, and enforcement at run time.
 *
 * @author Library
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MtlsIntegrationTests {

	private static final String ADMIN_TOKEN = "lib_mtls-tests-admin-token-not-for-production";

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private final JsonMapper json = JsonMapper.builder().build();

	private Path directory;

	private Path certificates;

	private LocalCertificateAuthority ca;

	private LocalCertificateAuthority.IssuedCertificate admin;

	private LocalCertificateAuthority.IssuedCertificate operator;

	private LocalCertificateAuthority.IssuedCertificate unmapped;

	private LocalCertificateAuthority.IssuedCertificate expired;

	private LocalCertificateAuthority.IssuedCertificate otherCa;

	private X509Certificate initialServer;

	private ConfigurableApplicationContext context;

	private int port;

	@BeforeAll
	void startApplicationServedWithMtls(@TempDir Path directory) throws IOException {
		this.directory = directory;
		Instant now = Instant.now();
		Instant yesterday = now.minus(Duration.ofDays(1));
		Instant nextYear = now.plus(Duration.ofDays(365));
		this.certificates = this.directory.resolve("tls");
		this.ca = LocalCertificateAuthority.create("Test CA", yesterday, nextYear);
		this.ca.certificate().write(this.certificates.resolve("ca.crt"), this.directory.resolve("ca.key"));
		LocalCertificateAuthority.IssuedCertificate server = this.ca.issueServer("localhost",
				List.of("localhost", "127.0.0.1"), yesterday, nextYear);
		server.write(this.certificates.resolve("tls.crt"), this.certificates.resolve("tls.key"));
		this.initialServer = server.certificate();
		this.admin = this.ca.issueClient("admin-client", yesterday, nextYear);
		this.operator = this.ca.issueClient("op-gateway", yesterday, nextYear);
		this.unmapped = this.ca.issueClient("stranger", yesterday, nextYear);
		this.expired = this.ca.issueClient("admin-client", now.minus(Duration.ofDays(30)), yesterday);
		this.otherCa = LocalCertificateAuthority.create("Other CA", yesterday, nextYear)
			.issueClient("admin-client", yesterday, nextYear);
		this.context = new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.REACTIVE)
			.run("--server.port=0", "--spring.main.banner-mode=off", "--library.enabled-components.mtls=true",
					"--library.mtls.certificate-directory=" + this.certificates,
					"--library.mtls.roles.admin-client=admin", "--library.mtls.roles.[op-*]=operator",
					"--spring.ssl.bundle.watch.file.quiet-period=100ms",
					"--library.state.data-dir=" + this.directory.resolve("data"),
					"--library.security.bootstrap-token=" + ADMIN_TOKEN, "--management.endpoints.web.base-path=/",
					"--management.endpoints.web.exposure.include=health,prometheus",
					"--management.endpoints.web.path-mapping.prometheus=metrics");
		this.port = Integer.parseInt(this.context.getEnvironment().getProperty("local.server.port"));
	}

	@AfterAll
	void stopApplication() {
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	@Order(1)
	void rightCertificateSignsInWithTheMappedRoles() throws Exception {
		HttpResponse<String> info = get("/mtls/info", this.admin, null);
		assertThat(info.statusCode()).isEqualTo(200);
		assertThat(info.sslSession()).get().extracting((session) -> session.getProtocol()).isEqualTo("TLSv1.3");
		JsonNode body = this.json.readTree(info.body());
		assertThat(body.get("clientAuth").asString()).isEqualTo("want");
		assertThat(body.get("serverCertificate").get("subject").asString()).isEqualTo("CN=localhost");
		assertThat(body.get("serverCertificate").get("subjectAlternativeNames").toString()).contains("DNS:localhost",
				"IP:127.0.0.1");
		assertThat(body.get("serverCertificate").get("issuer").asString()).isEqualTo("CN=Test CA");
		assertThat(body.get("serverCertificate").get("daysLeft").asLong()).isBetween(363L, 365L);
		assertThat(body.get("trustedCas").get(0).get("subject").asString()).isEqualTo("CN=Test CA");
		assertThat(body.get("protocols").toString()).isEqualTo("[\"TLSv1.3\"]");
		assertThat(get("/components", this.operator, null).statusCode()).isEqualTo(200);
		HttpResponse<String> denied = post("/mtls/enforce", this.operator, null);
		assertThat(denied.statusCode()).isEqualTo(403);
		assertThat(denied.body()).contains("admin");
		assertThat(get("/components", this.unmapped, null).statusCode()).isEqualTo(403);
	}

	@Test
	@Order(2)
	void noCertificateWhenOnlyWantedNeedsBearerCredentials() throws Exception {
		HttpResponse<String> anonymous = get("/components", null, null);
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(anonymous.headers().firstValue("Content-Type")).get()
			.asString()
			.startsWith("application/problem+json");
		assertThat(get("/components", null, ADMIN_TOKEN).statusCode()).isEqualTo(200);
	}

	@Test
	@Order(3)
	void certificateFromAnotherCaFailsTheHandshake() throws Exception {
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> get("/components", this.otherCa, null));
		// A client that follows the CA names the server asks for withholds the
		// certificate instead, and is then simply not signed in.
		assertThat(send(request("/components", null).GET().build(), this.otherCa, false).statusCode()).isEqualTo(401);
	}

	@Test
	@Order(4)
	void expiredCertificateFailsTheHandshake() {
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> get("/components", this.expired, null));
	}

	@Test
	@Order(5)
	void curlSignsInWithTheRightCertificateAndIsRefusedWithout() throws Exception {
		Path adminCrt = this.directory.resolve("admin.crt");
		Path adminKey = this.directory.resolve("admin.key");
		this.admin.write(adminCrt, adminKey);
		String ca = this.certificates.resolve("ca.crt").toString();
		String url = "https://localhost:" + this.port + "/mtls/info";
		assertThat(curl("--cacert", ca, "--cert", adminCrt.toString(), "--key", adminKey.toString(), url))
			.endsWith("200");
		assertThat(curl("--cacert", ca, url)).endsWith("401");
		Path otherCrt = this.directory.resolve("other.crt");
		Path otherKey = this.directory.resolve("other.key");
		this.otherCa.write(otherCrt, otherKey);
		assertThat(curl("--cacert", ca, "--cert", otherCrt.toString(), "--key", otherKey.toString(), url))
			.as("a certificate from another CA fails the handshake")
			.endsWith("000");
		assertThat(curl("--cacert", ca, "--tlsv1.2", "--tls-max", "1.2", url)).as("TLS 1.2 is refused").endsWith("000");
	}

	@Test
	@Order(6)
	void expiryGaugeHoldsTheSecondsLeft() {
		double seconds = this.context.getBean(MeterRegistry.class)
			.get("library.mtls.certificate.expiry")
			.gauge()
			.value();
		assertThat(seconds).isBetween((double) Duration.ofDays(364).toSeconds(),
				(double) Duration.ofDays(365).toSeconds());
	}

	@Test
	@Order(7)
	void rotatedCertificateIsPresentedOnTheNextHandshakeWithoutRestart() throws Exception {
		assertThat(presentedServerCertificate().getSerialNumber()).isEqualTo(this.initialServer.getSerialNumber());
		Instant now = Instant.now();
		LocalCertificateAuthority.IssuedCertificate rotated = this.ca.issueServer("localhost",
				List.of("localhost", "127.0.0.1", "rotated.example"), now.minus(Duration.ofHours(1)),
				now.plus(Duration.ofDays(90)));
		rotated.write(this.certificates.resolve("tls.crt"), this.certificates.resolve("tls.key"));
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(250))
			.untilAsserted(() -> assertThat(presentedServerCertificate().getSerialNumber())
				.isEqualTo(rotated.certificate().getSerialNumber()));
		JsonNode info = this.json.readTree(get("/mtls/info", this.admin, null).body());
		assertThat(info.get("lastReload").isNull()).isFalse();
		assertThat(info.get("serverCertificate").get("subjectAlternativeNames").toString())
			.contains("DNS:rotated.example");
		assertThat(info.get("serverCertificate").get("daysLeft").asLong()).isBetween(88L, 90L);
	}

	@Test
	@Order(8)
	void enforcementIsRefusedToACallerWithoutCertificateThenRequiresCertificatesOnNewConnections() throws Exception {
		HttpResponse<String> refused = post("/mtls/enforce", null, ADMIN_TOKEN);
		assertThat(refused.statusCode()).isEqualTo(409);
		assertThat(refused.body()).contains("https://library.dev/problems/mtls-enforcement-refused")
			.contains("without a client certificate");
		HttpResponse<String> enforced = post("/mtls/enforce", this.admin, null);
		assertThat(enforced.statusCode()).isEqualTo(200);
		assertThat(enforced.body()).contains("\"clientAuth\":\"need\"").contains("\"changed\":true");
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> get("/components", null, ADMIN_TOKEN));
		assertThat(get("/components", this.admin, null).statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(get("/mtls/info", this.admin, null).body()).get("clientAuth").asString())
			.isEqualTo("need");
		String audit = get("/security/audit", this.admin, null).body();
		assertThat(audit).contains("ENFORCEMENT_CHANGED")
			.contains("cert:admin-client")
			.contains("client certificates required");
	}

	@Test
	@Order(9)
	void aCertificateCloseToExpiryRaisesTheExpiryAlarmAndARenewedOneClearsIt() throws Exception {
		JsonNode definitions = this.json.readTree(get("/alarms/definitions", this.admin, null).body());
		assertThat(definitions.toString()).contains("mtls-certificate-expiry");
		assertThat(mtlsHealth().get("status").asString()).isEqualTo("UP");
		Instant now = Instant.now();
		LocalCertificateAuthority.IssuedCertificate expiring = this.ca.issueServer("localhost",
				List.of("localhost", "127.0.0.1"), now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(3)));
		expiring.write(this.certificates.resolve("tls.crt"), this.certificates.resolve("tls.key"));
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			JsonNode days = this.json.readTree(get("/state/" + ServerCertificateValidity.KEY, this.admin, null).body())
				.get("value");
			assertThat(days.asDouble()).isBetween(2.9, 3.0);
			JsonNode alarms = this.json.readTree(get("/alarms?tag=mtls", this.admin, null).body()).get("alarms");
			assertThat(alarms).hasSize(1);
			assertThat(alarms.get(0).get("definition").asString()).isEqualTo("mtls-certificate-expiry");
			assertThat(alarms.get(0).get("state").asString()).isEqualTo("UNACK");
			assertThat(alarms.get(0).get("message").asString()).contains("expires in 2.9 days");
		});
		JsonNode health = mtlsHealth();
		assertThat(health.get("status").asString()).isEqualTo("UP");
		assertThat(health.get("details").get("expiresSoon").asBoolean()).isTrue();
		LocalCertificateAuthority.IssuedCertificate renewed = this.ca.issueServer("localhost",
				List.of("localhost", "127.0.0.1"), now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(90)));
		renewed.write(this.certificates.resolve("tls.crt"), this.certificates.resolve("tls.key"));
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			JsonNode alarms = this.json.readTree(get("/alarms?tag=mtls", this.admin, null).body()).get("alarms");
			assertThat(alarms).hasSize(1);
			assertThat(alarms.get(0).get("active").asBoolean()).isFalse();
			assertThat(alarms.get(0).get("state").asString()).isEqualTo("RTN_UNACK");
		});
		assertThat(mtlsHealth().get("details").get("expiresSoon").asBoolean()).isFalse();
	}

	private JsonNode mtlsHealth() throws Exception {
		HttpResponse<String> response = get("/health/mtls", this.admin, null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return this.json.readTree(response.body());
	}

	private X509Certificate presentedServerCertificate() throws Exception {
		HttpResponse<String> response = get("/health/livez", null, null);
		Certificate[] chain = response.sslSession().orElseThrow().getPeerCertificates();
		return (X509Certificate) chain[0];
	}

	private HttpResponse<String> get(String path, LocalCertificateAuthority.@Nullable IssuedCertificate client,
			@Nullable String token) throws Exception {
		return send(request(path, token).GET().build(), client);
	}

	private HttpResponse<String> post(String path, LocalCertificateAuthority.@Nullable IssuedCertificate client,
			@Nullable String token) throws Exception {
		return send(request(path, token).POST(HttpRequest.BodyPublishers.noBody()).build(), client);
	}

	private HttpRequest.Builder request(String path, @Nullable String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + this.port + path))
			.timeout(TIMEOUT);
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return request;
	}

	private HttpResponse<String> send(HttpRequest request, LocalCertificateAuthority.@Nullable IssuedCertificate client)
			throws Exception {
		return send(request, client, true);
	}

	/**
	 * Send over a client of its own, so that every request makes a new handshake.
	 * @param always whether the certificate is presented even when the server asks for
	 * another CA's
	 */
	private HttpResponse<String> send(HttpRequest request, LocalCertificateAuthority.@Nullable IssuedCertificate client,
			boolean always) throws Exception {
		try (HttpClient http = HttpClient.newBuilder()
			.connectTimeout(TIMEOUT)
			.version(HttpClient.Version.HTTP_1_1)
			.sslContext(sslContext(client, always))
			.build()) {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
	}

	private SSLContext sslContext(LocalCertificateAuthority.@Nullable IssuedCertificate client, boolean always)
			throws Exception {
		KeyStore trust = KeyStore.getInstance("PKCS12");
		trust.load(null, null);
		trust.setCertificateEntry("ca", this.ca.certificate().certificate());
		TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trustManagers.init(trust);
		KeyManagerFactory keyManagers = null;
		if (client != null) {
			KeyStore keys = KeyStore.getInstance("PKCS12");
			keys.load(null, null);
			char[] password = "test".toCharArray();
			keys.setKeyEntry("client", client.privateKey(), password, new Certificate[] { client.certificate() });
			keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keyManagers.init(keys, password);
		}
		SSLContext context = SSLContext.getInstance("TLS");
		KeyManager[] presented = null;
		if (keyManagers != null) {
			X509KeyManager keyManager = (X509KeyManager) keyManagers.getKeyManagers()[0];
			presented = always ? new KeyManager[] { new AlwaysPresentingKeyManager(keyManager) }
					: keyManagers.getKeyManagers();
		}
		context.init(presented, trustManagers.getTrustManagers(), null);
		return context;
	}

	/**
	 * Run curl and return its output followed by the HTTP status ({@code 000} when no
	 * response came).
	 */
	private static String curl(String... arguments) throws Exception {
		List<String> command = new ArrayList<>(
				List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "20"));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor();
		return output.trim();
	}

	/**
	 * Presents the one client certificate whatever CAs the server names, as a client that
	 * ignores them (curl, for one) does.
	 */
	private static final class AlwaysPresentingKeyManager extends X509ExtendedKeyManager {

		private final X509KeyManager delegate;

		AlwaysPresentingKeyManager(X509KeyManager delegate) {
			this.delegate = delegate;
		}

		@Override
		public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
			return "client";
		}

		@Override
		public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
			return "client";
		}

		@Override
		public String[] getClientAliases(String keyType, Principal[] issuers) {
			return new String[] { "client" };
		}

		@Override
		public String[] getServerAliases(String keyType, Principal[] issuers) {
			return new String[0];
		}

		@Override
		public @Nullable String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
			return null;
		}

		@Override
		public X509Certificate[] getCertificateChain(String alias) {
			return this.delegate.getCertificateChain(alias);
		}

		@Override
		public PrivateKey getPrivateKey(String alias) {
			return this.delegate.getPrivateKey(alias);
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
