package dev.library.session;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.library.core.component.ComponentDescriptor;
import dev.library.core.component.LibraryComponent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The {@code sessions} component: starts the sweeper of the
 * {@link DefaultSessionRegistry} on a dedicated thread ({@code library-sessions}), and on
 * stop closes every session ({@link SessionCloseReason#SHUTDOWN}).
 *
 * @author Library
 */
public class SessionsComponent implements LibraryComponent {

	/**
	 * The component's descriptor.
	 */
	public static final ComponentDescriptor DESCRIPTOR = ComponentDescriptor.mandatory("sessions")
		.description("Registry of sessions (connections, conversations) and pools of shared resources")
		.dependsOn("core")
		.build();

	private static final Log logger = LogFactory.getLog(SessionsComponent.class);

	private final @Nullable DefaultSessionRegistry registry;

	private final Duration sweepInterval;

	private @Nullable Scheduler sweeper;

	/**
	 * Create a new instance.
	 * @param registry the registry to sweep and stop, or {@code null} (another
	 * {@link SessionRegistry} manages itself)
	 * @param sweepInterval how often the sweeper runs
	 */
	public SessionsComponent(@Nullable DefaultSessionRegistry registry, Duration sweepInterval) {
		this.registry = registry;
		this.sweepInterval = sweepInterval;
	}

	@Override
	public ComponentDescriptor descriptor() {
		return DESCRIPTOR;
	}

	@Override
	public synchronized void start() {
		if (this.registry == null) {
			return;
		}
		this.registry.start();
		long interval = this.sweepInterval.toMillis();
		Scheduler scheduler = Schedulers.newSingle("library-sessions", true);
		scheduler.schedulePeriodically(this::sweep, interval, interval, TimeUnit.MILLISECONDS);
		this.sweeper = scheduler;
	}

	@Override
	public synchronized void stop() {
		Scheduler sweeper = this.sweeper;
		if (sweeper != null) {
			sweeper.dispose();
			this.sweeper = null;
		}
		if (this.registry != null) {
			this.registry.stop();
		}
	}

	private void sweep() {
		try {
			if (this.registry != null) {
				this.registry.sweep();
			}
		}
		catch (RuntimeException ex) {
			// A failed run must not end the periodic task.
			logger.warn("Session sweep failed", ex);
		}
	}

}
