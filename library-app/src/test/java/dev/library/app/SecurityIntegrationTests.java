package dev.library.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import dev.library.security.ApiTokenStore;
import dev.library.security.FileApiTokenStore;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.library.app.LibraryApplicationIntegrationTests.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Authentication over real HTTP: anonymous paths, 401 and 403 problems with nothing
 * leaked, the API token lifecycle, the audit log and what lands on disk.
 *
 * @author Library
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class SecurityIntegrationTests {

	@Autowired
	private WebTestClient anonymous;

	private Path securityDir;

	@Autowired
	void securityDirectory(ApiTokenStore store) {
		this.securityDir = ((FileApiTokenStore) store).file().getParent();
	}

	private WebTestClient admin() {
		return TestTokens.asAdmin(this.anonymous);
	}

	@Test
	void probesAndMetricsNeedNoCredentials() {
		this.anonymous.get().uri("/health/livez").exchange().expectStatus().isOk();
		this.anonymous.get().uri("/health/readyz").exchange().expectStatus().isOk();
		this.anonymous.get().uri("/metrics").exchange().expectStatus().isOk();
	}

	@Test
	void everythingElseWithoutCredentialsIsUnauthorizedProblemWithAChallenge() {
		for (String path : new String[] { "/health", "/components", "/state", "/v3/api-docs", "/no/such/path",
				"/security/tokens" }) {
			assertProblem(this.anonymous.get().uri(path).exchange(), HttpStatus.UNAUTHORIZED, "unauthorized")
				.jsonPath("$.detail")
				.value((detail) -> assertThat((String) detail).contains("Authorization: Bearer"));
		}
		this.anonymous.put()
			.uri("/state/plant.pump")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"value\": 1}")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"library\"");
	}

	@Test
	void aTrailingSlashReachesTheSameRouteUnderTheSameRule() {
		for (String path : new String[] { "/alarms/", "/secrets/", "/components/" }) {
			assertProblem(this.anonymous.get().uri(path).exchange(), HttpStatus.UNAUTHORIZED, "unauthorized");
			TestTokens.asAdmin(this.anonymous).get().uri(path).exchange().expectStatus().isOk();
		}
		this.anonymous.get().uri("/health/livez/").exchange().expectStatus().isOk();
	}

	@Test
	void malformedCredentialsAreUnauthorizedProblemsThatRepeatNothing() {
		String secret = "c2VjcmV0LXBhc3N3b3Jk";
		for (String header : new String[] { "Basic " + secret, "Bearer", "Bearer ", "Bearer lib_" + secret + "!",
				"Bearer " + secret + " " + secret, "Token " + secret }) {
			assertProblem(this.anonymous.get()
				.uri("/components")
				.header(HttpHeaders.AUTHORIZATION, header)
				.exchange()
				.expectHeader()
				.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"library\", error=\"invalid_request\""),
					HttpStatus.UNAUTHORIZED, "unauthorized");
			assertNothingLeaked(this.anonymous.get().uri("/components").header(HttpHeaders.AUTHORIZATION, header),
					secret);
		}
	}

	@Test
	void unknownOrForgedTokensAreUnauthorizedWithInvalidTokenChallenge() {
		String unknown = "lib_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
		String jwtLooking = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
		for (String token : new String[] { unknown, jwtLooking }) {
			assertProblem(
					this.anonymous.get()
						.uri("/components")
						.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
						.exchange()
						.expectHeader()
						.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"library\", error=\"invalid_token\""),
					HttpStatus.UNAUTHORIZED, "unauthorized");
			assertNothingLeaked(
					this.anonymous.get().uri("/components").header(HttpHeaders.AUTHORIZATION, "Bearer " + token),
					token);
		}
	}

	@Test
	void oversizedAuthorizationHeaderIsUnauthorizedProblem() {
		String huge = "lib_" + "a".repeat(5000);
		assertProblem(
				this.anonymous.get().uri("/components").header(HttpHeaders.AUTHORIZATION, "Bearer " + huge).exchange(),
				HttpStatus.UNAUTHORIZED, "unauthorized")
			.jsonPath("$.detail")
			.value((detail) -> assertThat((String) detail).contains("longer than").doesNotContain("aaaa"));
	}

	@Test
	void headersTooLargeForTheServerAreAProblemNotAnEmptyAnswer() {
		assertProblem(this.anonymous.get().uri("/state").header("X-Padding", "x".repeat(20_000)).exchange(),
				HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request-headers-too-large")
			.jsonPath("$.detail")
			.value((detail) -> assertThat((String) detail).contains("server.max-http-request-header-size")
				.doesNotContain("xxxx"));
		assertProblem(this.anonymous.get().uri("/state/" + "a".repeat(10_000)).exchange(), HttpStatus.URI_TOO_LONG,
				"request-line-too-long");
	}

	@Test
	void apiTokenLifecycle() throws Exception {
		Map<?, ?> created = admin().post()
			.uri("/security/tokens")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\": \"lifecycle\", \"roles\": [\"operator\"]}")
			.exchange()
			.expectStatus()
			.isCreated()
			.expectHeader()
			.location("/security/tokens/lifecycle")
			.expectHeader()
			.cacheControl(org.springframework.http.CacheControl.noStore())
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		String token = (String) created.get("token");
		assertThat(token).startsWith("lib_").hasSize(47);
		assertThat(created.get("roles")).isEqualTo(java.util.List.of("operator"));
		WebTestClient operator = TestTokens.as(this.anonymous, token);
		operator.put()
			.uri("/state/lifecycle.pump")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"value\": true}")
			.exchange()
			.expectStatus()
			.is2xxSuccessful();
		operator.get().uri("/state/lifecycle.pump").exchange().expectStatus().isOk();
		assertProblem(operator.delete().uri("/sessions/some-session").exchange(), HttpStatus.FORBIDDEN, "forbidden")
			.jsonPath("$.detail")
			.isEqualTo("This route needs the role 'admin'");
		assertProblem(operator.get().uri("/config").exchange(), HttpStatus.FORBIDDEN, "forbidden");
		byte[] listed = admin().get()
			.uri("/security/tokens")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.tokens[?(@.name == 'lifecycle')].roles[0]")
			.isEqualTo("operator")
			.jsonPath("$.tokens[?(@.name == 'bootstrap')].source")
			.isEqualTo("configuration")
			.returnResult()
			.getResponseBodyContent();
		assertThat(new String(listed, java.nio.charset.StandardCharsets.UTF_8)).doesNotContain(token)
			.doesNotContain("hash")
			.doesNotContain("sha256");
		Path file = this.securityDir.resolve("api-tokens.json");
		String stored = Files.readString(file);
		assertThat(stored).contains("lifecycle").doesNotContain(token);
		assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
		admin().delete().uri("/security/tokens/lifecycle").exchange().expectStatus().isNoContent();
		assertProblem(operator.get().uri("/state/lifecycle.pump").exchange(), HttpStatus.UNAUTHORIZED, "unauthorized");
		assertProblem(admin().delete().uri("/security/tokens/lifecycle").exchange(), HttpStatus.NOT_FOUND,
				"api-token-not-found");
		String audit = admin().get()
			.uri("/security/audit?limit=1000")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(audit).contains("TOKEN_CREATED", "TOKEN_REVOKED", "ACCESS_DENIED", "AUTHENTICATION_FAILED",
				"token:bootstrap", "token:lifecycle");
		assertThat(audit).doesNotContain(token).doesNotContain(TestTokens.ADMIN);
		Path auditFile = this.securityDir.resolve("audit.log");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(auditFile).content().contains("TOKEN_REVOKED"));
		assertThat(auditFile).content().doesNotContain(token);
	}

	@Test
	void invalidTokenRequestsAreBadRequestOrConflictProblems() {
		for (String body : new String[] { "{\"name\": \"Bad Name\", \"roles\": [\"viewer\"]}",
				"{\"name\": \"no-roles\", \"roles\": []}", "{\"name\": \"bad-role\", \"roles\": [\"root\"]}",
				"{\"roles\": [\"viewer\"]}" }) {
			assertProblem(admin().post()
				.uri("/security/tokens")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(body)
				.exchange(), HttpStatus.BAD_REQUEST, "invalid-parameter");
		}
		assertProblem(admin().post()
			.uri("/security/tokens")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\": \"bootstrap\", \"roles\": [\"viewer\"]}")
			.exchange(), HttpStatus.CONFLICT, "api-token-exists");
		assertProblem(admin().delete().uri("/security/tokens/bootstrap").exchange(), HttpStatus.CONFLICT,
				"api-token-declared");
		assertProblem(admin().delete().uri("/security/tokens/no-such-token").exchange(), HttpStatus.NOT_FOUND,
				"api-token-not-found");
	}

	@Test
	void declaredTokenIsRedactedInTheConfigurationView() {
		admin().get()
			.uri("/config")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.properties[?(@.name == 'library.security.bootstrap-token')].value")
			.isEqualTo(java.util.List.of("******"));
	}

	@Test
	void noAdminTokenIsGeneratedWhenOneIsDeclared() {
		assertThat(this.securityDir.resolve("admin-token")).doesNotExist();
	}

	private static void assertNothingLeaked(WebTestClient.RequestHeadersSpec<?> request, String secret) {
		String body = request.exchange().expectBody(String.class).returnResult().getResponseBody();
		assertThat(body).doesNotContain(secret)
			.doesNotContain("Exception")
			.doesNotContain("org.springframework")
			.doesNotContain("dev.library");
	}

}
