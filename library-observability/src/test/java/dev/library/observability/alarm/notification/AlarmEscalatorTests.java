package dev.library.observability.alarm.notification;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import dev.library.observability.alarm.Alarm;
import dev.library.observability.alarm.AlarmConditionType;
import dev.library.observability.alarm.AlarmDefinition;
import dev.library.observability.alarm.AlarmEngine;
import dev.library.observability.alarm.AlarmEventPublisher;
import dev.library.observability.alarm.AlarmSeverity;
import dev.library.observability.alarm.AlarmState;
import dev.library.observability.alarm.TestClock;
import dev.library.state.Quality;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link AlarmEscalator} on a virtual clock: steps fire once per activation at their
 * time, raise the severity, and stop at acknowledgement.
 *
 * @author Library
 */
class AlarmEscalatorTests {

	private static final String ALARM = "tank-hot.plant.tank1.temperature";

	private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final RecordingChannel pager = new RecordingChannel("pager");

	private final RecordingChannel manager = new RecordingChannel("manager");

	private final AlarmEventPublisher publisher = new AlarmEventPublisher();

	private NotificationDispatcher dispatcher;

	private AlarmEngine engine;

	private AlarmEscalator escalator;

	@BeforeEach
	void start() {
		AlarmDefinition definition = new AlarmDefinition("tank-hot", "plant.tank1.temperature", AlarmConditionType.HI,
				80.0, 0, null, Duration.ZERO, Duration.ZERO, null, null, AlarmSeverity.MINOR, "", "°C", Set.of(),
				"north", null);
		this.dispatcher = new NotificationDispatcher(List.of(this.pager, this.manager), List.of(),
				new DeliveryPolicy(1, Duration.ofMillis(10), Duration.ofMillis(10), 100, 1), this.clock,
				new SimpleMeterRegistry());
		this.publisher.addListener(this.dispatcher);
		this.engine = new AlarmEngine(List.of(definition), this.clock, Duration.ofHours(1), this.publisher);
		this.escalator = new AlarmEscalator(this.engine,
				List.of(new EscalationStep(Duration.ofMinutes(10), Set.of(), Set.of(), List.of("pager"),
						AlarmSeverity.MAJOR),
						new EscalationStep(Duration.ofMinutes(30), Set.of("tank-hot"), Set.of(), List.of("manager"),
								AlarmSeverity.CRITICAL)),
				this.dispatcher, this.clock);
		this.dispatcher.start();
	}

	@AfterEach
	void stop() {
		this.dispatcher.stop();
	}

	private void raise() {
		this.engine.update("plant.tank1.temperature", JsonNodeFactory.instance.numberNode(95), Quality.GOOD);
	}

	@Test
	void stepsFireOncePerActivationAtTheirTimeAndRaiseTheSeverity() {
		raise();
		this.clock.advance(Duration.ofMinutes(9).plusSeconds(59));
		this.escalator.check();
		assertThat(this.engine.alarm(ALARM).orElseThrow().severity()).isEqualTo(AlarmSeverity.MINOR);

		this.clock.advance(Duration.ofSeconds(1));
		this.escalator.check();
		this.escalator.check();
		await().untilAsserted(() -> assertThat(this.pager.received).hasSize(1));
		AlarmNotification first = this.pager.received.get(0);
		assertThat(first.event()).isEqualTo(NotificationEvent.ESCALATED);
		assertThat(first.escalationStep()).isEqualTo(1);
		assertThat(first.alarm().severity()).isEqualTo(AlarmSeverity.MAJOR);
		assertThat(first.reason()).contains("PT10M");
		Alarm alarm = this.engine.alarm(ALARM).orElseThrow();
		assertThat(alarm.severity()).isEqualTo(AlarmSeverity.MAJOR);
		assertThat(alarm.state()).isEqualTo(AlarmState.UNACK);

		this.clock.advance(Duration.ofMinutes(20));
		this.escalator.check();
		await().untilAsserted(() -> assertThat(this.manager.received).hasSize(1));
		assertThat(this.manager.received.get(0).alarm().severity()).isEqualTo(AlarmSeverity.CRITICAL);
		assertThat(this.pager.received).hasSize(1);
	}

	@Test
	void acknowledgementStopsTheEscalation() {
		raise();
		this.clock.advance(Duration.ofMinutes(10));
		this.escalator.check();
		this.engine.acknowledge(ALARM, "token:operator", null);
		this.clock.advance(Duration.ofHours(1));
		this.escalator.check();
		await().untilAsserted(() -> assertThat(this.pager.received).hasSize(1));
		assertThat(this.manager.received).isEmpty();
		// the raise lasts while the alarm is active
		assertThat(this.engine.alarm(ALARM).orElseThrow().severity()).isEqualTo(AlarmSeverity.MAJOR);
	}

	@Test
	void aNewActivationEscalatesAgainFromItsOwnStart() {
		raise();
		this.clock.advance(Duration.ofMinutes(10));
		this.escalator.check();
		this.engine.acknowledge(ALARM, "token:operator", null);
		this.engine.update("plant.tank1.temperature", JsonNodeFactory.instance.numberNode(20), Quality.GOOD);
		assertThat(this.engine.alarm(ALARM).orElseThrow().state()).isEqualTo(AlarmState.NORMAL);
		assertThat(this.engine.alarm(ALARM).orElseThrow().severity()).isEqualTo(AlarmSeverity.MINOR);

		this.clock.advance(Duration.ofMinutes(1));
		raise();
		this.clock.advance(Duration.ofMinutes(9));
		this.escalator.check();
		assertThat(this.engine.alarm(ALARM).orElseThrow().severity()).isEqualTo(AlarmSeverity.MINOR);
		this.clock.advance(Duration.ofMinutes(1));
		this.escalator.check();
		await().untilAsserted(() -> assertThat(this.pager.received).hasSize(2));
		assertThat(this.engine.alarm(ALARM).orElseThrow().severity()).isEqualTo(AlarmSeverity.MAJOR);
	}

	@Test
	void aShelvedAlarmIsNotEscalated() {
		raise();
		this.engine.shelve(ALARM, "token:operator", Duration.ofMinutes(50), "maintenance");
		this.clock.advance(Duration.ofMinutes(45));
		this.escalator.check();
		assertThat(this.engine.alarm(ALARM).orElseThrow().severity()).isEqualTo(AlarmSeverity.MINOR);
		assertThat(this.pager.received).isEmpty();
	}

}
