package dev.library.app;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.library.app.LibraryApplicationIntegrationTests.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bearer JWTs verified for real: an RSA key made at test time, its public JWK set served
 * by a JDK HTTP server on a random port, JWTs signed with it (and with a key nobody
 * trusts).
 *
 * @author Library
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class JwtAuthenticationIntegrationTests {

	private static final String ISSUER = "https://issuer.library.test";

	private static final RSAKey signingKey = generateKey("trusted");

	private static final RSAKey untrustedKey = generateKey("untrusted");

	private static final HttpServer jwks = serveJwkSet();

	@Autowired
	private WebTestClient client;

	@DynamicPropertySource
	static void jwtIssuer(DynamicPropertyRegistry registry) {
		registry.add("library.security.jwt.jwk-set-uri",
				() -> "http://localhost:" + jwks.getAddress().getPort() + "/jwks.json");
		registry.add("library.security.jwt.issuer-uri", () -> ISSUER);
		registry.add("library.security.jwt.audiences", () -> "library");
	}

	@AfterAll
	static void stopJwkSetServer() {
		jwks.stop(0);
	}

	@Test
	void operatorJwtMayWriteStateAndIsNamedAfterItsSubject() {
		WebTestClient operator = TestTokens.as(this.client, sign(claims("plc-7", List.of("operator"))));
		operator.put()
			.uri("/state/jwt.pump")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"value\": 42}")
			.exchange()
			.expectStatus()
			.is2xxSuccessful();
		operator.get().uri("/state/jwt.pump").exchange().expectStatus().isOk();
		assertProblem(operator.get().uri("/config").exchange(), HttpStatus.FORBIDDEN, "forbidden");
		TestTokens.asAdmin(this.client)
			.get()
			.uri("/security/audit")
			.exchange()
			.expectBody(String.class)
			.value((audit) -> assertThat(audit).contains("\"principal\":\"plc-7\""));
	}

	@Test
	void rolesClaimMayBeASpaceSeparatedString() {
		JWTClaimsSet claims = new JWTClaimsSet.Builder(claims("dashboard", List.of())).claim("roles", "viewer other")
			.build();
		WebTestClient viewer = TestTokens.as(this.client, sign(claims));
		viewer.get().uri("/components").exchange().expectStatus().isOk();
		assertProblem(viewer.put()
			.uri("/state/jwt.valve")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"value\": 1}")
			.exchange(), HttpStatus.FORBIDDEN, "forbidden").jsonPath("$.detail")
			.isEqualTo("This route needs the role 'operator'");
	}

	@Test
	void jwtWithoutRolesIsAuthenticatedButMayNotReadAnything() {
		assertProblem(TestTokens.as(this.client, sign(claims("nobody", List.of()))).get().uri("/components").exchange(),
				HttpStatus.FORBIDDEN, "forbidden");
	}

	@Test
	void forgedExpiredForeignOrUnsignedJwtsAreUnauthorized() throws Exception {
		Instant now = Instant.now();
		JWTClaimsSet expired = new JWTClaimsSet.Builder(claims("late", List.of("admin")))
			.expirationTime(Date.from(now.minusSeconds(600)))
			.issueTime(Date.from(now.minusSeconds(1200)))
			.build();
		JWTClaimsSet otherIssuer = new JWTClaimsSet.Builder(claims("elsewhere", List.of("admin")))
			.issuer("https://evil.test")
			.build();
		JWTClaimsSet otherAudience = new JWTClaimsSet.Builder(claims("elsewhere", List.of("admin")))
			.audience("another-service")
			.build();
		SignedJWT foreign = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("trusted").build(),
				claims("mallory", List.of("admin")));
		foreign.sign(new RSASSASigner(untrustedKey));
		String unsigned = new com.nimbusds.jwt.PlainJWT(claims("mallory", List.of("admin"))).serialize();
		for (String token : new String[] { sign(expired), sign(otherIssuer), sign(otherAudience), foreign.serialize(),
				unsigned }) {
			WebTestClient.ResponseSpec response = this.client.get()
				.uri("/components")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
				.exchange();
			response.expectHeader()
				.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"library\", error=\"invalid_token\"");
			byte[] body = assertProblem(response, HttpStatus.UNAUTHORIZED, "unauthorized").returnResult()
				.getResponseBodyContent();
			assertThat(new String(body, StandardCharsets.UTF_8)).doesNotContain(token).doesNotContain("Exception");
		}
	}

	@Test
	void apiTokensStillWorkBesideJwts() {
		TestTokens.asAdmin(this.client).get().uri("/components").exchange().expectStatus().isOk();
	}

	private static JWTClaimsSet claims(String subject, List<String> roles) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().subject(subject)
			.issuer(ISSUER)
			.audience("library")
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(300)))
			.claim("roles", roles)
			.build();
	}

	private static String sign(JWTClaimsSet claims) {
		try {
			SignedJWT jwt = new SignedJWT(
					new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID()).build(), claims);
			jwt.sign(new RSASSASigner(signingKey));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static RSAKey generateKey(String keyId) {
		try {
			return new RSAKeyGenerator(2048).keyID(keyId).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static HttpServer serveJwkSet() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
			byte[] body = new JWKSet(signingKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
			server.createContext("/jwks.json", (exchange) -> {
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
