package dev.library.core.component;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ComponentDescriptor}.
 *
 * @author Library
 */
class ComponentDescriptorTests {

	@Test
	void nameThatIsNotLowerCaseIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> ComponentDescriptor.mandatory("Kafka").build())
			.withMessageContaining("'Kafka'");
	}

	@Test
	void componentThatDependsOnItselfIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ComponentDescriptor.optional("kafka").dependsOn("kafka").build())
			.withMessage("Component 'kafka' must not depend on itself");
	}

	@Test
	void reloadablePropertyMatchesExactlyOrByPrefixEndingInDot() {
		ComponentDescriptor descriptor = ComponentDescriptor.mandatory("config")
			.reloadableProperties("library.config.watch-interval", "library.config.sources.")
			.build();
		assertThat(descriptor.isReloadable("library.config.watch-interval")).isTrue();
		assertThat(descriptor.isReloadable("library.config.watch-interval-max")).isFalse();
		assertThat(descriptor.isReloadable("library.config.sources.git.uri")).isTrue();
		assertThat(descriptor.isReloadable("library.config.other")).isFalse();
	}

	@Test
	void reloadableListCoversItsElements() {
		ComponentDescriptor descriptor = ComponentDescriptor.mandatory("adapters")
			.reloadableProperties("library.adapters.instances")
			.build();
		assertThat(descriptor.isReloadable("library.adapters.instances")).isTrue();
		assertThat(descriptor.isReloadable("library.adapters.instances[0].id")).isTrue();
		assertThat(descriptor.isReloadable("library.adapters.instances-max")).isFalse();
		assertThat(descriptor.isReloadable("library.adapters.instance[0].id")).isFalse();
	}

	@Test
	void builderKeepsOptionalityAndDependencies() {
		ComponentDescriptor descriptor = ComponentDescriptor.optional("kafka")
			.description("Kafka")
			.dependsOn("core", "state")
			.build();
		assertThat(descriptor.optional()).isTrue();
		assertThat(descriptor.dependsOn()).containsExactlyInAnyOrder("core", "state");
		assertThat(ComponentDescriptor.mandatory("core").build().optional()).isFalse();
	}

}
