package dev.library.state.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;

import dev.library.state.Durability;
import dev.library.state.StateStoreOptions;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * State store settings.
 *
 * @author Library
 */
@ConfigurationProperties("library.state")
@Validated
public class StateProperties {

	/**
	 * Where state and event log are kept: "embedded" in a database file under data-dir,
	 * or "memory" (nothing written, everything lost at restart; for tests and
	 * benchmarks).
	 */
	@NotNull
	private Persistence persistence = Persistence.EMBEDDED;

	/**
	 * Directory of the embedded database file, created if missing. A relative path is
	 * resolved against the working directory.
	 */
	@NotNull
	private Path dataDir = Path.of("data");

	/**
	 * When writes are acknowledged: "sync" once their batch is committed, "async" as soon
	 * as they are applied in memory (a crash then loses the changes not yet committed, at
	 * most writer.queue-capacity of them).
	 */
	@NotNull
	private Durability durability = Durability.SYNC;

	/**
	 * Whether each commit of the embedded database is forced to the disk, so that
	 * acknowledged changes survive a power failure and not only a crash of the process.
	 */
	private boolean fsync = true;

	/**
	 * Largest value accepted, measured as compact JSON in UTF-8; a larger one is refused
	 * with 413.
	 */
	@NotNull
	private DataSize maxValueSize = DataSize.ofKilobytes(64);

	/**
	 * Changes buffered per watcher. A watcher that falls further behind is dropped with a
	 * final event saying why; it can reconnect and resume from the event log.
	 */
	@Min(1)
	@Max(1_000_000)
	private int watchBufferSize = 10_000;

	/**
	 * Interval of the comments that keep idle watch streams (GET /state/watch) open
	 * through proxies.
	 */
	@NotNull
	private Duration watchHeartbeatInterval = Duration.ofSeconds(15);

	@Valid
	private final Writer writer = new Writer();

	@Valid
	private final Events events = new Events();

	public Persistence getPersistence() {
		return this.persistence;
	}

	public void setPersistence(Persistence persistence) {
		this.persistence = persistence;
	}

	public Path getDataDir() {
		return this.dataDir;
	}

	public void setDataDir(Path dataDir) {
		this.dataDir = dataDir;
	}

	public Durability getDurability() {
		return this.durability;
	}

	public void setDurability(Durability durability) {
		this.durability = durability;
	}

	public boolean isFsync() {
		return this.fsync;
	}

	public void setFsync(boolean fsync) {
		this.fsync = fsync;
	}

	public DataSize getMaxValueSize() {
		return this.maxValueSize;
	}

	public void setMaxValueSize(DataSize maxValueSize) {
		this.maxValueSize = maxValueSize;
	}

	public int getWatchBufferSize() {
		return this.watchBufferSize;
	}

	public void setWatchBufferSize(int watchBufferSize) {
		this.watchBufferSize = watchBufferSize;
	}

	public Duration getWatchHeartbeatInterval() {
		return this.watchHeartbeatInterval;
	}

	public void setWatchHeartbeatInterval(Duration watchHeartbeatInterval) {
		this.watchHeartbeatInterval = watchHeartbeatInterval;
	}

	public Writer getWriter() {
		return this.writer;
	}

	public Events getEvents() {
		return this.events;
	}

	/**
	 * Return these settings as the options of a state store.
	 * @return the options
	 */
	public StateStoreOptions toOptions() {
		Retention retention = this.events.getRetention();
		return new StateStoreOptions(this.durability, this.maxValueSize, this.watchBufferSize,
				this.writer.getQueueCapacity(), this.writer.getMaxBatchSize(), retention.getMaxAge(),
				retention.getMaxCount(), retention.getCheckInterval());
	}

	/**
	 * Where state and event log are kept.
	 */
	public enum Persistence {

		/**
		 * In an embedded database file under the data directory.
		 */
		EMBEDDED,

		/**
		 * In memory only.
		 */
		MEMORY

	}

	/**
	 * Settings of the thread that commits changes.
	 */
	public static class Writer {

		/**
		 * Changes applied but not yet committed beyond which writes are refused with 503
		 * until the writer catches up.
		 */
		@Min(1)
		private int queueCapacity = 100_000;

		/**
		 * Largest number of changes committed in one transaction.
		 */
		@Min(1)
		private int maxBatchSize = 5_000;

		public int getQueueCapacity() {
			return this.queueCapacity;
		}

		public void setQueueCapacity(int queueCapacity) {
			this.queueCapacity = queueCapacity;
		}

		public int getMaxBatchSize() {
			return this.maxBatchSize;
		}

		public void setMaxBatchSize(int maxBatchSize) {
			this.maxBatchSize = maxBatchSize;
		}

	}

	/**
	 * Settings of the event log.
	 */
	public static class Events {

		@Valid
		private final Retention retention = new Retention();

		public Retention getRetention() {
			return this.retention;
		}

	}

	/**
	 * How long changes stay in the event log.
	 */
	public static class Retention {

		/**
		 * Age beyond which changes are removed from the event log.
		 */
		@NotNull
		private Duration maxAge = Duration.ofDays(7);

		/**
		 * Number of changes the event log keeps at most; older ones are removed. In
		 * memory mode this also bounds the memory the log takes.
		 */
		@Min(0)
		private long maxCount = 100_000;

		/**
		 * How often the retention is applied, in the background.
		 */
		@NotNull
		private Duration checkInterval = Duration.ofMinutes(1);

		public Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(Duration maxAge) {
			this.maxAge = maxAge;
		}

		public long getMaxCount() {
			return this.maxCount;
		}

		public void setMaxCount(long maxCount) {
			this.maxCount = maxCount;
		}

		public Duration getCheckInterval() {
			return this.checkInterval;
		}

		public void setCheckInterval(Duration checkInterval) {
			this.checkInterval = checkInterval;
		}

	}

}
