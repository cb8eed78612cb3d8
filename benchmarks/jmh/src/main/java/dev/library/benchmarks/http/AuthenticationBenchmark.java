package dev.library.benchmarks.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.library.mtls.LocalCertificateAuthority;
import dev.library.state.Quality;
import dev.library.state.StateStore;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Requests per second of {@code GET /state/{key}} over HTTPS by the way the caller signs
 * in, against the same route read anonymously in the same run: the platform (security,
 * state, the mtls component) runs in this JVM on a random port, with TLS 1.3 from
 * certificates made at set-up, and the JDK HTTP client keeps its connections alive, so
 * the handshake is paid once per connection and each request pays what its authentication
 * costs:
 * <ul>
 * <li>{@code anonymous}: the baseline, a key under {@code open.}, a prefix made anonymous
 * for reading ({@code library.security.anonymous-paths});</li>
 * <li>{@code apiToken}: {@code Authorization: Bearer} with an API token (hashed and
 * looked up);</li>
 * <li>{@code jwt}: {@code Authorization: Bearer} with an RS256 JWT (signature, expiry and
 * audience checked; the JWK set served by a local HTTP server and cached);</li>
 * <li>{@code mtls}: a client certificate, mapped to the viewer role by its CN.</li>
 * </ul>
 * Each authenticated request also passes the role check of the route, which the anonymous
 * baseline skips.
 *
 * @author Library
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@Threads(4)
@State(Scope.Benchmark)
public class AuthenticationBenchmark {

	private static final String API_TOKEN = "lib_benchmark-admin-token-not-for-production";

	private static final String AUDIENCE = "library";

	private Path directory;

	private HttpServer jwks;

	private ConfigurableApplicationContext platform;

	private HttpClient serverVerified;

	private HttpClient withClientCertificate;

	private URI base;

	private String jwt;

	@Setup
	public void startPlatform() throws Exception {
		this.directory = Files.createTempDirectory("library-auth-benchmark");
		Instant now = Instant.now();
		Instant yesterday = now.minus(Duration.ofDays(1));
		Instant tomorrow = now.plus(Duration.ofDays(1));
		LocalCertificateAuthority ca = LocalCertificateAuthority.create("Benchmark CA", yesterday, tomorrow);
		Path tls = this.directory.resolve("tls");
		ca.certificate().write(tls.resolve("ca.crt"), this.directory.resolve("ca.key"));
		ca.issueServer("localhost", List.of("localhost"), yesterday, tomorrow)
			.write(tls.resolve("tls.crt"), tls.resolve("tls.key"));
		LocalCertificateAuthority.IssuedCertificate client = ca.issueClient("bench-client", yesterday, tomorrow);
		RSAKey signingKey = new RSAKeyGenerator(2048).keyID("bench").generate();
		this.jwks = serveJwkSet(signingKey);
		this.jwt = sign(signingKey, now);
		this.platform = new SpringApplicationBuilder(Platform.class).web(WebApplicationType.REACTIVE)
			.run("--server.port=0", "--spring.main.banner-mode=off", "--logging.level.root=warn",
					"--library.state.data-dir=" + this.directory.resolve("data"),
					"--library.security.bootstrap-token=" + API_TOKEN, "--library.security.rate-limit.enabled=false",
					"--library.security.anonymous-paths=/health/livez,/health/readyz,/metrics,/state/open.*",
					"--library.security.jwt.jwk-set-uri=http://127.0.0.1:" + this.jwks.getAddress().getPort()
							+ "/jwks.json",
					"--library.security.jwt.audiences=" + AUDIENCE, "--library.enabled-components.mtls=true",
					"--library.mtls.certificate-directory=" + tls, "--library.mtls.roles.bench-client=viewer");
		StateStore store = this.platform.getBean(StateStore.class);
		for (String key : List.of("open.tank1.level", "bench.tank1.level")) {
			store.put(key, JsonNodeFactory.instance.numberNode(42.5), "benchmark", Quality.GOOD)
				.block(Duration.ofSeconds(10));
		}
		this.base = URI.create("https://localhost:" + this.platform.getEnvironment().getProperty("local.server.port"));
		this.serverVerified = client(ca, null);
		this.withClientCertificate = client(ca, client);
		// every way in must work before anything is measured
		anonymous();
		apiToken();
		jwt();
		mtls();
	}

	@TearDown
	public void stopPlatform() throws IOException {
		this.platform.close();
		this.jwks.stop(0);
		this.serverVerified.close();
		this.withClientCertificate.close();
		try (var files = Files.walk(this.directory)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
	}

	@Benchmark
	public int anonymous() throws Exception {
		return get(this.serverVerified, "/state/open.tank1.level", null);
	}

	@Benchmark
	public int apiToken() throws Exception {
		return get(this.serverVerified, "/state/bench.tank1.level", API_TOKEN);
	}

	@Benchmark
	public int jwt() throws Exception {
		return get(this.serverVerified, "/state/bench.tank1.level", this.jwt);
	}

	@Benchmark
	public int mtls() throws Exception {
		return get(this.withClientCertificate, "/state/bench.tank1.level", null);
	}

	private int get(HttpClient client, String path, @Nullable String bearer) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.base.resolve(path)).timeout(Duration.ofSeconds(10));
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		HttpResponse<String> response = client.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException(
					"GET " + path + " answered " + response.statusCode() + ": " + response.body());
		}
		return response.body().length();
	}

	private static HttpClient client(LocalCertificateAuthority ca,
			LocalCertificateAuthority.@Nullable IssuedCertificate certificate) throws Exception {
		KeyStore trust = KeyStore.getInstance("PKCS12");
		trust.load(null, null);
		trust.setCertificateEntry("ca", ca.certificate().certificate());
		TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trustManagers.init(trust);
		KeyManagerFactory keyManagers = null;
		if (certificate != null) {
			KeyStore keys = KeyStore.getInstance("PKCS12");
			keys.load(null, null);
			char[] password = "benchmark".toCharArray();
			keys.setKeyEntry("client", certificate.privateKey(), password,
					new Certificate[] { certificate.certificate() });
			keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keyManagers.init(keys, password);
		}
		SSLContext context = SSLContext.getInstance("TLS");
		context.init((keyManagers != null) ? keyManagers.getKeyManagers() : null, trustManagers.getTrustManagers(),
				null);
		return HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.sslContext(context)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	private static HttpServer serveJwkSet(RSAKey key) throws IOException {
		byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/jwks.json", (exchange) -> {
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.start();
		return server;
	}

	private static String sign(RSAKey key, Instant now) throws Exception {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("dashboard")
			.audience(AUDIENCE)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofHours(2))))
			.claim("roles", List.of("viewer"))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

	/**
	 * The platform with every component on the benchmark's class path.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Platform {

	}

}
