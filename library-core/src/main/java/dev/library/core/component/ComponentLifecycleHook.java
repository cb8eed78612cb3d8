package dev.library.core.component;

/**
 * Callback, declared as a bean, that runs around each component's start and stop. An
 * exception from a before-start hook counts as a start failure of that component; one
 * from an after-start or before-stop hook is logged and changes nothing, so a component
 * always stops.
 *
 * @author Library
 */
public interface ComponentLifecycleHook {

	/**
	 * Called before a component starts.
	 * @param component the component
	 */
	default void beforeStart(ComponentDescriptor component) {
	}

	/**
	 * Called after a component started (or became degraded).
	 * @param status its status after starting
	 */
	default void afterStart(ComponentStatus status) {
	}

	/**
	 * Called before a component stops.
	 * @param component the component
	 */
	default void beforeStop(ComponentDescriptor component) {
	}

}
