package dev.library.state;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.Assert;

/**
 * Keeps state and event log in one file, {@code state.store} in a data directory, through
 * H2's MVStore: a copy-on-write B-tree store, without H2's SQL engine, which cost a fifth
 * of the platform's start.
 * <p>
 * The file holds four maps: the record of each key, the event log by sequence, an index
 * of the log by key, and the last sequence. A commit puts the changes in all of them and
 * writes one MVStore chunk before it returns; a chunk is written whole or, after a crash,
 * ignored, so a commit is all or nothing and survives a crash of the process. With
 * {@code fsync} on, the file is also forced to the disk, so a commit survives a power
 * failure too, and MVStore may reuse the space of older chunks at once (without
 * {@code fsync} it keeps them 45 seconds, until the system has written them back). A
 * commit that fails leaves the store to be reopened from the file by the next call,
 * without what the failed commit had begun.
 * <p>
 * Readers see the version committed when they began: they register it, so that its chunks
 * are not reused under them. Every few commits the live pages of sparse chunks are
 * rewritten, so that whole chunks come free.
 * <p>
 * The directory is locked ({@code state.lock}) while open: a second store, in this
 * process or another, cannot open it. The file is accessed through
 * {@code AsynchronousFileChannel}, so a reader thread interrupted by a cancelled request
 * cannot close it under the writer. A data directory written by an earlier version, with
 * the H2 SQL file {@code state.mv.db}, is migrated when first opened; see
 * {@link SqlStateFileMigration}.
 *
 * @author Library
 */
public class EmbeddedStatePersistence implements StatePersistence {

	private static final Log logger = LogFactory.getLog(EmbeddedStatePersistence.class);

	static final String FILE_NAME = "state.store";

	/**
	 * Version of the file's layout; 1 was the H2 SQL file.
	 */
	static final long SCHEMA_VERSION = 2;

	static final String SCHEMA_VERSION_KEY = "schema_version";

	static final String LAST_SEQUENCE_KEY = "last_sequence";

	private static final int RETENTION_CHUNK = 2_000;

	private static final int COMMITS_PER_COMPACTION = 32;

	private static final int COMPACT_BELOW_FILL_RATE = 50;

	private static final int COMPACT_MAX_WRITE = 4 * 1024 * 1024;

	private final Path directory;

	private final JsonMapper jsonMapper;

	private final boolean fsync;

	/**
	 * Serializes commits, retention and reopening, so that each MVStore commit holds
	 * whole changes only.
	 */
	private final ReentrantLock writeLock = new ReentrantLock();

	private @Nullable FileChannel lockChannel;

	private volatile @Nullable StoreMaps maps;

	private volatile boolean opened;

	private volatile long lastSequence;

	/**
	 * Guarded by the write lock.
	 */
	private int commitsSinceCompaction;

	/**
	 * Create a new instance.
	 * @param directory the data directory, created if missing
	 * @param jsonMapper writes and reads values
	 * @param fsync whether each commit is forced to the disk
	 */
	public EmbeddedStatePersistence(Path directory, JsonMapper jsonMapper, boolean fsync) {
		Assert.notNull(directory, "'directory' must not be null");
		Assert.notNull(jsonMapper, "'jsonMapper' must not be null");
		this.directory = directory.toAbsolutePath().normalize();
		this.jsonMapper = jsonMapper;
		this.fsync = fsync;
	}

	@Override
	public StateSnapshot open() {
		Assert.state(!this.opened, "Already open");
		try {
			Files.createDirectories(this.directory);
		}
		catch (IOException ex) {
			throw new StatePersistenceException(
					"Cannot create the state data directory " + this.directory + ": " + ex.getMessage(), ex);
		}
		lock();
		try {
			new SqlStateFileMigration(this.directory, this.directory.resolve(FILE_NAME)).migrateIfPresent();
			StoreMaps maps = StoreMaps.open(this.directory.resolve(FILE_NAME), this.fsync);
			this.maps = maps;
			this.opened = true;
			StateSnapshot snapshot = load(maps);
			this.lastSequence = snapshot.lastSequence();
			logger.info("Opened state store in " + this.directory + ": " + snapshot.entries().size()
					+ " keys, last sequence " + snapshot.lastSequence());
			return snapshot;
		}
		catch (RuntimeException ex) {
			close();
			if (ex instanceof StatePersistenceException persistenceException) {
				throw persistenceException;
			}
			throw new StatePersistenceException(
					"Cannot open the state store in " + this.directory + ": " + ex.getMessage(), ex);
		}
	}

	private void lock() {
		Path lockFile = this.directory.resolve("state.lock");
		FileChannel channel = null;
		try {
			channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
			FileLock lock = channel.tryLock();
			if (lock == null) {
				throw new StatePersistenceException("State data directory " + this.directory
						+ " is in use by another process (" + lockFile + " is locked)");
			}
			this.lockChannel = channel;
		}
		catch (OverlappingFileLockException ex) {
			closeQuietly(channel);
			throw new StatePersistenceException("State data directory " + this.directory
					+ " is already open in this process: give each state store its own library.state.data-dir");
		}
		catch (IOException ex) {
			closeQuietly(channel);
			throw new StatePersistenceException("Cannot lock " + lockFile + ": " + ex.getMessage(), ex);
		}
		catch (StatePersistenceException ex) {
			closeQuietly(channel);
			throw ex;
		}
	}

	private StateSnapshot load(StoreMaps maps) {
		List<StateSnapshot.Entry> entries = new ArrayList<>(maps.entries().size());
		Cursor<String, byte[]> cursor = maps.entries().cursor(null);
		while (cursor.hasNext()) {
			String key = cursor.next();
			entries.add(EmbeddedStateRecords.readEntry(key, cursor.getValue(), this.jsonMapper));
		}
		return new StateSnapshot(entries, maps.lastSequence());
	}

	@Override
	public void commit(List<StateChange> changes) {
		if (changes.isEmpty()) {
			return;
		}
		long last = changes.get(changes.size() - 1).sequence();
		this.writeLock.lock();
		try {
			StoreMaps maps = writableMaps();
			if (last <= this.lastSequence) {
				// committed by an earlier attempt whose sync failed: only sync
				sync(maps);
				return;
			}
			try {
				Map<String, Integer> lastOfKey = new LinkedHashMap<>();
				byte[][] json = new byte[changes.size()][];
				for (int i = 0; i < changes.size(); i++) {
					StateChange change = changes.get(i);
					json[i] = (change.value() != null) ? this.jsonMapper.writeValueAsBytes(change.value()) : null;
					maps.events().put(change.sequence(), EmbeddedStateRecords.event(change, json[i]));
					maps.eventsByKey().put(EventKeyIndex.of(change.key(), change.sequence()), change.sequence());
					lastOfKey.put(change.key(), i);
				}
				for (int i : lastOfKey.values()) {
					StateChange change = changes.get(i);
					maps.entries().put(change.key(), EmbeddedStateRecords.entry(change, json[i]));
				}
				maps.meta().put(LAST_SEQUENCE_KEY, last);
				maps.store().commit();
				compactNowAndThen(maps);
			}
			catch (RuntimeException ex) {
				discard(maps);
				throw new StatePersistenceException("Cannot commit " + changes.size() + " state changes to "
						+ this.directory + ": " + ex.getMessage(), ex);
			}
			this.lastSequence = last;
			sync(maps);
		}
		finally {
			this.writeLock.unlock();
		}
	}

	private void sync(StoreMaps maps) {
		if (!this.fsync) {
			return;
		}
		try {
			maps.store().sync();
		}
		catch (RuntimeException ex) {
			throw new StatePersistenceException(
					"Cannot force state changes to the disk in " + this.directory + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public List<StateChange> readEvents(@Nullable String key, String prefix, @Nullable Instant since,
			@Nullable Instant until, long afterSequence, int limit) {
		long sinceNanos = (since != null) ? EmbeddedStateRecords.epochNanos(since) : Long.MIN_VALUE;
		long untilNanos = (until != null) ? EmbeddedStateRecords.epochNanos(until) : Long.MAX_VALUE;
		return readRegistered((maps) -> {
			List<StateChange> events = new ArrayList<>(Math.min(limit, 256));
			if (key != null) {
				if (!StateKeys.isUnder(key, prefix)) {
					return events;
				}
				Cursor<String, Long> index = maps.eventsByKey().cursor(EventKeyIndex.of(key, afterSequence + 1));
				while (events.size() < limit && index.hasNext() && EventKeyIndex.isOf(index.next(), key)) {
					long sequence = index.getValue();
					// null when retention removed the event since the index was read
					byte[] record = maps.events().get(sequence);
					if (record != null && isWithin(record, sinceNanos, untilNanos)) {
						events.add(EmbeddedStateRecords.readEvent(sequence, record, this.jsonMapper));
					}
				}
			}
			else {
				Cursor<Long, byte[]> log = maps.events().cursor(afterSequence + 1);
				while (events.size() < limit && log.hasNext()) {
					long sequence = log.next();
					byte[] record = log.getValue();
					if (isWithin(record, sinceNanos, untilNanos)
							&& StateKeys.isUnder(EmbeddedStateRecords.eventKey(record), prefix)) {
						events.add(EmbeddedStateRecords.readEvent(sequence, record, this.jsonMapper));
					}
				}
			}
			return events;
		});
	}

	private static boolean isWithin(byte[] record, long sinceNanos, long untilNanos) {
		long timestamp = EmbeddedStateRecords.eventTimestamp(record);
		return timestamp >= sinceNanos && timestamp < untilNanos;
	}

	@Override
	public long firstRetainedSequence() {
		long last = this.lastSequence;
		Long first = readRegistered((maps) -> maps.events().firstKey());
		return (first != null) ? first : last + 1;
	}

	/**
	 * Read the log with the store's current version registered, so that commits do not
	 * reuse its chunks while the read goes on.
	 */
	private <T> T readRegistered(Function<StoreMaps, T> read) {
		StoreMaps maps = readableMaps();
		MVStore.TxCounter usage = maps.store().registerVersionUsage();
		try {
			return read.apply(maps);
		}
		catch (StatePersistenceException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw new StatePersistenceException(
					"Cannot read the event log in " + this.directory + ": " + ex.getMessage(), ex);
		}
		finally {
			maps.store().deregisterVersionUsage(usage);
		}
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Removes from the oldest change on, in chunks each committed on its own, and stops
	 * at the first change that is neither beyond {@code maxCount} nor older than
	 * {@code olderThan}: changes are logged in the order of the store's clock. The space
	 * freed is reused; the file does not shrink.
	 */
	@Override
	public long applyRetention(Instant olderThan, long maxCount) {
		long olderThanNanos = EmbeddedStateRecords.epochNanos(olderThan);
		long removed = 0;
		int removedInChunk;
		do {
			this.writeLock.lock();
			try {
				StoreMaps maps = writableMaps();
				removedInChunk = removeOldest(maps, this.lastSequence - maxCount, olderThanNanos);
				removed += removedInChunk;
				maps.store().commit();
				compactNowAndThen(maps);
			}
			catch (StatePersistenceException ex) {
				throw ex;
			}
			catch (RuntimeException ex) {
				discardIfBroken();
				throw new StatePersistenceException(
						"Cannot prune the event log in " + this.directory + ": " + ex.getMessage(), ex);
			}
			finally {
				this.writeLock.unlock();
			}
		}
		while (removedInChunk == RETENTION_CHUNK && !Thread.currentThread().isInterrupted());
		return removed;
	}

	/**
	 * Rewrite the live pages of sparse chunks every {@value #COMMITS_PER_COMPACTION}
	 * commits, so that whole chunks come free and their space is reused; MVStore's
	 * background writer, which would do this, is off.
	 */
	private void compactNowAndThen(StoreMaps maps) {
		if (++this.commitsSinceCompaction >= COMMITS_PER_COMPACTION) {
			this.commitsSinceCompaction = 0;
			maps.store().compact(COMPACT_BELOW_FILL_RATE, COMPACT_MAX_WRITE);
			maps.store().commit();
		}
	}

	private int removeOldest(StoreMaps maps, long lastBeyondCount, long olderThanNanos) {
		List<Long> sequences = new ArrayList<>();
		List<String> keys = new ArrayList<>();
		Cursor<Long, byte[]> log = maps.events().cursor(null);
		while (sequences.size() < RETENTION_CHUNK && log.hasNext()) {
			long sequence = log.next();
			byte[] record = log.getValue();
			if (sequence > lastBeyondCount && EmbeddedStateRecords.eventTimestamp(record) >= olderThanNanos) {
				break;
			}
			sequences.add(sequence);
			keys.add(EmbeddedStateRecords.eventKey(record));
		}
		for (int i = 0; i < sequences.size(); i++) {
			maps.events().remove(sequences.get(i));
			maps.eventsByKey().remove(EventKeyIndex.of(keys.get(i), sequences.get(i)));
		}
		return sequences.size();
	}

	@Override
	public boolean isDurable() {
		return true;
	}

	@Override
	public String describe() {
		return "embedded:" + this.directory;
	}

	@Override
	public void close() {
		this.writeLock.lock();
		try {
			this.opened = false;
			StoreMaps maps = this.maps;
			this.maps = null;
			if (maps != null) {
				try {
					maps.store().close();
				}
				catch (RuntimeException ex) {
					logger.warn("Cannot close the state store cleanly: " + ex.getMessage());
					maps.store().closeImmediately();
				}
			}
			closeQuietly(this.lockChannel);
			this.lockChannel = null;
		}
		finally {
			this.writeLock.unlock();
		}
	}

	/**
	 * Return the open maps, reopening the file after a failed commit. Called with the
	 * write lock held.
	 */
	private StoreMaps writableMaps() {
		StoreMaps maps = this.maps;
		if (maps != null) {
			return maps;
		}
		if (!this.opened) {
			throw new StatePersistenceException("The state store in " + this.directory + " is closed");
		}
		try {
			maps = StoreMaps.open(this.directory.resolve(FILE_NAME), this.fsync);
		}
		catch (RuntimeException ex) {
			throw new StatePersistenceException(
					"Cannot reopen the state store in " + this.directory + ": " + ex.getMessage(), ex);
		}
		this.lastSequence = maps.lastSequence();
		this.maps = maps;
		logger.info("Reopened state store in " + this.directory + " at last sequence " + this.lastSequence);
		return maps;
	}

	private StoreMaps readableMaps() {
		StoreMaps maps = this.maps;
		if (maps != null) {
			return maps;
		}
		this.writeLock.lock();
		try {
			return writableMaps();
		}
		finally {
			this.writeLock.unlock();
		}
	}

	private void discard(StoreMaps maps) {
		this.maps = null;
		maps.store().closeImmediately();
	}

	private void discardIfBroken() {
		StoreMaps maps = this.maps;
		if (maps != null && (maps.store().isClosed() || maps.store().getPanicException() != null)) {
			discard(maps);
		}
	}

	private static void closeQuietly(@Nullable AutoCloseable closeable) {
		if (closeable != null) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				logger.debug("Close failed", ex);
			}
		}
	}

	/**
	 * The open file and its maps.
	 */
	record StoreMaps(MVStore store, MVMap<String, Long> meta, MVMap<String, byte[]> entries, MVMap<Long, byte[]> events,
			MVMap<String, Long> eventsByKey) {

		/**
		 * Open a store file, creating it if missing, and check its schema version.
		 * Commits are explicit: MVStore's background writer could otherwise store half a
		 * commit.
		 */
		static StoreMaps open(Path file, boolean fsync) {
			MVStore store = new MVStore.Builder().fileName("async:" + file).autoCommitDisabled().open();
			if (fsync) {
				// every commit is on the disk: no need to keep older chunks for recovery
				store.setRetentionTime(0);
			}
			try {
				StoreMaps maps = new StoreMaps(store, store.openMap("meta"), store.openMap("entries"),
						store.openMap("events"), store.openMap("events_by_key"));
				Long version = maps.meta().putIfAbsent(SCHEMA_VERSION_KEY, SCHEMA_VERSION);
				if (version != null && version > SCHEMA_VERSION) {
					throw new StatePersistenceException("The state store " + file + " was written by a newer "
							+ "version of Library (schema " + version + ", this one knows " + SCHEMA_VERSION + ")");
				}
				maps.meta().putIfAbsent(LAST_SEQUENCE_KEY, 0L);
				store.commit();
				return maps;
			}
			catch (RuntimeException ex) {
				store.closeImmediately();
				throw ex;
			}
		}

		long lastSequence() {
			Long last = meta().get(LAST_SEQUENCE_KEY);
			return (last != null) ? last : 0;
		}

	}

	/**
	 * Keys of the index of the event log by state key: the state key, a space, and the
	 * sequence in 19 digits, so that a key's changes sort together in sequence order.
	 * State keys hold no space, and a space sorts before every character they may hold.
	 */
	static final class EventKeyIndex {

		private static final String ZEROS = "0000000000000000000";

		private EventKeyIndex() {
		}

		static String of(String key, long sequence) {
			String digits = Long.toString(sequence);
			return key + ' ' + ZEROS.substring(digits.length()) + digits;
		}

		static boolean isOf(String indexKey, String key) {
			return indexKey.length() == key.length() + 1 + ZEROS.length() && indexKey.startsWith(key)
					&& indexKey.charAt(key.length()) == ' ';
		}

	}

}
