package dev.library.secrets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SecretNames}.
 *
 * @author Library
 */
class SecretNamesTests {

	@ParameterizedTest
	@ValueSource(strings = { "db-password", "a", "API_KEY.v2", "0abc" })
	void validNamesShouldBeAccepted(String name) {
		assertThat(SecretNames.isValid(name)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", ".hidden", "../etc", "a/b", "with space", "-lead", "audit", "é" })
	void invalidNamesShouldBeRefused(String name) {
		assertThat(SecretNames.isValid(name)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(ints = { 129, 300 })
	void longNamesShouldBeRefused(int length) {
		assertThat(SecretNames.isValid("a".repeat(length))).isFalse();
		assertThat(SecretNames.isValid("a".repeat(128))).isTrue();
	}

}
