package dev.library.core.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PropertiesComponentStartPolicy}.
 *
 * @author Library
 */
class PropertiesComponentStartPolicyTests {

	private final CoreProperties properties = new CoreProperties();

	private final PropertiesComponentStartPolicy policy = new PropertiesComponentStartPolicy(this.properties);

	@Test
	void componentsWithoutSettingsUseTheDefaultsAndFailFast() {
		assertThat(this.policy.startTimeout("kafka")).isEqualTo(Duration.ofSeconds(30));
		assertThat(this.policy.stopTimeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(this.policy.failFast("kafka")).isTrue();
	}

	@Test
	void componentStartTimeoutOverridesTheGlobalOne() {
		this.properties.setStartTimeout(Duration.ofSeconds(5));
		this.properties.getComponents().put("kafka", component(true, Duration.ofSeconds(60)));
		this.properties.getComponents().put("i2c", component(true, null));
		assertThat(this.policy.startTimeout("kafka")).isEqualTo(Duration.ofSeconds(60));
		assertThat(this.policy.startTimeout("i2c")).isEqualTo(Duration.ofSeconds(5));
		assertThat(this.policy.startTimeout("core")).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void componentConfiguredNotToFailFastDoesNot() {
		this.properties.getComponents().put("kafka", component(false, null));
		this.properties.getComponents().put("i2c", component(true, null));
		assertThat(this.policy.failFast("kafka")).isFalse();
		assertThat(this.policy.failFast("i2c")).isTrue();
	}

	private static CoreProperties.Component component(boolean failFast, Duration startTimeout) {
		CoreProperties.Component component = new CoreProperties.Component();
		component.setFailFast(failFast);
		component.setStartTimeout(startTimeout);
		return component;
	}

}
