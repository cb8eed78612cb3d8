package dev.library.adapters;

import java.time.Duration;
import java.util.List;

import dev.library.core.component.ComponentDescriptor;
import dev.library.core.component.LibraryComponent;

/**
 * The {@code adapters} component: starts every enabled adapter instance connecting (the
 * outputs are driven to their safe state once connected), and on stop drives every output
 * to its safe state and closes the connections. Its {@link Participant}s start before the
 * instances connect and stop after they are closed (the audit trail), or start after and
 * stop before (the interlock monitor).
 *
 * @author Library
 */
public class AdaptersComponent implements LibraryComponent {

	/**
	 * The component's descriptor.
	 */
	public static final ComponentDescriptor DESCRIPTOR = ComponentDescriptor.mandatory("adapters")
		.description("Device adapters: SPI, registry and connection supervision")
		.dependsOn("state")
		// Applied by AdaptersReloader: instances added, changed or removed on a reload
		.reloadableProperties("library.adapters.instances", "library.adapters.interlocks")
		.build();

	private final AdapterSupervisors supervisors;

	private final Duration stopTimeout;

	private final List<Participant> participants;

	/**
	 * Create the component.
	 * @param supervisors the instances' supervisors
	 * @param stopTimeout how long each instance may take to drive its outputs safe and
	 * close
	 * @param participants started and stopped around the instances, in order
	 */
	public AdaptersComponent(AdapterSupervisors supervisors, Duration stopTimeout, List<Participant> participants) {
		this.supervisors = supervisors;
		this.stopTimeout = stopTimeout;
		this.participants = List.copyOf(participants);
	}

	@Override
	public ComponentDescriptor descriptor() {
		return DESCRIPTOR;
	}

	@Override
	public void start() {
		this.participants.forEach(Participant::beforeConnect);
		this.supervisors.start(this.stopTimeout);
		this.participants.forEach(Participant::afterConnect);
	}

	@Override
	public void stop() {
		this.participants.reversed().forEach(Participant::beforeDisconnect);
		this.supervisors.stop(this.stopTimeout);
		this.participants.reversed().forEach(Participant::afterDisconnect);
	}

	/**
	 * Work done around the connection of the instances.
	 */
	public interface Participant {

		/**
		 * Called before the instances start connecting.
		 */
		default void beforeConnect() {
		}

		/**
		 * Called once the instances have started connecting.
		 */
		default void afterConnect() {
		}

		/**
		 * Called before the outputs are driven safe and the connections closed.
		 */
		default void beforeDisconnect() {
		}

		/**
		 * Called after the connections were closed.
		 */
		default void afterDisconnect() {
		}

	}

}
