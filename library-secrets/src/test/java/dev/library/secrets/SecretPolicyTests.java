package dev.library.secrets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link SecretPolicy}.
 *
 * @author Library
 */
class SecretPolicyTests {

	@Test
	void generateShouldDrawLengthCharactersFromTheAlphabet() {
		SecretPolicy policy = new SecretPolicy(64, "ab");
		String generated = new String(policy.generate().chars());
		assertThat(generated).hasSize(64).matches("[ab]+");
	}

	@Test
	void generateShouldGiveDifferentValues() {
		SecretPolicy policy = new SecretPolicy(32, SecretPolicy.ALPHANUMERIC);
		assertThat(policy.generate().sameAs(policy.generate())).isFalse();
	}

	@Test
	void tooShortOrRepeatingAlphabetShouldBeRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new SecretPolicy(4, "ab"));
		assertThatIllegalArgumentException().isThrownBy(() -> new SecretPolicy(16, "aab"));
		assertThatIllegalArgumentException().isThrownBy(() -> new SecretPolicy(16, "a"));
	}

}
