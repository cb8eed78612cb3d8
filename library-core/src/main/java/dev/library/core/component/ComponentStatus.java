package dev.library.core.component;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Point-in-time status of a component.
 *
 * @param descriptor the component's descriptor
 * @param state the lifecycle state
 * @param since when the component entered this state
 * @param reason why the component is degraded or failed, or {@code null}
 * @param startDuration how long the component took to start, or {@code null} before it
 * has started
 * @author Library
 */
public record ComponentStatus(ComponentDescriptor descriptor, ComponentState state, Instant since,
		@Nullable String reason, @Nullable Duration startDuration) {

	public String name() {
		return this.descriptor.name();
	}

	ComponentStatus withState(ComponentState state, Instant since, @Nullable String reason) {
		return new ComponentStatus(this.descriptor, state, since, reason, this.startDuration);
	}

	ComponentStatus withStartDuration(Duration startDuration) {
		return new ComponentStatus(this.descriptor, this.state, this.since, this.reason, startDuration);
	}

}
