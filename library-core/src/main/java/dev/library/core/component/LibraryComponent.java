package dev.library.core.component;

/**
 * A part of the platform with a name, dependencies and a lifecycle. Declared as a bean;
 * the {@link ComponentRegistry} starts components in dependency order and stops them in
 * reverse order.
 * <p>
 * {@link #start()} and {@link #stop()} run on a dedicated lifecycle thread, never on a
 * Netty or Reactor thread, and are bounded by {@code library.core.start-timeout} and
 * {@code library.core.stop-timeout}: they may block.
 *
 * @author Library
 */
public interface LibraryComponent {

	/**
	 * Return the static description of this component.
	 * @return the descriptor
	 */
	ComponentDescriptor descriptor();

	/**
	 * Start the component. Called after every component it depends on has started.
	 * @throws Exception if the component cannot start; a mandatory component's failure
	 * stops the application, an optional one configured with {@code fail-fast: false}
	 * becomes {@link ComponentState#DEGRADED}
	 */
	default void start() throws Exception {
	}

	/**
	 * Stop the component and release its resources. Called before the components it
	 * depends on stop.
	 * @throws Exception if stopping failed; the failure is logged and stopping goes on
	 */
	default void stop() throws Exception {
	}

	/**
	 * Return the name of this component.
	 * @return the name
	 */
	default String name() {
		return descriptor().name();
	}

	/**
	 * Create a component with no start or stop work of its own, whose beans are managed
	 * by Spring alone.
	 * @param descriptor the descriptor
	 * @return the component
	 */
	static LibraryComponent of(ComponentDescriptor descriptor) {
		return () -> descriptor;
	}

}
