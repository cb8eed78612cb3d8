package dev.library.kafka;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EventRoutes}.
 *
 * @author Library
 */
class EventRoutesTests {

	private final EventRoutes routes = new EventRoutes(
			List.of(new EventRoutes.Rule("plant", List.of("plant."), List.of()),
					new EventRoutes.Rule("everything", List.of(""), List.of()),
					new EventRoutes.Rule("alarms", List.of(), List.of("dev.library.alarm.*")),
					new EventRoutes.Rule("results", List.of(), List.of(CloudEvent.COMMAND_COMPLETED))));

	@Test
	void firstMatchingStatePrefixWins() {
		assertThat(this.routes.stateTopic("plant.tank1.level")).isEqualTo("plant");
		assertThat(this.routes.stateTopic("test.permit")).isEqualTo("everything");
	}

	@Test
	void eventTypesMatchExactlyOrByTrailingWildcard() {
		assertThat(this.routes.eventTopic(CloudEvent.ALARM_TRANSITIONED)).isEqualTo("alarms");
		assertThat(this.routes.eventTopic(CloudEvent.COMMAND_COMPLETED)).isEqualTo("results");
		assertThat(this.routes.eventTopic("dev.library.other")).isNull();
	}

	@Test
	void noRuleMeansNotPublished() {
		EventRoutes none = new EventRoutes(List.of(new EventRoutes.Rule("alarms", List.of(), List.of("x"))));
		assertThat(none.stateTopic("plant.tank1.level")).isNull();
		assertThat(none.routesState()).isFalse();
	}

}
