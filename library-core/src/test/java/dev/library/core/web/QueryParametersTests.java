package dev.library.core.web;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.ServerRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link QueryParameters}.
 *
 * @author Library
 */
class QueryParametersTests {

	@Test
	void absentParameterIsEmpty() {
		assertThat(QueryParameters.integer(request("/orders"), "limit", 1, 100)).isEmpty();
	}

	@Test
	void valueWithinBoundsIsReadIncludingTheBoundsThemselves() {
		assertThat(QueryParameters.integer(request("/orders?limit=1"), "limit", 1, 100)).hasValue(1);
		assertThat(QueryParameters.integer(request("/orders?limit=100"), "limit", 1, 100)).hasValue(100);
		ServerRequest padded = ServerRequest.create(
				MockServerWebExchange.from(MockServerHttpRequest.get("/orders").queryParam("limit", " 42 ")),
				HandlerStrategies.withDefaults().messageReaders());
		assertThat(QueryParameters.integer(padded, "limit", 1, 100)).hasValue(42);
	}

	@Test
	void valueBelowOrAboveTheBoundsIsAnInvalidParameterProblem() {
		assertThatExceptionOfType(InvalidParameterException.class)
			.isThrownBy(() -> QueryParameters.integer(request("/orders?limit=0"), "limit", 1, 100))
			.satisfies((ex) -> {
				assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
				assertThat(ex.getBody().getType()).isEqualTo(ProblemTypes.INVALID_PARAMETER);
				assertThat(ex.getBody().getDetail())
					.isEqualTo("Query parameter 'limit' must be an integer from 1 to 100, got '0'");
				assertThat(ex.getBody().getProperties()).containsEntry("parameter", "limit");
			});
		assertThatExceptionOfType(InvalidParameterException.class)
			.isThrownBy(() -> QueryParameters.integer(request("/orders?limit=101"), "limit", 1, 100));
	}

	@Test
	void valueThatIsNotAnIntegerIsAnInvalidParameterProblemWithTheValueAbbreviated() {
		String huge = "9".repeat(60);
		assertThatExceptionOfType(InvalidParameterException.class)
			.isThrownBy(() -> QueryParameters.integer(request("/orders?offset=" + huge), "offset", 0, 1000))
			.satisfies((ex) -> assertThat(ex.getBody().getDetail()).isEqualTo(
					"Query parameter 'offset' must be an integer from 0 to 1000, got '" + "9".repeat(40) + "...'"));
		assertThatExceptionOfType(InvalidParameterException.class)
			.isThrownBy(() -> QueryParameters.integer(request("/orders?limit=1.5"), "limit", 1, 100));
		assertThatExceptionOfType(InvalidParameterException.class)
			.isThrownBy(() -> QueryParameters.integer(request("/orders?limit="), "limit", 1, 100));
	}

	private static ServerRequest request(String uri) {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get(uri));
		return ServerRequest.create(exchange, HandlerStrategies.withDefaults().messageReaders());
	}

}
