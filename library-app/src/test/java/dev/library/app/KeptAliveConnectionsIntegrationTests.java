package dev.library.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several clients at once, each sending request after request on one kept-alive HTTP/1.1
 * connection without an {@code Accept} header, as probes and scrapers may: every request
 * is answered. Reproduces a hang of Actuator endpoints that
 * {@code DefaultAcceptHeaderFilter} works around.
 *
 * @author Library
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class KeptAliveConnectionsIntegrationTests {

	private static final int CLIENTS = 4;

	private static final int REQUESTS_PER_CLIENT = 60;

	@LocalServerPort
	private int port;

	@ParameterizedTest
	@ValueSource(strings = { "/health/readyz", "/health/livez", "/metrics" })
	void everyRequestWithoutAcceptIsAnswered(String path) throws Exception {
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(10))
			.build();
		assertThat(request.headers().firstValue("Accept")).isEmpty();
		List<Future<Integer>> answered = new ArrayList<>();
		try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
			for (int c = 0; c < CLIENTS; c++) {
				answered.add(clients.submit(() -> {
					int ok = 0;
					for (int i = 0; i < REQUESTS_PER_CLIENT; i++) {
						HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
						ok += (response.statusCode() == 200) ? 1 : 0;
					}
					return ok;
				}));
			}
			for (Future<Integer> count : answered) {
				assertThat(count.get()).isEqualTo(REQUESTS_PER_CLIENT);
			}
		}
	}

}
