package dev.library.secrets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SecretValue}.
 *
 * @author Library
 */
class SecretValueTests {

	@Test
	void toStringShouldNeverShowTheValue() {
		SecretValue value = SecretValue.ofString("hunter2-not-printed");
		assertThat(value.toString()).doesNotContain("hunter2").isEqualTo("SecretValue[redacted]");
		assertThat(String.valueOf(value)).doesNotContain("hunter2");
	}

	@Test
	void charsAndBytesShouldBeCopies() {
		SecretValue value = SecretValue.ofChars("päss".toCharArray());
		char[] chars = value.chars();
		chars[0] = 'x';
		assertThat(value.chars()).containsExactly('p', 'ä', 's', 's');
		assertThat(value.length()).isEqualTo(5);
	}

	@Test
	void wipeShouldEmptyTheValue() {
		SecretValue value = SecretValue.ofString("abc");
		value.wipe();
		assertThat(value.bytes()).containsOnly(0);
	}

	@Test
	void sameAsShouldCompareBytes() {
		assertThat(SecretValue.ofString("a").sameAs(SecretValue.ofString("a"))).isTrue();
		assertThat(SecretValue.ofString("a").sameAs(SecretValue.ofString("b"))).isFalse();
	}

}
