package dev.library.config;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.library.core.component.ComponentLifecycleManager;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.SmartLifecycle;

/**
 * Polls the watched configuration file on a dedicated thread and hands each new version
 * to a listener. A version is new when the SHA-256 of the content differs, which is
 * robust to the symbolic link swaps of a Kubernetes ConfigMap volume and to clocks and
 * modification times. The file disappearing counts as a change; appearing again too.
 *
 * @author Library
 */
public class ConfigFileWatcher implements SmartLifecycle {

	/**
	 * Starts after the components, so that the {@code config} component runs when a first
	 * change is reported, and stops before them.
	 */
	public static final int PHASE = ComponentLifecycleManager.PHASE + 1;

	private static final Log logger = LogFactory.getLog(ConfigFileWatcher.class);

	private final Path path;

	private final Supplier<Duration> interval;

	private final Consumer<ConfigFileSnapshot> listener;

	private volatile @Nullable String lastHash;

	private @Nullable String lastFailure;

	private volatile @Nullable Scheduler scheduler;

	/**
	 * Create a watcher.
	 * @param path the file to watch
	 * @param interval how long to wait between two checks, read before each wait
	 * @param listener called with each new version, on the watcher's thread
	 * @param initialHash the hash of the version already in force, or {@code null} if the
	 * file was not loaded at start-up
	 */
	public ConfigFileWatcher(Path path, Supplier<Duration> interval, Consumer<ConfigFileSnapshot> listener,
			@Nullable String initialHash) {
		this.path = path;
		this.interval = interval;
		this.listener = listener;
		this.lastHash = initialHash;
	}

	@Override
	public void start() {
		Scheduler started = Schedulers.newSingle("library-config-watcher", true);
		this.scheduler = started;
		scheduleNext(started);
		logger.info(
				"Watching " + this.path + " for configuration changes every " + this.interval.get().toMillis() + " ms");
	}

	@Override
	public void stop() {
		Scheduler started = this.scheduler;
		this.scheduler = null;
		if (started != null) {
			started.dispose();
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * Check the file once and report it to the listener if it changed.
	 * @return whether it changed
	 */
	public boolean check() {
		ConfigFileSnapshot snapshot;
		try {
			snapshot = ConfigFileSnapshot.read(this.path);
		}
		catch (IOException ex) {
			String failure = String.valueOf(ex.getMessage());
			if (!failure.equals(this.lastFailure)) {
				logger.warn("Cannot read watched configuration file " + this.path + ": " + failure);
				this.lastFailure = failure;
			}
			return false;
		}
		this.lastFailure = null;
		if (Objects.equals(snapshot.hash(), this.lastHash)) {
			return false;
		}
		this.lastHash = snapshot.hash();
		this.listener.accept(snapshot);
		return true;
	}

	private void scheduleNext(Scheduler scheduler) {
		if (scheduler.isDisposed()) {
			return;
		}
		try {
			scheduler.schedule(() -> {
				try {
					check();
				}
				catch (RuntimeException ex) {
					logger.error("Failed to reload watched configuration file " + this.path, ex);
				}
				finally {
					scheduleNext(scheduler);
				}
			}, this.interval.get().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			logger.debug("Stopped watching " + this.path);
		}
	}

}
