package dev.library.hap;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AccessoryIds}.
 *
 * @author Library
 */
class AccessoryIdsTests {

	@Test
	void aidDependsOnTheIdAloneAndNeverCollidesWithTheBridge() {
		assertThat(AccessoryIds.of("inlet-pump")).isEqualTo(AccessoryIds.of("inlet-pump"))
			.isEqualTo(346161631)
			.isNotEqualTo(AccessoryIds.of("inlet-pump-2"));
		assertThat(AccessoryIds.of("")).isGreaterThan(AccessoryIds.BRIDGE);
	}

	@Test
	void setupCodesHomeKitRefusesAreInvalid() {
		assertThat(HapPairingStore.isValidSetupCode("031-45-154")).isTrue();
		assertThat(HapPairingStore.isValidSetupCode("123-45-678")).isFalse();
		assertThat(HapPairingStore.isValidSetupCode("111-11-111")).isFalse();
		assertThat(HapPairingStore.isValidSetupCode("03145154")).isFalse();
	}

}
