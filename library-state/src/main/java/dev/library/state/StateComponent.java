package dev.library.state;

import dev.library.core.component.ComponentDescriptor;
import dev.library.core.component.LibraryComponent;
import org.jspecify.annotations.Nullable;

/**
 * The {@code state} component: starts the {@link DefaultStateStore} (opens its storage,
 * loads the state, starts its writer) and stops it (commits every applied change, closes
 * the storage). With another {@link StateStore} it has no start or stop work.
 *
 * @author Library
 */
public class StateComponent implements LibraryComponent {

	/**
	 * The component's descriptor.
	 */
	public static final ComponentDescriptor DESCRIPTOR = ComponentDescriptor.mandatory("state")
		.description("Live values and their history")
		.dependsOn("config", "schemas")
		.build();

	private final @Nullable DefaultStateStore store;

	/**
	 * Create a new instance.
	 * @param store the store to start and stop, or {@code null}
	 */
	public StateComponent(@Nullable DefaultStateStore store) {
		this.store = store;
	}

	@Override
	public ComponentDescriptor descriptor() {
		return DESCRIPTOR;
	}

	@Override
	public void start() {
		if (this.store != null) {
			this.store.start();
		}
	}

	@Override
	public void stop() {
		if (this.store != null) {
			this.store.stop();
		}
	}

}
