package dev.library.session.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.library.session.SessionKindPolicy;
import jakarta.validation.Valid;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of the session registry.
 *
 * @author Library
 */
@ConfigurationProperties("library.sessions")
@Validated
public class SessionProperties {

	/**
	 * How long a session may go untouched before it is closed, for kinds that set none;
	 * it is marked IDLE after half of it. No limit when unset.
	 */
	@DurationMin(millis = 1)
	private @Nullable Duration idleTimeout;

	/**
	 * How long a session may stay open at most, for kinds that set none. No limit when
	 * unset.
	 */
	@DurationMin(millis = 1)
	private @Nullable Duration maxLifetime;

	/**
	 * How often sessions are checked against their idle timeout and maximum lifetime.
	 */
	@DurationMin(millis = 10)
	private Duration sweepInterval = Duration.ofSeconds(10);

	/**
	 * Limits per session kind (such as api-watcher), overriding the defaults above.
	 */
	@Valid
	private Map<String, Kind> kinds = new LinkedHashMap<>();

	public @Nullable Duration getIdleTimeout() {
		return this.idleTimeout;
	}

	public void setIdleTimeout(@Nullable Duration idleTimeout) {
		this.idleTimeout = idleTimeout;
	}

	public @Nullable Duration getMaxLifetime() {
		return this.maxLifetime;
	}

	public void setMaxLifetime(@Nullable Duration maxLifetime) {
		this.maxLifetime = maxLifetime;
	}

	public Duration getSweepInterval() {
		return this.sweepInterval;
	}

	public void setSweepInterval(Duration sweepInterval) {
		this.sweepInterval = sweepInterval;
	}

	public Map<String, Kind> getKinds() {
		return this.kinds;
	}

	public void setKinds(Map<String, Kind> kinds) {
		this.kinds = kinds;
	}

	/**
	 * Return the limits of a kind: its own where set, the defaults otherwise.
	 * @param kind the kind
	 * @return the limits
	 */
	public SessionKindPolicy policy(String kind) {
		Kind limits = this.kinds.get(kind);
		Duration idle = (limits != null && limits.getIdleTimeout() != null) ? limits.getIdleTimeout()
				: this.idleTimeout;
		Duration lifetime = (limits != null && limits.getMaxLifetime() != null) ? limits.getMaxLifetime()
				: this.maxLifetime;
		return new SessionKindPolicy(idle, lifetime, limits != null && limits.isPersistent());
	}

	/**
	 * Limits of one session kind.
	 */
	public static class Kind {

		/**
		 * How long a session of this kind may go untouched before it is closed.
		 */
		@DurationMin(millis = 1)
		private @Nullable Duration idleTimeout;

		/**
		 * How long a session of this kind may stay open at most.
		 */
		@DurationMin(millis = 1)
		private @Nullable Duration maxLifetime;

		/**
		 * Whether sessions of this kind survive a restart (such as HomeKit pairings):
		 * kept in 'sessions/persistent-sessions.json' under library.state.data-dir and
		 * restored at start-up, instead of being closed on shutdown.
		 */
		private boolean persistent;

		public boolean isPersistent() {
			return this.persistent;
		}

		public void setPersistent(boolean persistent) {
			this.persistent = persistent;
		}

		public @Nullable Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(@Nullable Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

		public @Nullable Duration getMaxLifetime() {
			return this.maxLifetime;
		}

		public void setMaxLifetime(@Nullable Duration maxLifetime) {
			this.maxLifetime = maxLifetime;
		}

	}

}
