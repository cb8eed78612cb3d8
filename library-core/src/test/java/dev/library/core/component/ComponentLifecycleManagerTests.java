package dev.library.core.component;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests for {@link ComponentLifecycleManager}.
 *
 * @author Library
 */
class ComponentLifecycleManagerTests {

	private final List<String> log = new CopyOnWriteArrayList<>();

	private final List<ComponentStateChangedEvent> events = new CopyOnWriteArrayList<>();

	private final ApplicationEventPublisher publisher = (event) -> this.events.add((ComponentStateChangedEvent) event);

	private final TestClock clock = new TestClock();

	private final AtomicBoolean released = new AtomicBoolean();

	@AfterEach
	void releaseHangingComponents() {
		this.released.set(true);
	}

	@Test
	void startsComponentsInDependencyOrderAndStopsThemInReverseOrder() {
		ComponentLifecycleManager manager = manager(TestStartPolicy.defaults(),
				TestComponent.mandatory("web", this.log, "store"), TestComponent.mandatory("store", this.log, "core"),
				TestComponent.mandatory("core", this.log), TestComponent.mandatory("audit", this.log));
		manager.start();
		assertThat(manager.isRunning()).isTrue();
		assertThat(manager.components()).extracting(ComponentStatus::name, ComponentStatus::state)
			.containsExactly(tuple("audit", ComponentState.RUNNING), tuple("core", ComponentState.RUNNING),
					tuple("store", ComponentState.RUNNING), tuple("web", ComponentState.RUNNING));
		manager.stop();
		assertThat(manager.isRunning()).isFalse();
		assertThat(this.log).containsExactly("start audit", "start core", "start store", "start web", "stop web",
				"stop store", "stop core", "stop audit");
		assertThat(manager.components()).extracting(ComponentStatus::state).containsOnly(ComponentState.STOPPED);
	}

	@Test
	void lifecycleHooksRunAroundEachComponent() {
		ComponentLifecycleHook hook = new ComponentLifecycleHook() {

			@Override
			public void beforeStart(ComponentDescriptor component) {
				ComponentLifecycleManagerTests.this.log.add("beforeStart " + component.name());
			}

			@Override
			public void afterStart(ComponentStatus status) {
				ComponentLifecycleManagerTests.this.log.add("afterStart " + status.name() + " " + status.state());
			}

			@Override
			public void beforeStop(ComponentDescriptor component) {
				ComponentLifecycleManagerTests.this.log.add("beforeStop " + component.name());
			}

		};
		ComponentLifecycleManager manager = new ComponentLifecycleManager(
				List.of(TestComponent.mandatory("store", this.log, "core"), TestComponent.mandatory("core", this.log)),
				Set.of(), List.of(hook), TestStartPolicy.defaults(), this.publisher, this.clock);
		manager.start();
		manager.stop();
		assertThat(this.log).containsExactly("beforeStart core", "start core", "afterStart core RUNNING",
				"beforeStart store", "start store", "afterStart store RUNNING", "beforeStop store", "stop store",
				"beforeStop core", "stop core");
	}

	@Test
	void startFailureOfAMandatoryComponentStopsTheStartedOnesInReverseOrderAndNamesComponentAndCause() {
		IOException cause = new IOException("port 1883 is already in use");
		ComponentLifecycleManager manager = manager(TestStartPolicy.defaults(),
				TestComponent.mandatory("core", this.log), TestComponent.mandatory("store", this.log, "core"),
				TestComponent.mandatory("broker", this.log, "store").failingToStartWith(cause),
				TestComponent.mandatory("web", this.log, "broker"));
		assertThatExceptionOfType(ComponentStartException.class).isThrownBy(manager::start)
			.withMessage("Component 'broker' failed to start: port 1883 is already in use")
			.withCause(cause)
			.satisfies((ex) -> assertThat(ex.getComponent()).isEqualTo("broker"));
		assertThat(this.log).containsExactly("start core", "start store", "start broker", "stop store", "stop core");
		assertThat(manager.isRunning()).isFalse();
		assertThat(manager.component("broker")).hasValueSatisfying((status) -> {
			assertThat(status.state()).isEqualTo(ComponentState.FAILED);
			assertThat(status.reason()).isEqualTo("Failed to start: port 1883 is already in use");
		});
		assertThat(manager.components()).extracting(ComponentStatus::name, ComponentStatus::state)
			.containsExactly(tuple("core", ComponentState.STOPPED), tuple("store", ComponentState.STOPPED),
					tuple("broker", ComponentState.FAILED), tuple("web", ComponentState.STARTING));
	}

	@Test
	void exceptionFromABeforeStartHookCountsAsAStartFailureOfThatComponent() {
		ComponentLifecycleHook hook = new ComponentLifecycleHook() {

			@Override
			public void beforeStart(ComponentDescriptor component) {
				if (component.name().equals("store")) {
					throw new IllegalStateException("licence expired");
				}
			}

		};
		ComponentLifecycleManager manager = new ComponentLifecycleManager(
				List.of(TestComponent.mandatory("core", this.log), TestComponent.mandatory("store", this.log, "core")),
				Set.of(), List.of(hook), TestStartPolicy.defaults(), this.publisher, this.clock);
		assertThatExceptionOfType(ComponentStartException.class).isThrownBy(manager::start)
			.withMessage("Component 'store' failed to start: licence expired");
		assertThat(this.log).containsExactly("start core", "stop core");
	}

	@Test
	void failingAfterStartAndBeforeStopHooksNeitherFailTheComponentNorKeepItFromStopping() {
		ComponentLifecycleHook hook = new ComponentLifecycleHook() {

			@Override
			public void afterStart(ComponentStatus status) {
				throw new IllegalStateException("audit sink unreachable");
			}

			@Override
			public void beforeStop(ComponentDescriptor component) {
				throw new IllegalStateException("audit sink unreachable");
			}

		};
		ComponentLifecycleManager manager = new ComponentLifecycleManager(
				List.of(TestComponent.mandatory("core", this.log), TestComponent.mandatory("relays", this.log, "core")),
				Set.of(), List.of(hook), TestStartPolicy.defaults(), this.publisher, this.clock);
		manager.start();
		assertThat(manager.components()).extracting(ComponentStatus::state).containsOnly(ComponentState.RUNNING);
		manager.stop();
		assertThat(this.log).containsExactly("start core", "start relays", "stop relays", "stop core");
		assertThat(manager.components()).extracting(ComponentStatus::state).containsOnly(ComponentState.STOPPED);
	}

	@Test
	void optionalComponentThatDoesNotFailFastRunsDegradedWithTheReasonAndTheRestStarts() {
		List<String> afterStart = new ArrayList<>();
		ComponentLifecycleHook hook = new ComponentLifecycleHook() {

			@Override
			public void afterStart(ComponentStatus status) {
				afterStart.add(status.name() + " " + status.state());
			}

		};
		ComponentLifecycleManager manager = new ComponentLifecycleManager(
				List.of(TestComponent.mandatory("core", this.log),
						TestComponent.optional("kafka", this.log, "core")
							.failingToStartWith(new IOException("broker localhost:9092 unreachable")),
						TestComponent.mandatory("web", this.log, "core")),
				Set.of(), List.of(hook), TestStartPolicy.defaults().withoutFailFast("kafka"), this.publisher,
				this.clock);
		manager.start();
		assertThat(manager.isRunning()).isTrue();
		assertThat(manager.component("kafka")).hasValueSatisfying((status) -> {
			assertThat(status.state()).isEqualTo(ComponentState.DEGRADED);
			assertThat(status.reason()).isEqualTo("Failed to start: broker localhost:9092 unreachable");
			assertThat(status.startDuration()).isNotNull();
		});
		assertThat(manager.component("web")).map(ComponentStatus::state).hasValue(ComponentState.RUNNING);
		assertThat(afterStart).containsExactly("core RUNNING", "kafka DEGRADED", "web RUNNING");
	}

	@Test
	void optionalComponentThatFailsFastStopsTheApplication() {
		ComponentLifecycleManager manager = manager(TestStartPolicy.defaults(),
				TestComponent.mandatory("core", this.log),
				TestComponent.optional("kafka", this.log, "core").failingToStartWith(new IOException("unreachable")));
		assertThatExceptionOfType(ComponentStartException.class).isThrownBy(manager::start)
			.withMessage("Component 'kafka' failed to start: unreachable");
		assertThat(this.log).containsExactly("start core", "start kafka", "stop core");
	}

	@Test
	void mandatoryComponentFailsFastEvenWhenThePolicySaysOtherwise() {
		ComponentLifecycleManager manager = manager(TestStartPolicy.defaults().withoutFailFast("core"),
				TestComponent.mandatory("core", this.log).failingToStartWith(new IOException("disk full")));
		assertThatExceptionOfType(ComponentStartException.class).isThrownBy(manager::start)
			.withMessage("Component 'core' failed to start: disk full");
	}

	@Test
	void startThatExceedsItsTimeoutCountsAsFailed() {
		ComponentLifecycleManager manager = manager(
				TestStartPolicy.defaults().withStartTimeout("slow", Duration.ofMillis(100)),
				TestComponent.mandatory("core", this.log),
				TestComponent.mandatory("slow", this.log, "core").startingFor(Duration.ofSeconds(30)));
		long startedAt = System.nanoTime();
		assertThatExceptionOfType(ComponentStartException.class).isThrownBy(manager::start)
			.withMessage("Component 'slow' failed to start: did not finish within 100 ms");
		assertThat(Duration.ofNanos(System.nanoTime() - startedAt)).isLessThan(Duration.ofSeconds(10));
		assertThat(manager.component("slow")).map(ComponentStatus::reason)
			.hasValue("Failed to start: did not finish within 100 ms");
		assertThat(this.log).containsExactly("start core", "start slow", "stop core");
	}

	@Test
	void optionalComponentThatHangsPastItsTimeoutDoesNotHoldUpTheComponentsAfterIt() {
		ComponentLifecycleManager manager = manager(
				TestStartPolicy.defaults().withStartTimeout("kafka", Duration.ofMillis(100)).withoutFailFast("kafka"),
				TestComponent.optional("kafka", this.log).startHangingUntil(this.released),
				TestComponent.mandatory("web", this.log));
		manager.start();
		assertThat(manager.component("kafka")).hasValueSatisfying((status) -> {
			assertThat(status.state()).isEqualTo(ComponentState.DEGRADED);
			assertThat(status.reason()).isEqualTo("Failed to start: did not finish within 100 ms");
		});
		assertThat(manager.component("web")).map(ComponentStatus::state).hasValue(ComponentState.RUNNING);
	}

	@Test
	void stopThatHangsPastTheStopTimeoutIsRecordedAndTheOthersStillStop() {
		ComponentLifecycleManager manager = manager(TestStartPolicy.defaults().withStopTimeout(Duration.ofMillis(100)),
				TestComponent.mandatory("core", this.log), TestComponent.mandatory("store", this.log, "core"),
				TestComponent.mandatory("web", this.log, "store").stopHangingUntil(this.released));
		manager.start();
		manager.stop();
		assertThat(this.log).containsExactly("start core", "start store", "start web", "stop web", "stop store",
				"stop core");
		assertThat(manager.component("web")).hasValueSatisfying((status) -> {
			assertThat(status.state()).isEqualTo(ComponentState.FAILED);
			assertThat(status.reason()).isEqualTo("Failed to stop: did not finish within 100 ms");
		});
		assertThat(manager.component("store")).map(ComponentStatus::state).hasValue(ComponentState.STOPPED);
		assertThat(manager.component("core")).map(ComponentStatus::state).hasValue(ComponentState.STOPPED);
	}

	@Test
	void stopFailureIsRecordedAndStoppingGoesOn() {
		TestComponent failing = new TestComponent(ComponentDescriptor.mandatory("store").dependsOn("core").build(),
				this.log) {

			@Override
			public void stop() {
				super.stop();
				throw new IllegalStateException("flush failed");
			}

		};
		ComponentLifecycleManager manager = manager(TestStartPolicy.defaults(),
				TestComponent.mandatory("core", this.log), failing);
		manager.start();
		manager.stop();
		assertThat(this.log).containsExactly("start core", "start store", "stop store", "stop core");
		assertThat(manager.component("store")).map(ComponentStatus::reason).hasValue("Failed to stop: flush failed");
	}

	@Test
	void componentsRunOnALifecycleThreadNotTheCallersThread() {
		List<String> threads = new CopyOnWriteArrayList<>();
		LibraryComponent component = new LibraryComponent() {

			@Override
			public ComponentDescriptor descriptor() {
				return ComponentDescriptor.mandatory("core").build();
			}

			@Override
			public void start() {
				threads.add(Thread.currentThread().getName());
			}

			@Override
			public void stop() {
				threads.add(Thread.currentThread().getName());
			}

		};
		ComponentLifecycleManager manager = manager(TestStartPolicy.defaults(), component);
		manager.start();
		manager.stop();
		assertThat(threads).containsExactly("library-component-start-core", "library-component-stop-core");
	}

	@Test
	void everyStateChangeIsPublishedWithPreviousAndCurrentStatus() {
		ComponentLifecycleManager manager = manager(TestStartPolicy.defaults(),
				TestComponent.mandatory("core", this.log), TestComponent.mandatory("store", this.log, "core"));
		manager.start();
		manager.stop();
		assertThat(this.events).allSatisfy((event) -> assertThat(event.getSource()).isSameAs(manager));
		assertThat(this.events)
			.extracting((event) -> event.getCurrent().name(), (event) -> event.getPrevious().state(),
					(event) -> event.getCurrent().state())
			.containsExactly(tuple("core", ComponentState.STARTING, ComponentState.RUNNING),
					tuple("store", ComponentState.STARTING, ComponentState.RUNNING),
					tuple("store", ComponentState.RUNNING, ComponentState.STOPPING),
					tuple("store", ComponentState.STOPPING, ComponentState.STOPPED),
					tuple("core", ComponentState.RUNNING, ComponentState.STOPPING),
					tuple("core", ComponentState.STOPPING, ComponentState.STOPPED));
	}

	@Test
	void reportDegradedMovesARunningComponentToDegradedWithTheReasonAndPublishesIt() {
		ComponentLifecycleManager manager = manager(TestStartPolicy.defaults(),
				TestComponent.mandatory("core", this.log));
		manager.start();
		this.events.clear();
		this.clock.advance(Duration.ofMinutes(1));
		manager.reportDegraded("core", "disk 95% full");
		ComponentStatus degraded = manager.component("core").orElseThrow();
		assertThat(degraded.state()).isEqualTo(ComponentState.DEGRADED);
		assertThat(degraded.reason()).isEqualTo("disk 95% full");
		assertThat(degraded.since()).isEqualTo(this.clock.instant());
		assertThat(degraded.startDuration()).isNotNull();
		assertThat(this.events).singleElement().satisfies((event) -> {
			assertThat(event.getPrevious().state()).isEqualTo(ComponentState.RUNNING);
			assertThat(event.getCurrent()).isEqualTo(degraded);
		});
	}

	@Test
	void reportDegradedAgainWithTheSameReasonPublishesNothingAndANewReasonKeepsTheSince() {
		ComponentLifecycleManager manager = manager(TestStartPolicy.defaults(),
				TestComponent.mandatory("core", this.log));
		manager.start();
		manager.reportDegraded("core", "disk 95% full");
		ComponentStatus first = manager.component("core").orElseThrow();
		this.events.clear();
		this.clock.advance(Duration.ofMinutes(1));
		manager.reportDegraded("core", "disk 95% full");
		assertThat(this.events).isEmpty();
		manager.reportDegraded("core", "disk 99% full");
		assertThat(manager.component("core")).hasValueSatisfying((status) -> {
			assertThat(status.reason()).isEqualTo("disk 99% full");
			assertThat(status.since()).isEqualTo(first.since());
		});
		assertThat(this.events).singleElement()
			.satisfies((event) -> assertThat(event.getCurrent().reason()).isEqualTo("disk 99% full"));
	}

	@Test
	void reportRecoveredMovesADegradedComponentBackToRunningWithoutReason() {
		ComponentLifecycleManager manager = manager(TestStartPolicy.defaults(),
				TestComponent.mandatory("core", this.log));
		manager.start();
		manager.reportDegraded("core", "disk 95% full");
		this.events.clear();
		this.clock.advance(Duration.ofMinutes(1));
		manager.reportRecovered("core");
		assertThat(manager.component("core")).hasValueSatisfying((status) -> {
			assertThat(status.state()).isEqualTo(ComponentState.RUNNING);
			assertThat(status.reason()).isNull();
			assertThat(status.since()).isEqualTo(this.clock.instant());
		});
		assertThat(this.events).singleElement().satisfies((event) -> {
			assertThat(event.getPrevious().state()).isEqualTo(ComponentState.DEGRADED);
			assertThat(event.getCurrent().state()).isEqualTo(ComponentState.RUNNING);
		});
	}

	@Test
	void reportRecoveredOnARunningComponentChangesNothing() {
		ComponentLifecycleManager manager = manager(TestStartPolicy.defaults(),
				TestComponent.mandatory("core", this.log));
		manager.start();
		ComponentStatus before = manager.component("core").orElseThrow();
		this.events.clear();
		manager.reportRecovered("core");
		assertThat(manager.component("core")).hasValue(before);
		assertThat(this.events).isEmpty();
	}

	@Test
	void reportDegradedOnAStoppedComponentChangesNothing() {
		ComponentLifecycleManager manager = manager(TestStartPolicy.defaults(),
				TestComponent.mandatory("core", this.log));
		manager.start();
		manager.stop();
		this.events.clear();
		manager.reportDegraded("core", "late report");
		assertThat(manager.component("core")).map(ComponentStatus::state).hasValue(ComponentState.STOPPED);
		assertThat(this.events).isEmpty();
	}

	@Test
	void reportOnAnUnknownComponentIsRejected() {
		ComponentLifecycleManager manager = manager(TestStartPolicy.defaults(),
				TestComponent.mandatory("core", this.log));
		assertThatIllegalArgumentException().isThrownBy(() -> manager.reportDegraded("kafka", "down"))
			.withMessage("No component named 'kafka' is enabled");
		assertThatIllegalArgumentException().isThrownBy(() -> manager.reportRecovered("kafka"))
			.withMessage("No component named 'kafka' is enabled");
	}

	@Test
	void registryListsComponentsInStartOrderWithTheirDependents() {
		ComponentLifecycleManager manager = manager(TestStartPolicy.defaults(),
				TestComponent.mandatory("web", this.log, "store"), TestComponent.mandatory("store", this.log, "core"),
				TestComponent.mandatory("core", this.log));
		assertThat(manager.components()).extracting(ComponentStatus::name, ComponentStatus::state)
			.containsExactly(tuple("core", ComponentState.STARTING), tuple("store", ComponentState.STARTING),
					tuple("web", ComponentState.STARTING));
		assertThat(manager.dependents("core")).containsExactly("store", "web");
		assertThat(manager.dependents("web")).isEmpty();
		assertThat(manager.component("kafka")).isEmpty();
	}

	@Test
	void dependencyOnADisabledOptionalComponentIsRejectedAtConstruction() {
		assertThatExceptionOfType(ComponentDependencyException.class)
			.isThrownBy(() -> new ComponentLifecycleManager(List.of(TestComponent.mandatory("web", this.log, "kafka")),
					Set.of("kafka"), List.of(), TestStartPolicy.defaults(), this.publisher, this.clock))
			.withMessageContaining("'kafka', which is not enabled");
	}

	@Test
	void startsBeforeAndStopsAfterTheWebServerWhosePhaseIsDefaultMinus2048() {
		ComponentLifecycleManager manager = manager(TestStartPolicy.defaults(),
				TestComponent.mandatory("core", this.log));
		assertThat(manager.getPhase()).isLessThan(SmartLifecycle.DEFAULT_PHASE - 2048);
		assertThat(manager.isAutoStartup()).isTrue();
	}

	private ComponentLifecycleManager manager(ComponentStartPolicy policy, LibraryComponent... components) {
		return new ComponentLifecycleManager(List.of(components), Set.of(), List.of(), policy, this.publisher,
				this.clock);
	}

}
