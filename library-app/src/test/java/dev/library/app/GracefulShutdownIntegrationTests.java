package dev.library.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shutdown Kubernetes asks for, on a real process: the whole platform in a child JVM
 * is sent SIGTERM while a request is in flight. Readiness goes down at once (new
 * connections are refused), the request in flight still completes, the outputs are then
 * driven to their safe state (the plant's outputs file and the audit trail on disk say
 * so), and the process exits well within the chart's grace period.
 *
 * @author Library
 */
class GracefulShutdownIntegrationTests {

	/**
	 * The chart's terminationGracePeriodSeconds less its preStop pause.
	 */
	private static final Duration GRACE_PERIOD = Duration.ofSeconds(55);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path directory;

	private Process process;

	@AfterEach
	void kill() {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroyForcibly();
		}
	}

	@Test
	void sigtermTakesReadinessDownDrainsTheRequestInFlightThenDrivesOutputsSafeAndExits() throws Exception {
		int port = freePort();
		Path outputs = this.directory.resolve("outputs.properties");
		Path dataDir = this.directory.resolve("data");
		this.process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", System.getProperty("java.class.path"), LibraryApplication.class.getName(),
				"--spring.profiles.active=graceful-shutdown", "--server.port=" + port,
				"--library.state.data-dir=" + dataDir, "--plant-outputs-file=" + outputs,
				"--spring.lifecycle.timeout-per-shutdown-phase=20s"))
			.redirectErrorStream(true)
			.redirectOutput(Path.of("target", "graceful-shutdown-child.log").toFile())
			.start();
		String base = "http://localhost:" + port;
		await().atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(500))
			.failFast(() -> !this.process.isAlive())
			.until(() -> status(base + "/health/readyz") == 200
					&& get(base + "/adapters/plant").contains("\"status\":\"CONNECTED\""));
		assertThat(post(base + "/devices/valve1/points/position", "{\"value\": 40}")).isEqualTo(200);
		assertThat(Files.readString(outputs)).contains("valve.position=40.0");

		byte[] body = "{\"drained\": true}".getBytes(StandardCharsets.UTF_8);
		try (Socket inFlight = new Socket()) {
			inFlight.connect(new InetSocketAddress("localhost", port), 5000);
			inFlight.setSoTimeout(30_000);
			OutputStream out = inFlight.getOutputStream();
			out.write(
					("PUT /state/shutdown.in-flight HTTP/1.1\r\nHost: localhost:" + port + "\r\nAuthorization: Bearer "
							+ TestTokens.ADMIN + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
							+ "\r\nConnection: close\r\n\r\n")
						.getBytes(StandardCharsets.US_ASCII));
			out.write(body, 0, 5);
			out.flush();
			Thread.sleep(500);

			this.process.destroy();
			Instant sigterm = Instant.now();
			// at once on a quiet machine; the bound leaves room for a loaded CI runner
			await("readiness down after SIGTERM").atMost(Duration.ofSeconds(40))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> status(base + "/health/readyz") != 200);
			assertThat(this.process.isAlive()).as("still draining the request in flight").isTrue();

			Thread.sleep(1000);
			Instant bodyCompleted = Instant.now();
			out.write(body, 5, body.length - 5);
			out.flush();
			String response = new String(inFlight.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(response).as("response to the request in flight").startsWith("HTTP/1.1 201");

			assertThat(this.process.waitFor(GRACE_PERIOD.toSeconds(), TimeUnit.SECONDS))
				.as("exited within the grace period")
				.isTrue();
			assertThat(Duration.between(sigterm, Instant.now())).isLessThan(GRACE_PERIOD);
			assertThat(this.process.exitValue()).as("exit status of a JVM ended by SIGTERM").isEqualTo(143);

			assertThat(Files.readString(outputs)).contains("valve.position=0.0");
			List<JsonNode> safeWrites = Files.readAllLines(dataDir.resolve("adapters/commands.jsonl"))
				.stream()
				.map(this.json::readTree)
				.filter((command) -> "shutdown".equals(command.path("reason").asString(null)))
				.toList();
			assertThat(safeWrites).as("outputs driven safe at shutdown, in the audit trail")
				.anySatisfy((command) -> assertThat(command.path("device").asString()).isEqualTo("valve1"));
			assertThat(safeWrites).as("outputs driven safe only once the request in flight was drained")
				.allSatisfy((command) -> assertThat(Instant.parse(command.path("requestedAt").asString()))
					.isAfter(bodyCompleted));
		}
	}

	private int status(String uri) {
		try {
			return this.http
				.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(2)).build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (ConnectException ex) {
			return -1;
		}
		catch (IOException ex) {
			return -2;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -3;
		}
	}

	private String get(String uri) {
		try {
			return this.http
				.send(HttpRequest.newBuilder(URI.create(uri))
					.timeout(Duration.ofSeconds(5))
					.header("Authorization", "Bearer " + TestTokens.ADMIN)
					.build(), HttpResponse.BodyHandlers.ofString())
				.body();
		}
		catch (IOException ex) {
			return "";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "";
		}
	}

	private int post(String uri, String body) throws Exception {
		return this.http
			.send(HttpRequest.newBuilder(URI.create(uri))
				.timeout(Duration.ofSeconds(10))
				.header("Authorization", "Bearer " + TestTokens.ADMIN)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString())
			.statusCode();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
