package dev.library.secrets;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rotates secrets: generates a new value by policy, writes it as a new version, and tells
 * consumers through a {@link SecretRotatedEvent}. {@link #rotateExpired()} rotates every
 * live secret whose maximum age has passed.
 *
 * @author Library
 */
public class SecretRotator {

	/**
	 * The policy used when a secret names none.
	 */
	public static final String DEFAULT_POLICY = "default";

	private static final Logger logger = LoggerFactory.getLogger(SecretRotator.class);

	private final SecretStore store;

	private final Map<String, SecretPolicy> policies;

	private final SecretAuditLog audit;

	private final SecretMetrics metrics;

	private final Consumer<SecretRotatedEvent> events;

	private final Clock clock;

	/**
	 * Create a rotator.
	 * @param store the store
	 * @param policies the generation policies by name, {@value #DEFAULT_POLICY} among
	 * them
	 * @param audit the audit log
	 * @param metrics the meters
	 * @param events told of every rotation
	 * @param clock the clock
	 */
	public SecretRotator(SecretStore store, Map<String, SecretPolicy> policies, SecretAuditLog audit,
			SecretMetrics metrics, Consumer<SecretRotatedEvent> events, Clock clock) {
		this.store = store;
		this.policies = Map.copyOf(policies);
		this.audit = audit;
		this.metrics = metrics;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Return the policy with a name.
	 * @param name the name, or {@code null} for the default
	 * @return the policy, or {@code null} when none has the name
	 */
	public @Nullable SecretPolicy policy(@Nullable String name) {
		return this.policies.get((name != null) ? name : DEFAULT_POLICY);
	}

	/**
	 * Rotate a live secret.
	 * @param name the name
	 * @param policy the policy to generate by, or {@code null} for the secret's own
	 * @param principal who asked
	 * @param reason why
	 * @return the metadata after the rotation
	 */
	public SecretMetadata rotate(String name, @Nullable SecretPolicy policy, String principal,
			SecretRotatedEvent.Reason reason) {
		String backend = "unknown";
		try {
			SecretMetadata current = this.store.metadata(name);
			backend = current.backend();
			if (current.deleted()) {
				throw new SecretNotFoundException(name);
			}
			SecretPolicy effective = (policy != null) ? policy : policy(current.policy());
			if (effective == null) {
				throw new IllegalStateException("No policy named '" + current.policy() + "'");
			}
			SecretValue value = effective.generate();
			SecretMetadata rotated = this.store.write(name, value, null);
			value.wipe();
			this.metrics.rotation(backend, "success");
			this.audit.record(principal, "rotate", name, "success");
			this.events.accept(new SecretRotatedEvent(name, rotated.backend(), rotated.currentVersion(), reason));
			return rotated;
		}
		catch (RuntimeException ex) {
			this.metrics.rotation(backend, SecretOutcomes.of(ex));
			this.audit.record(principal, "rotate", SecretNames.isValid(name) ? name : null, SecretOutcomes.of(ex));
			throw ex;
		}
	}

	/**
	 * Rotate every live, writable secret whose maximum age has passed.
	 * @return how many were rotated
	 */
	public int rotateExpired() {
		Instant now = this.clock.instant();
		int rotated = 0;
		for (SecretMetadata metadata : this.store.list()) {
			Instant due = metadata.nextRotation();
			if (!metadata.deleted() && due != null && !due.isAfter(now)) {
				try {
					rotate(metadata.name(), null, "system", SecretRotatedEvent.Reason.EXPIRED);
					rotated++;
				}
				catch (RuntimeException ex) {
					logger.warn("Secret '{}' reached its maximum age but could not be rotated: {}", metadata.name(),
							SecretOutcomes.of(ex));
				}
			}
		}
		return rotated;
	}

}
