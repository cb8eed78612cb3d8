package dev.library.app;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.library.security.AccessRules;
import dev.library.security.Role;
import dev.library.security.RouteAccess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Walks every operation of the OpenAPI document over real HTTP and checks that the route
 * declares the role it needs, and that anonymous callers get 401, a principal without the
 * role 403, and a principal with it neither.
 *
 * @author Library
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouteAccessWalkIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

	private final Map<Role, String> holding = new EnumMap<>(Role.class);

	private final Map<Role, String> lacking = new EnumMap<>(Role.class);

	@Autowired
	private WebTestClient client;

	@Autowired
	private AccessRules rules;

	@LocalServerPort
	private int port;

	@BeforeAll
	void createOneTokenPerRole() {
		for (Role role : Role.values()) {
			this.holding.put(role, createToken("walk-" + role.externalName(), role));
		}
		this.lacking.put(Role.VIEWER, this.holding.get(Role.SECRETS_READER));
		this.lacking.put(Role.OPERATOR, this.holding.get(Role.VIEWER));
		this.lacking.put(Role.ADMIN, this.holding.get(Role.OPERATOR));
		this.lacking.put(Role.SECRETS_READER, this.holding.get(Role.ADMIN));
	}

	@Test
	void everyDocumentedRouteRefusesAnonymousAndPrincipalsWithoutItsRole() throws Exception {
		List<String> checked = new ArrayList<>();
		for (Map.Entry<String, Map<String, Object>> path : apiPaths().entrySet()) {
			for (String method : path.getValue().keySet()) {
				HttpMethod httpMethod = HttpMethod.valueOf(method.toUpperCase(Locale.ROOT));
				String concrete = path.getKey().replaceAll("\\{[^}]+}", "walk-sample");
				RouteAccess.Rule rule = this.rules.match(httpMethod, PathContainer.parsePath(concrete));
				String route = httpMethod + " " + path.getKey();
				assertThat(rule).as("%s declares the role it needs in a RouteAccess bean", route).isNotNull();
				if (rule.isAnonymous()) {
					assertThat(status(httpMethod, concrete, null)).as(route + " anonymous").isNotIn(401, 403);
					continue;
				}
				assertThat(status(httpMethod, concrete, null)).as(route + " anonymous").isEqualTo(401);
				assertThat(status(httpMethod, concrete, this.lacking.get(rule.role())))
					.as("%s without %s", route, rule.role().externalName())
					.isEqualTo(403);
				assertThat(status(httpMethod, concrete, this.holding.get(rule.role())))
					.as("%s with %s", route, rule.role().externalName())
					.isNotIn(401, 403);
				checked.add(route + " → " + rule.role().externalName());
			}
		}
		assertThat(checked).contains("GET /state/{key} → viewer", "PUT /state/{key} → operator",
				"DELETE /sessions/{id} → admin", "GET /config → admin", "POST /security/tokens → admin",
				"POST /schemas/{name}/validate → viewer", "POST /tracing/test-span → admin",
				"GET /secrets/{name} → secrets-reader", "GET /secrets → admin", "GET /secrets/audit → admin",
				"PUT /secrets/{name} → admin", "POST /secrets/{name}/rotate → admin");
	}

	@Test
	void adminIncludesOperatorAndViewerButNotSecretsReader() {
		assertThat(Role.ADMIN.included()).containsExactlyInAnyOrder(Role.ADMIN, Role.OPERATOR, Role.VIEWER);
		assertThat(Role.SECRETS_READER.included()).containsExactly(Role.SECRETS_READER);
	}

	@SuppressWarnings("unchecked")
	private Map<String, Map<String, Object>> apiPaths() {
		Map<String, Object> document = TestTokens.asAdmin(this.client)
			.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");
		assertThat(paths).containsKeys("/components", "/state/{key}", "/security/tokens");
		return paths;
	}

	private int status(HttpMethod method, String path, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(TIMEOUT)
			.method(method.name(), HttpRequest.BodyPublishers.noBody());
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		HttpResponse<InputStream> response;
		try {
			response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
		}
		catch (java.net.http.HttpTimeoutException ex) {
			throw new AssertionError(method + " " + path + " gave no response within " + TIMEOUT, ex);
		}
		try (InputStream body = response.body()) {
			// A stream such as /state/watch never ends: closing it unread ends it. Any
			// other body is read to its end so that the connection is reused cleanly.
			boolean stream = response.headers()
				.firstValue("Content-Type")
				.filter((type) -> type.startsWith(MediaType.TEXT_EVENT_STREAM_VALUE))
				.isPresent();
			if (!stream) {
				body.readAllBytes();
			}
		}
		return response.statusCode();
	}

	private String createToken(String name, Role role) {
		Map<?, ?> created = TestTokens.asAdmin(this.client)
			.post()
			.uri("/security/tokens")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", name, "roles", List.of(role.externalName())))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		return (String) created.get("token");
	}

}
