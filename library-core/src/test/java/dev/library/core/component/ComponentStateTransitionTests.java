package dev.library.core.component;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-based tests of the transitions a running component reports through
 * {@link ComponentRegistry#reportDegraded} and {@link ComponentRegistry#reportRecovered},
 * checked against a model of the state machine.
 *
 * @author Library
 */
class ComponentStateTransitionTests {

	@Property
	void reportsMoveBetweenRunningAndDegradedAndPublishExactlyTheChanges(@ForAll("reports") List<String> reports) {
		List<ComponentStateChangedEvent> events = new CopyOnWriteArrayList<>();
		TestClock clock = new TestClock();
		ComponentLifecycleManager manager = new ComponentLifecycleManager(
				List.of(LibraryComponent.of(ComponentDescriptor.mandatory("core").build())), Set.of(), List.of(),
				TestStartPolicy.defaults(), (event) -> events.add((ComponentStateChangedEvent) event), clock);
		manager.start();
		events.clear();
		ComponentState expectedState = ComponentState.RUNNING;
		String expectedReason = null;
		var expectedSince = clock.instant();
		int expectedEvents = 0;
		for (String report : reports) {
			clock.advance(Duration.ofSeconds(1));
			ComponentState nextState = (report == null) ? ComponentState.RUNNING : ComponentState.DEGRADED;
			if (nextState != expectedState) {
				expectedSince = clock.instant();
			}
			if (nextState != expectedState || !Objects.equals(report, expectedReason)) {
				expectedEvents++;
			}
			expectedState = nextState;
			expectedReason = report;
			if (report == null) {
				manager.reportRecovered("core");
			}
			else {
				manager.reportDegraded("core", report);
			}
			ComponentStatus status = manager.component("core").orElseThrow();
			assertThat(status.state()).isEqualTo(expectedState);
			assertThat(status.reason()).isEqualTo(expectedReason);
			assertThat(status.since()).isEqualTo(expectedSince);
			assertThat(events).hasSize(expectedEvents);
		}
		for (ComponentStateChangedEvent event : events) {
			assertThat(event.getPrevious()).isNotEqualTo(event.getCurrent());
			assertThat(event.getCurrent().name()).isEqualTo("core");
		}
		for (int i = 1; i < events.size(); i++) {
			assertThat(events.get(i).getPrevious()).isEqualTo(events.get(i - 1).getCurrent());
		}
	}

	/**
	 * A sequence of reports: a reason stands for reportDegraded, {@code null} for
	 * reportRecovered.
	 */
	@Provide
	Arbitrary<List<String>> reports() {
		return Arbitraries.of("disk full", "broker unreachable").injectNull(0.4).list().ofMaxSize(20);
	}

}
