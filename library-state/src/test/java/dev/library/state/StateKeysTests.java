package dev.library.state;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link StateKeys}.
 *
 * @author Library
 */
class StateKeysTests {

	@Property
	void keysMadeOfValidSegmentsShouldBeAccepted(@ForAll("keys") String key) {
		assertThat(StateKeys.validate(key)).isEqualTo(key);
		assertThat(StateKeys.validatePrefix(key)).isEqualTo(key);
		assertThat(StateKeys.isUnder(key, key)).isTrue();
		assertThat(StateKeys.isUnder(key, "")).isTrue();
	}

	@Property
	void anyCharacterOutsideTheSegmentAlphabetShouldBeRefusedWithItsPosition(@ForAll("keys") String key,
			@ForAll("illegalCharacters") char illegal, @ForAll @IntRange(min = 0, max = 255) int at) {
		int position = Math.min(at, key.length());
		String broken = key.substring(0, position) + illegal + key.substring(position);
		if (broken.length() > StateKeys.MAX_LENGTH) {
			return;
		}
		assertThatExceptionOfType(InvalidStateKeyException.class).isThrownBy(() -> StateKeys.validate(broken))
			.satisfies((ex) -> {
				assertThat(ex.getRule()).isEqualTo("illegal-character");
				assertThat(ex.getBody().getDetail()).contains("at position " + position);
			});
	}

	@Property
	void keysLongerThanTheLimitShouldBeRefused(@ForAll("keys") String key) {
		String longKey = (key + ".").repeat(StateKeys.MAX_LENGTH / (key.length() + 1) + 1) + "x";
		assertThatExceptionOfType(InvalidStateKeyException.class).isThrownBy(() -> StateKeys.validate(longKey))
			.satisfies((ex) -> assertThat(ex.getRule()).isEqualTo("too-long"));
	}

	@Property
	void aKeyIsUnderAPrefixOnlyAtASegmentBoundary(@ForAll("keys") String prefix, @ForAll("keys") String rest,
			@ForAll("segments") String suffix) {
		if (prefix.length() + rest.length() + suffix.length() + 1 > StateKeys.MAX_LENGTH) {
			return;
		}
		assertThat(StateKeys.isUnder(prefix + "." + rest, prefix)).isTrue();
		assertThat(StateKeys.isUnder(prefix + suffix, prefix)).isFalse();
	}

	@Example
	void emptyKeysAndSegmentsShouldBeRefused() {
		for (String key : List.of("", ".", "a.", ".a", "a..b")) {
			assertThatExceptionOfType(InvalidStateKeyException.class).isThrownBy(() -> StateKeys.validate(key))
				.satisfies((ex) -> assertThat(ex.getRule()).isIn("empty", "empty-segment"));
		}
	}

	@Example
	void prefixMayEndWithADotAndBeEmpty() {
		assertThat(StateKeys.validatePrefix("plant.tank1.")).isEqualTo("plant.tank1");
		assertThat(StateKeys.validatePrefix("")).isEmpty();
		assertThatExceptionOfType(InvalidStateKeyException.class).isThrownBy(() -> StateKeys.validatePrefix("."));
	}

	@Example
	void watchIsReservedAsAKeyButNotAsASegment() {
		assertThatExceptionOfType(InvalidStateKeyException.class).isThrownBy(() -> StateKeys.validate("watch"))
			.satisfies((ex) -> assertThat(ex.getRule()).isEqualTo("reserved"));
		assertThat(StateKeys.validate("plant.watch")).isEqualTo("plant.watch");
		assertThat(StateKeys.validate("watch.dog")).isEqualTo("watch.dog");
	}

	@Provide
	Arbitrary<String> segments() {
		return Arbitraries.strings()
			.withChars('a', 'z')
			.withChars('A', 'Z')
			.withChars('0', '9')
			.withChars('_', '-')
			.ofMinLength(1)
			.ofMaxLength(12);
	}

	@Provide
	Arbitrary<String> keys() {
		return segments().list()
			.ofMinSize(1)
			.ofMaxSize(8)
			.map((segments) -> String.join(".", segments))
			.filter((key) -> !key.equals(StateKeys.RESERVED));
	}

	@Provide
	Arbitrary<Character> illegalCharacters() {
		Arbitrary<Character> common = Arbitraries.of(' ', '/', '\u00e4', '\n', '*', '%', '\u0000');
		Arbitrary<Character> any = Arbitraries.chars()
			.all()
			.filter((c) -> !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
					|| c == '-' || c == '.'));
		return Arbitraries.oneOf(common, any);
	}

}
