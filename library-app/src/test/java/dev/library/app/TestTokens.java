package dev.library.app;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * How the app's tests authenticate: the admin token declared by
 * {@code library.security.bootstrap-token} in the test {@code application.properties}.
 *
 * @author Library
 */
final class TestTokens {

	static final String ADMIN = "lib_app-tests-admin-token-not-for-production-use";

	private TestTokens() {
	}

	static WebTestClient asAdmin(WebTestClient client) {
		return as(client, ADMIN);
	}

	static WebTestClient as(WebTestClient client, String token) {
		return client.mutate()
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

}
