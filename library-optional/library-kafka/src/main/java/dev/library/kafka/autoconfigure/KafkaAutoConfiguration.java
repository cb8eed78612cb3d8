package dev.library.kafka.autoconfigure;

import dev.library.core.autoconfigure.ConditionalOnLibraryComponent;
import dev.library.core.component.ComponentDescriptor;
import dev.library.core.component.LibraryComponent;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the kafka component: kafka event streaming and commands from a
 * topic. Switched on by {@code library.enabled-components.kafka}.
 *
 * @author Library
 */
@AutoConfiguration
@ConditionalOnLibraryComponent("kafka")
public final class KafkaAutoConfiguration {

	@Bean
	LibraryComponent kafkaComponent() {
		return LibraryComponent.of(ComponentDescriptor.optional("kafka")
			.description("Kafka event streaming and commands from a topic")
			.dependsOn("state")
			.build());
	}

}
