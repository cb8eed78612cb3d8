package dev.library.security;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ApiTokenValues} and {@link Role}.
 *
 * @author Library
 */
class ApiTokenValuesTests {

	@Test
	void generatedValuesArePrefixedUrlSafeAndDistinct() {
		Set<String> values = new HashSet<>();
		for (int i = 0; i < 1000; i++) {
			String value = ApiTokenValues.generate();
			assertThat(value).startsWith("lib_").hasSize(47).matches("lib_[A-Za-z0-9_-]{43}");
			assertThat(ApiTokenValues.isWellFormed(value)).isTrue();
			values.add(value);
		}
		assertThat(values).hasSize(1000);
	}

	@Test
	void hashIsSha256InHexAndNeverTheValue() {
		assertThat(ApiTokenValues.hash("lib_abc")).matches("[0-9a-f]{64}").doesNotContain("abc");
		assertThat(ApiTokenValues.hash(""))
			.isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
		assertThat(ApiTokenValues.hashesEqual(ApiTokenValues.hash("a"), ApiTokenValues.hash("a"))).isTrue();
		assertThat(ApiTokenValues.hashesEqual(ApiTokenValues.hash("a"), ApiTokenValues.hash("b"))).isFalse();
	}

	@Test
	void malformedValuesAreRecognised() {
		assertThat(ApiTokenValues.isWellFormed("lib_")).isFalse();
		assertThat(ApiTokenValues.isWellFormed("lib_a b")).isFalse();
		assertThat(ApiTokenValues.isWellFormed("lib_" + "a".repeat(300))).isFalse();
		assertThat(ApiTokenValues.isWellFormed("jwt.like.value")).isFalse();
	}

	@Test
	void rolesHaveExternalNamesAndIncludeLowerRoles() {
		assertThat(Role.fromExternalName("secrets-reader")).contains(Role.SECRETS_READER);
		assertThat(Role.fromExternalName("OPERATOR")).contains(Role.OPERATOR);
		assertThat(Role.fromExternalName("root")).isEmpty();
		assertThat(Role.authorities(Set.of(Role.OPERATOR))).extracting(Object::toString)
			.containsExactlyInAnyOrder("ROLE_OPERATOR", "ROLE_VIEWER");
		assertThat(Role.authorities(Set.of(Role.ADMIN))).extracting(Object::toString)
			.doesNotContain("ROLE_SECRETS_READER");
	}

}
