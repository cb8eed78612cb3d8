package dev.library.security;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BearerTokenConverter}.
 *
 * @author Library
 */
class BearerTokenConverterTests {

	private final BearerTokenConverter converter = new BearerTokenConverter(DataSize.ofBytes(100));

	@Test
	void noHeaderMeansNoCredentials() {
		StepVerifier.create(this.converter.convert(exchange())).verifyComplete();
	}

	@Test
	void bearerTokenIsReadWhateverTheCaseOfTheScheme() {
		StepVerifier.create(this.converter.convert(exchange("bearer lib_abc")))
			.assertNext((authentication) -> assertThat(((BearerTokenAuthenticationToken) authentication).getToken())
				.isEqualTo("lib_abc"))
			.verifyComplete();
	}

	@Test
	void otherSchemesEmptyTokensBadCharactersAndLongHeadersAreMalformed() {
		for (String header : new String[] { "Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Bearer a b",
				"Bearer lib_\u00e9", "Bearer " + "a".repeat(200) }) {
			StepVerifier.create(this.converter.convert(exchange(header)))
				.expectErrorSatisfies(
						(ex) -> assertThat(ex).isInstanceOfSatisfying(BearerCredentialsException.class, (refused) -> {
							assertThat(refused.getReason())
								.isEqualTo(BearerCredentialsException.Reason.INVALID_REQUEST);
							assertThat(refused.getMessage()).doesNotContain("dXNlcjpwYXNz").doesNotContain("aaaa");
						}))
				.verify();
		}
	}

	@Test
	void severalAuthorizationHeadersAreMalformed() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/")
			.header(HttpHeaders.AUTHORIZATION, "Bearer lib_a")
			.header(HttpHeaders.AUTHORIZATION, "Bearer lib_b"));
		StepVerifier.create(this.converter.convert(exchange)).expectError(BearerCredentialsException.class).verify();
	}

	private static MockServerWebExchange exchange(String... authorization) {
		MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("/components");
		for (String header : authorization) {
			request.header(HttpHeaders.AUTHORIZATION, header);
		}
		return MockServerWebExchange.from(request);
	}

}
