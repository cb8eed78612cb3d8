package dev.library.adapters;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real process with the virtual plant, sent SIGTERM ({@link Process#destroy()} on
 * Linux): its outputs end in their safe state, as the plant's outputs file shows, and the
 * audit trail on disk records why.
 *
 * @author Library
 */
class SigtermIntegrationTests {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

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
	void sigtermDrivesEveryOutputToItsSafeState() throws Exception {
		int port = freePort();
		Path outputs = this.directory.resolve("outputs.properties");
		Path dataDir = this.directory.resolve("data");
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
						System.getProperty("java.class.path"), AdaptersTestApplication.class.getName(),
						"--spring.profiles.active=sigterm", "--server.port=" + port,
						"--library.state.data-dir=" + dataDir, "--plant-outputs-file=" + outputs));
		this.process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(Path.of("target", "sigterm-child.log").toFile())
			.start();
		String base = "http://localhost:" + port;
		await().atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(500))
			.failFast(() -> !this.process.isAlive())
			.until(() -> get(base + "/adapters/plant").contains("\"status\":\"CONNECTED\""));

		assertThat(post(base + "/devices/pump1/points/running", "{\"value\": true}")).isEqualTo(200);
		assertThat(post(base + "/devices/valve1/points/position", "{\"value\": 40}")).isEqualTo(200);
		assertThat(Files.readString(outputs)).contains("pump.running=true", "valve.position=40.0");

		this.process.destroy();
		assertThat(this.process.waitFor(60, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
		assertThat(Files.readString(outputs)).contains("pump.running=false", "valve.position=0.0");
		String audit = Files.readString(dataDir.resolve("adapters/commands.jsonl"));
		assertThat(audit.lines().filter((line) -> line.contains("\"reason\":\"shutdown\""))).hasSize(2);
	}

	private String get(String uri) {
		try {
			return this.http
				.send(HttpRequest.newBuilder(URI.create(uri))
					.timeout(Duration.ofSeconds(5))
					.header("Authorization", "Bearer " + AdaptersTestApplication.ADMIN_TOKEN)
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

	private int post(String uri, String json) throws Exception {
		return this.http
			.send(HttpRequest.newBuilder(URI.create(uri))
				.timeout(Duration.ofSeconds(10))
				.header("Authorization", "Bearer " + AdaptersTestApplication.ADMIN_TOKEN)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(json))
				.build(), HttpResponse.BodyHandlers.ofString())
			.statusCode();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
