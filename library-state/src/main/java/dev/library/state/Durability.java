package dev.library.state;

/**
 * When a write to a persistent store is acknowledged.
 *
 * @author Library
 */
public enum Durability {

	/**
	 * A write completes once the batch holding it is committed (and forced to the disk
	 * when fsync is on): nothing acknowledged is lost in a crash.
	 */
	SYNC,

	/**
	 * A write completes as soon as it is applied in memory and queued for the next
	 * commit. A crash loses the changes not yet committed: at most the writer queue's
	 * capacity, in practice those of the last commit interval (a few milliseconds).
	 */
	ASYNC

}
