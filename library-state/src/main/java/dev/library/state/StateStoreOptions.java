package dev.library.state;

import java.time.Duration;

import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

/**
 * Settings of a {@link DefaultStateStore}.
 *
 * @param durability when a write is acknowledged; ignored by a persistence that is not
 * durable, whose writes complete at once
 * @param maxValueSize largest value, as compact JSON in UTF-8
 * @param watchBufferSize changes buffered per watcher before it is dropped
 * @param writerQueueCapacity changes applied but not yet committed beyond which writes
 * are refused (503)
 * @param maxBatchSize largest number of changes committed in one transaction
 * @param retentionMaxAge age beyond which changes are removed from the event log
 * @param retentionMaxCount number of changes the event log keeps at most
 * @param retentionInterval how often retention is applied
 * @author Library
 */
public record StateStoreOptions(Durability durability, DataSize maxValueSize, int watchBufferSize,
		int writerQueueCapacity, int maxBatchSize, Duration retentionMaxAge, long retentionMaxCount,
		Duration retentionInterval) {

	public StateStoreOptions {
		Assert.notNull(durability, "'durability' must not be null");
		Assert.isTrue(maxValueSize.toBytes() > 0, "'maxValueSize' must be positive");
		Assert.isTrue(watchBufferSize > 0, "'watchBufferSize' must be positive");
		Assert.isTrue(writerQueueCapacity > 0, "'writerQueueCapacity' must be positive");
		Assert.isTrue(maxBatchSize > 0, "'maxBatchSize' must be positive");
		Assert.isTrue(retentionMaxAge.isPositive(), "'retentionMaxAge' must be positive");
		Assert.isTrue(retentionMaxCount >= 0, "'retentionMaxCount' must not be negative");
		Assert.isTrue(retentionInterval.isPositive(), "'retentionInterval' must be positive");
	}

	/**
	 * Return the defaults, those of {@code library.state.*}.
	 * @return the default options
	 */
	public static StateStoreOptions defaults() {
		return new StateStoreOptions(Durability.SYNC, DataSize.ofKilobytes(64), 10_000, 100_000, 5_000,
				Duration.ofDays(7), 100_000, Duration.ofMinutes(1));
	}

	public StateStoreOptions withDurability(Durability durability) {
		return new StateStoreOptions(durability, this.maxValueSize, this.watchBufferSize, this.writerQueueCapacity,
				this.maxBatchSize, this.retentionMaxAge, this.retentionMaxCount, this.retentionInterval);
	}

	public StateStoreOptions withMaxValueSize(DataSize maxValueSize) {
		return new StateStoreOptions(this.durability, maxValueSize, this.watchBufferSize, this.writerQueueCapacity,
				this.maxBatchSize, this.retentionMaxAge, this.retentionMaxCount, this.retentionInterval);
	}

	public StateStoreOptions withWatchBufferSize(int watchBufferSize) {
		return new StateStoreOptions(this.durability, this.maxValueSize, watchBufferSize, this.writerQueueCapacity,
				this.maxBatchSize, this.retentionMaxAge, this.retentionMaxCount, this.retentionInterval);
	}

	public StateStoreOptions withWriter(int writerQueueCapacity, int maxBatchSize) {
		return new StateStoreOptions(this.durability, this.maxValueSize, this.watchBufferSize, writerQueueCapacity,
				maxBatchSize, this.retentionMaxAge, this.retentionMaxCount, this.retentionInterval);
	}

	public StateStoreOptions withRetention(Duration maxAge, long maxCount, Duration interval) {
		return new StateStoreOptions(this.durability, this.maxValueSize, this.watchBufferSize, this.writerQueueCapacity,
				this.maxBatchSize, maxAge, maxCount, interval);
	}

}
