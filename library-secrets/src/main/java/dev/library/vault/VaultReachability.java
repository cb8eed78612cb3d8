package dev.library.vault;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Vault answers, since when it does not, and whether values cached in memory may
 * still be served: for the grace period after Vault was first found unreachable. Every
 * change of reachability is handed to a listener (which writes the
 * {@code library.vault.reachable} state key an alarm can watch).
 *
 * @author Library
 */
public class VaultReachability {

	private static final Logger logger = LoggerFactory.getLogger(VaultReachability.class);

	private final Duration gracePeriod;

	private final Clock clock;

	private final Consumer<Boolean> listener;

	private volatile boolean known;

	private volatile @Nullable Instant unreachableSince;

	private volatile @Nullable String reason;

	/**
	 * Create the tracker; until the first call Vault counts as unreachable.
	 * @param gracePeriod how long cached values are served once Vault cannot be reached
	 * @param clock the clock
	 * @param listener told {@code true} or {@code false} at each change
	 */
	public VaultReachability(Duration gracePeriod, Clock clock, Consumer<Boolean> listener) {
		this.gracePeriod = gracePeriod;
		this.clock = clock;
		this.listener = listener;
	}

	/**
	 * Record that Vault answered.
	 */
	public void reachable() {
		boolean changed;
		synchronized (this) {
			changed = !this.known || this.unreachableSince != null;
			this.known = true;
			this.unreachableSince = null;
			this.reason = null;
		}
		if (changed) {
			logger.info("Vault can be reached");
			this.listener.accept(true);
		}
	}

	/**
	 * Record that Vault did not answer, or cannot serve.
	 * @param reason what went wrong, without any secret (an exception class and Vault's
	 * error text)
	 */
	public void unreachable(String reason) {
		boolean changed;
		Instant since;
		synchronized (this) {
			changed = !this.known || this.unreachableSince == null;
			this.known = true;
			this.reason = reason;
			if (this.unreachableSince == null) {
				this.unreachableSince = this.clock.instant();
			}
			since = this.unreachableSince;
		}
		if (changed) {
			logger.warn("Vault cannot be reached ({}); cached values are served until {}", reason,
					since.plus(this.gracePeriod));
			this.listener.accept(false);
		}
	}

	/**
	 * Return why Vault was last found unreachable.
	 * @return the reason (no secret in it), or {@code null} while Vault answers
	 */
	public @Nullable String reason() {
		return this.reason;
	}

	/**
	 * Whether the last call to Vault succeeded.
	 * @return whether Vault is reachable
	 */
	public boolean isReachable() {
		return this.known && this.unreachableSince == null;
	}

	/**
	 * Return since when Vault cannot be reached.
	 * @return the time, or {@code null} while it is reachable or before the first call
	 */
	public @Nullable Instant unreachableSince() {
		return this.unreachableSince;
	}

	/**
	 * Return until when cached values are served.
	 * @return the end of the grace period, or {@code null} while Vault is reachable
	 */
	public @Nullable Instant graceEnds() {
		Instant since = this.unreachableSince;
		return (since != null) ? since.plus(this.gracePeriod) : null;
	}

	/**
	 * Whether cached values may be served now: Vault is reachable, or has been
	 * unreachable for less than the grace period.
	 * @return whether cached values may be served
	 */
	public boolean withinGrace() {
		Instant ends = graceEnds();
		return ends == null || this.clock.instant().isBefore(ends);
	}

	/**
	 * Return the grace period.
	 * @return how long cached values are served once Vault cannot be reached
	 */
	public Duration gracePeriod() {
		return this.gracePeriod;
	}

}
