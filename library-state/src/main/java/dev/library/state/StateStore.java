package dev.library.state;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The state store: the live values of the platform under dotted keys (see
 * {@link StateKeys}), their history, and a stream of changes for whoever listens.
 * <p>
 * <b>Versions.</b> Each key has a version: its first write makes version 1, and every
 * later change of the key, put or delete, takes the next one. A deleted key keeps its
 * last version, so a key written again after a delete continues from there: a version is
 * never reused, and a stale {@link #compareAndSet compareAndSet} from before the delete
 * fails.
 * <p>
 * <b>Sequence.</b> Every change also takes the next number of one global sequence.
 * Changes are delivered to watchers and kept in the event log in sequence order; the
 * sequence is the position from which {@link #watch(String, long)} resumes.
 * <p>
 * <b>Errors.</b> Methods return failed publishers rather than throwing: an invalid key or
 * prefix fails with {@link InvalidStateKeyException} (400), a value larger than the limit
 * with {@link StateValueTooLargeException} (413), a value that does not match the schema
 * registered for its key with {@code SchemaValidationException} (400, every violation
 * listed), a failed condition with {@link StateVersionConflictException} (412), and a
 * store that is not running or too far behind with {@link StateStoreUnavailableException}
 * (503). A failed write changes nothing.
 * <p>
 * Writes take effect when subscribed to; cancelling a write after subscribing does not
 * undo it.
 *
 * @author Library
 */
public interface StateStore {

	/**
	 * Expected version of a key that must not exist (or must have been deleted).
	 */
	long ABSENT = 0;

	/**
	 * Return the value held under a key.
	 * @param key the key
	 * @return the value, or empty if the key does not exist
	 */
	Mono<StateValue> get(String key);

	/**
	 * Return one page of the values under a prefix, sorted by key.
	 * @param prefix the prefix, empty for every key
	 * @param limit the largest number of values returned, at least 1
	 * @param cursor the {@link StatePage#nextCursor()} of the previous page, or
	 * {@code null} for the first page
	 * @return the page; fails with an {@code InvalidParameterException} (400) if the
	 * cursor was not returned by this method
	 */
	Mono<StatePage> list(String prefix, int limit, @Nullable String cursor);

	/**
	 * Write a value, whatever the key's current version.
	 * @param key the key
	 * @param value the value; the store keeps a copy of a container (object or array)
	 * @param source who writes it, such as an adapter id or a user (at most 128 printable
	 * characters)
	 * @param quality how far the value can be trusted
	 * @return the change made, completed once it is as durable as the configured
	 * {@link Durability} promises
	 */
	Mono<StateChange> put(String key, JsonNode value, String source, Quality quality);

	/**
	 * Write a value if the key is at the expected version.
	 * @param key the key
	 * @param expectedVersion the version the key must be at, or {@link #ABSENT} if it
	 * must not exist
	 * @param value the value
	 * @param source who writes it
	 * @param quality how far the value can be trusted
	 * @return the change made; fails with {@link StateVersionConflictException} if the
	 * key is at another version
	 */
	Mono<StateChange> compareAndSet(String key, long expectedVersion, JsonNode value, String source, Quality quality);

	/**
	 * Delete a key.
	 * @param key the key
	 * @param source who deletes it
	 * @return the change made, or empty if the key did not exist
	 */
	Mono<StateChange> delete(String key, String source);

	/**
	 * Delete a key if it is at the expected version.
	 * @param key the key
	 * @param expectedVersion the version the key must be at
	 * @param source who deletes it
	 * @return the change made; fails with {@link StateVersionConflictException} if the
	 * key is at another version or does not exist
	 */
	Mono<StateChange> delete(String key, long expectedVersion, String source);

	/**
	 * Return the sequence of the last change committed and handed to the watchers: where
	 * a watcher that has seen every change stands.
	 * @return the sequence, 0 before the first change
	 */
	long committedSequence();

	/**
	 * Follow the changes of the keys under a prefix from now on.
	 * <p>
	 * Each subscriber has a bounded buffer ({@code library.state.watch-buffer-size}); one
	 * that falls further behind is dropped: its flux fails with
	 * {@link StateWatchDroppedException}, saying after which sequence to resume. A slow
	 * subscriber never slows writers down. The flux completes when the store stops.
	 * @param prefix the prefix, empty for every key
	 * @return the changes, in sequence order
	 */
	Flux<StateChange> watch(String prefix);

	/**
	 * Follow the changes of the keys under a prefix made after a sequence: first those
	 * kept in the event log, then live ones, each exactly once and in sequence order.
	 * @param prefix the prefix, empty for every key
	 * @param afterSequence the sequence of the last change the subscriber has seen, 0 for
	 * the whole history kept
	 * @return the changes; fails with {@link StateHistoryUnavailableException} if changes
	 * after that sequence are no longer kept or the sequence is unknown, and with
	 * {@link StateWatchDroppedException} as {@link #watch(String)} does
	 */
	Flux<StateChange> watch(String prefix, long afterSequence);

	/**
	 * Read one page of the event log.
	 * @param query what to read
	 * @return the page; fails with an {@code InvalidParameterException} (400) if the
	 * cursor was not returned by this method
	 */
	Mono<EventPage> events(EventQuery query);

}
