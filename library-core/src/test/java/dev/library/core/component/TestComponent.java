package dev.library.core.component;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@link LibraryComponent} for tests that writes what happens to it into a shared log
 * and can be told to fail or to hang.
 *
 * @author Library
 */
class TestComponent implements LibraryComponent {

	private final ComponentDescriptor descriptor;

	private final List<String> log;

	private Exception startFailure;

	private Duration startDelay;

	private AtomicBoolean startHangsUntil;

	private AtomicBoolean stopHangsUntil;

	TestComponent(ComponentDescriptor descriptor, List<String> log) {
		this.descriptor = descriptor;
		this.log = log;
	}

	static TestComponent mandatory(String name, List<String> log, String... dependsOn) {
		return new TestComponent(ComponentDescriptor.mandatory(name).description(name).dependsOn(dependsOn).build(),
				log);
	}

	static TestComponent optional(String name, List<String> log, String... dependsOn) {
		return new TestComponent(ComponentDescriptor.optional(name).description(name).dependsOn(dependsOn).build(),
				log);
	}

	TestComponent failingToStartWith(Exception failure) {
		this.startFailure = failure;
		return this;
	}

	TestComponent startingFor(Duration delay) {
		this.startDelay = delay;
		return this;
	}

	/**
	 * Make start ignore interrupts and block until the flag is set.
	 */
	TestComponent startHangingUntil(AtomicBoolean released) {
		this.startHangsUntil = released;
		return this;
	}

	/**
	 * Make stop ignore interrupts and block until the flag is set.
	 */
	TestComponent stopHangingUntil(AtomicBoolean released) {
		this.stopHangsUntil = released;
		return this;
	}

	@Override
	public ComponentDescriptor descriptor() {
		return this.descriptor;
	}

	@Override
	public void start() throws Exception {
		this.log.add("start " + name());
		if (this.startDelay != null) {
			Thread.sleep(this.startDelay);
		}
		if (this.startHangsUntil != null) {
			hangUntil(this.startHangsUntil);
		}
		if (this.startFailure != null) {
			throw this.startFailure;
		}
	}

	@Override
	public void stop() {
		this.log.add("stop " + name());
		if (this.stopHangsUntil != null) {
			hangUntil(this.stopHangsUntil);
		}
	}

	private static void hangUntil(AtomicBoolean released) {
		while (!released.get()) {
			// Clearing the flag is the point: this component ignores being interrupted
			Thread.interrupted();
			LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
		}
	}

}
