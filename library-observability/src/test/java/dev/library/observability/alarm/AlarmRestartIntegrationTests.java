package dev.library.observability.alarm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.library.state.Quality;
import dev.library.state.StateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Alarms kept in the state store's embedded database come back after a restart in the
 * state they were in, with their history.
 *
 * @author Library
 */
class AlarmRestartIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	@TempDir
	Path dataDir;

	private ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(AlarmTestApplication.class).web(WebApplicationType.NONE)
			.run("--library.state.data-dir=" + this.dataDir);
	}

	@Test
	void alarmsShouldComeBackInTheStateTheyWereIn() {
		String acked = "tank-hot.plant.tank1.temperature";
		String shelved = "tank-hot.plant.tank2.temperature";
		String returned = "pump-tripped.plant.pump1.state";
		try (ConfigurableApplicationContext context = start()) {
			StateStore store = context.getBean(StateStore.class);
			AlarmEngine engine = context.getBean(AlarmEngine.class);
			store.put("plant.tank1.temperature", JsonNodeFactory.instance.numberNode(90), "test", Quality.GOOD)
				.block(TIMEOUT);
			store.put("plant.tank2.temperature", JsonNodeFactory.instance.numberNode(95), "test", Quality.GOOD)
				.block(TIMEOUT);
			store.put("plant.pump1.state", JsonNodeFactory.instance.stringNode("TRIPPED"), "test", Quality.GOOD)
				.block(TIMEOUT);
			store.put("plant.pump1.state", JsonNodeFactory.instance.stringNode("RUNNING"), "test", Quality.GOOD)
				.block(TIMEOUT);
			await().atMost(TIMEOUT)
				.until(() -> engine.alarm(returned).map(Alarm::state).orElse(null),
						(state) -> state == AlarmState.RTN_UNACK);
			await().atMost(TIMEOUT).until(() -> engine.alarm(shelved).isPresent() && engine.alarm(acked).isPresent());
			engine.acknowledge(acked, "olivia", "seen");
			engine.shelve(shelved, "olivia", Duration.ofMinutes(30), "sensor swap");
			AlarmRepository repository = context.getBean(AlarmRepository.class);
			await().atMost(TIMEOUT)
				.until(() -> repository.load().collectList().block(TIMEOUT),
						(alarms) -> alarms.stream().anyMatch((alarm) -> alarm.state() == AlarmState.ACKED)
								&& alarms.stream().anyMatch((alarm) -> alarm.state() == AlarmState.SHELVED));
		}
		try (ConfigurableApplicationContext context = start()) {
			AlarmEngine engine = context.getBean(AlarmEngine.class);
			Alarm ackedAlarm = engine.alarm(acked).orElseThrow();
			assertThat(ackedAlarm.state()).isEqualTo(AlarmState.ACKED);
			assertThat(ackedAlarm.acknowledgedBy()).isEqualTo("olivia");
			Alarm shelvedAlarm = engine.alarm(shelved).orElseThrow();
			assertThat(shelvedAlarm.state()).isEqualTo(AlarmState.SHELVED);
			assertThat(shelvedAlarm.shelvedUntil()).isNotNull();
			assertThat(shelvedAlarm.active()).isTrue();
			assertThat(engine.alarm(returned).orElseThrow().state()).isEqualTo(AlarmState.RTN_UNACK);
			AlarmRepository.HistoryPage history = context.getBean(AlarmRepository.class)
				.history(null, null, 100, null)
				.block(TIMEOUT);
			assertThat(history).isNotNull();
			assertThat(history.transitions()).filteredOn((transition) -> transition.alarmId().equals(acked))
				.extracting(AlarmTransition::to)
				.isEqualTo(List.of(AlarmState.UNACK, AlarmState.ACKED));
			// Evaluation goes on from the restored state.
			context.getBean(StateStore.class)
				.put("plant.tank1.temperature", JsonNodeFactory.instance.numberNode(20), "test", Quality.GOOD)
				.block(TIMEOUT);
			await().atMost(TIMEOUT).until(() -> engine.alarm(acked).orElseThrow().state() == AlarmState.NORMAL);
		}
	}

}
