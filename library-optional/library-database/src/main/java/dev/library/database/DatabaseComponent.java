package dev.library.database;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.library.core.component.ComponentDescriptor;
import dev.library.core.component.ComponentRegistry;
import dev.library.core.component.LibraryComponent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The {@code database} component. While it runs, it checks the connection to PostgreSQL
 * every check interval: when the check fails the component is reported degraded (so
 * readiness goes down while the platform stays up), when it succeeds again the component
 * recovers and the state changes buffered meanwhile are flushed. On start it creates or
 * migrates the tables declared in configuration and starts routing state changes into
 * them.
 *
 * @author Library
 */
public class DatabaseComponent implements LibraryComponent {

	private static final Log logger = LogFactory.getLog(DatabaseComponent.class);

	/**
	 * The component's descriptor.
	 */
	public static final ComponentDescriptor DESCRIPTOR = ComponentDescriptor.optional("database")
		.description("PostgreSQL persistence of state and events through R2DBC")
		.dependsOn("state")
		.build();

	private final DatabaseConnectionCheck check;

	private final Duration checkInterval;

	private final @Nullable PostgresStatePersistence persistence;

	private final Supplier<@Nullable ComponentRegistry> components;

	private final @Nullable DatabaseTables tables;

	private final @Nullable StateTableRouter router;

	private @Nullable ScheduledExecutorService scheduler;

	private volatile boolean down;

	/**
	 * Create a new instance.
	 * @param check the connection check
	 * @param checkInterval the interval of the checks
	 * @param persistence the state persistence whose outage buffer is flushed, or
	 * {@code null}
	 * @param components gives the registry told when the database goes down and comes
	 * back (looked up when needed: the registry holds this component)
	 * @param tables the declared tables, migrated on start and retained every minute, or
	 * {@code null}
	 * @param router routes state changes into the declared tables, or {@code null}
	 */
	public DatabaseComponent(DatabaseConnectionCheck check, Duration checkInterval,
			@Nullable PostgresStatePersistence persistence, Supplier<@Nullable ComponentRegistry> components,
			@Nullable DatabaseTables tables, @Nullable StateTableRouter router) {
		this.check = check;
		this.checkInterval = checkInterval;
		this.persistence = persistence;
		this.components = components;
		this.tables = tables;
		this.router = router;
	}

	@Override
	public ComponentDescriptor descriptor() {
		return DESCRIPTOR;
	}

	@Override
	public void start() {
		if (this.tables != null) {
			this.tables.migrate();
		}
		if (this.router != null) {
			this.router.start();
		}
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "library-database-check");
			thread.setDaemon(true);
			return thread;
		});
		long interval = Math.max(1, this.checkInterval.toMillis());
		scheduler.scheduleWithFixedDelay(this::checkNow, interval, interval, TimeUnit.MILLISECONDS);
		if (this.tables != null) {
			scheduler.scheduleWithFixedDelay(this::applyTableRetention, 1, 1, TimeUnit.MINUTES);
		}
		this.scheduler = scheduler;
	}

	private void applyTableRetention() {
		try {
			if (this.tables != null && !this.down) {
				this.tables.applyRetention(Instant.now());
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Cannot apply the retention of the declared tables: " + ex.getMessage());
		}
	}

	/**
	 * Check the connection once, report the outcome, and flush the outage buffer when
	 * PostgreSQL answers. Runs on the component's own thread.
	 */
	void checkNow() {
		try {
			this.check.check().block(this.check.timeout().plusSeconds(1));
		}
		catch (RuntimeException ex) {
			if (!this.down) {
				this.down = true;
				String reason = "PostgreSQL cannot be reached: " + ex.getMessage();
				logger.warn(reason);
				ComponentRegistry registry = this.components.get();
				if (registry != null) {
					registry.reportDegraded(DESCRIPTOR.name(), reason);
				}
			}
			return;
		}
		try {
			if (this.persistence != null) {
				this.persistence.flushBuffered();
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Cannot flush the outage buffer: " + ex.getMessage());
		}
		if (this.down) {
			this.down = false;
			logger.info("PostgreSQL can be reached again");
			ComponentRegistry registry = this.components.get();
			if (registry != null) {
				registry.reportRecovered(DESCRIPTOR.name());
			}
		}
	}

	/**
	 * Whether the last check failed.
	 * @return whether PostgreSQL counts as down
	 */
	public boolean isDown() {
		return this.down;
	}

	@Override
	public void stop() throws InterruptedException {
		if (this.router != null) {
			this.router.stop();
		}
		ScheduledExecutorService scheduler = this.scheduler;
		if (scheduler != null) {
			scheduler.shutdownNow();
			scheduler.awaitTermination(10, TimeUnit.SECONDS);
			this.scheduler = null;
		}
	}

}
