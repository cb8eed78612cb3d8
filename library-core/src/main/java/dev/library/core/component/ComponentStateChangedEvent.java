package dev.library.core.component;

import org.springframework.context.ApplicationEvent;

/**
 * Published whenever a component changes state.
 *
 * @author Library
 */
public class ComponentStateChangedEvent extends ApplicationEvent {

	private final ComponentStatus previous;

	private final ComponentStatus current;

	public ComponentStateChangedEvent(Object source, ComponentStatus previous, ComponentStatus current) {
		super(source);
		this.previous = previous;
		this.current = current;
	}

	public ComponentStatus getPrevious() {
		return this.previous;
	}

	public ComponentStatus getCurrent() {
		return this.current;
	}

}
