package dev.library.observability.alarm.notification;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import dev.library.observability.alarm.AlarmConditionType;
import dev.library.observability.alarm.AlarmDefinition;
import dev.library.observability.alarm.AlarmEngine;
import dev.library.observability.alarm.AlarmEventPublisher;
import dev.library.observability.alarm.AlarmSeverity;
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
 * Flood handling of the {@link NotificationDispatcher} on a virtual clock: one flood
 * notification when an area floods, the area's raised alarms held back, other areas not,
 * and the end of the flood reported with the count held back.
 *
 * @author Library
 */
class FloodNotificationTests {

	private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final RecordingChannel channel = new RecordingChannel("ops");

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private NotificationDispatcher dispatcher;

	private AlarmEngine engine;

	@BeforeEach
	void start() {
		this.dispatcher = new NotificationDispatcher(List.of(this.channel),
				List.of(new ChannelSubscription(this.channel, EnumSet.allOf(NotificationEvent.class), Set.of(),
						Set.of())),
				new DeliveryPolicy(1, Duration.ofMillis(10), Duration.ofMillis(10), 100, 1),
				new FloodPolicy(3, Duration.ofMinutes(10)), this.clock, this.meters);
		AlarmEventPublisher publisher = new AlarmEventPublisher();
		publisher.addListener(this.dispatcher);
		this.engine = new AlarmEngine(
				List.of(definition("north-high", "north.*.level", "north"),
						definition("south-high", "south.*.level", "south")),
				this.clock, Duration.ofHours(1), publisher);
		this.dispatcher.start();
	}

	@AfterEach
	void stop() {
		this.dispatcher.stop();
	}

	private static AlarmDefinition definition(String name, String pattern, String area) {
		return new AlarmDefinition(name, pattern, AlarmConditionType.HI, 90.0, 0, null, Duration.ZERO, Duration.ZERO,
				null, null, AlarmSeverity.MAJOR, "", "%", Set.of(), area, null);
	}

	private void raise(String key) {
		this.engine.update(key, JsonNodeFactory.instance.numberNode(95), Quality.GOOD);
		this.clock.advance(Duration.ofSeconds(30));
	}

	@Test
	void anAreaThatFloodsSendsOneFloodNotificationAndHoldsBackItsRaisedAlarms() {
		for (int i = 1; i <= 6; i++) {
			raise("north.tank" + i + ".level");
		}
		raise("south.tank1.level");
		await().untilAsserted(() -> assertThat(this.channel.received).hasSize(5));
		assertThat(this.channel.received).extracting(AlarmNotification::event)
			.containsExactly(NotificationEvent.RAISED, NotificationEvent.RAISED, NotificationEvent.RAISED,
					NotificationEvent.FLOOD, NotificationEvent.RAISED);
		AlarmNotification flood = this.channel.received.get(3);
		assertThat(flood.alarm().id()).isEqualTo("north-high.north.tank4.level");
		assertThat(flood.reason()).isEqualTo(
				"flood in area 'north': more than 3 alarms raised within PT10M; its raised alarms are held back");
		assertThat(this.channel.received.get(4).alarm().area()).isEqualTo("south");
		assertThat(this.dispatcher.floodingAreas()).containsExactly("north");
		assertThat(this.meters.get("library.alarms.notifications.held-back").counter().count()).isEqualTo(3);

		this.dispatcher.checkFloods();
		assertThat(this.dispatcher.floodingAreas()).as("six raised within the window").containsExactly("north");
		this.clock.advance(Duration.ofMinutes(10));
		this.dispatcher.checkFloods();
		await().untilAsserted(() -> assertThat(this.channel.received).hasSize(6));
		AlarmNotification ended = this.channel.received.get(5);
		assertThat(ended.event()).isEqualTo(NotificationEvent.FLOOD_ENDED);
		assertThat(ended.reason())
			.isEqualTo("flood in area 'north' is over: 3 raised alarm notification(s) were held back");
		assertThat(this.dispatcher.floodingAreas()).isEmpty();

		raise("north.tank7.level");
		await().untilAsserted(() -> assertThat(this.channel.received).hasSize(7));
		assertThat(this.channel.received.get(6).event()).isEqualTo(NotificationEvent.RAISED);
	}

}
