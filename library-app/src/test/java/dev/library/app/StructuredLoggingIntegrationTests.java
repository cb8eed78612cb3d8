package dev.library.app;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code logging.structured.format.console=ecs} every log line is JSON, and lines
 * written while a span is current carry its trace and span ids.
 *
 * @author Library
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "logging.structured.format.console=ecs", "management.tracing.sampling.probability=1.0" })
@AutoConfigureWebTestClient
@ExtendWith(OutputCaptureExtension.class)
class StructuredLoggingIntegrationTests {

	private WebTestClient client;

	@Autowired
	void authenticate(WebTestClient client) {
		this.client = TestTokens.asAdmin(client);
	}

	@Test
	void logLinesAreJsonWithTraceAndSpanIds(CapturedOutput output) {
		Map<?, ?> span = this.client.post()
			.uri("/tracing/test-span")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		String traceId = (String) span.get("traceId");
		String spanId = (String) span.get("spanId");
		String line = output.getOut()
			.lines()
			.filter((candidate) -> candidate.contains("Created test span"))
			.findFirst()
			.orElseThrow();
		assertThat(line).startsWith("{")
			.endsWith("}")
			.contains("\"log\":{\"level\":\"INFO\"")
			.contains("\"traceId\":\"" + traceId + "\"")
			.contains("\"spanId\":\"" + spanId + "\"");
		assertThat(output.getAll()).doesNotContain(TestTokens.ADMIN);
	}

}
