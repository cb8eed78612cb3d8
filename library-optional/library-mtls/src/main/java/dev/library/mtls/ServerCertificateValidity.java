package dev.library.mtls;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.library.state.Quality;
import dev.library.state.StateStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Publishes the days left before the server certificate expires to the state store, at
 * {@value #KEY}: at start, after every reload of the bundle and then every interval, so
 * that alarms (the contributed {@code mtls-certificate-expiry}), watchers and Kafka see
 * it like any other value. Negative once the certificate has expired; quality {@code BAD}
 * when the bundle holds no certificate.
 *
 * @author Library
 */
public class ServerCertificateValidity {

	/**
	 * The state key of the days left.
	 */
	public static final String KEY = "library.mtls.server-certificate.days-left";

	static final String SOURCE = "mtls";

	private static final Log logger = LogFactory.getLog(ServerCertificateValidity.class);

	private final ServerCertificates certificates;

	private final StateStore store;

	private final Clock clock;

	private final Duration interval;

	private final Sinks.Many<Boolean> reloads = Sinks.many().multicast().directBestEffort();

	private @Nullable Disposable publishing;

	/**
	 * Create a publisher.
	 * @param certificates the server's certificates
	 * @param store where the days left go
	 * @param clock the clock
	 * @param interval how often the days left are published between reloads
	 */
	public ServerCertificateValidity(ServerCertificates certificates, StateStore store, Clock clock,
			Duration interval) {
		this.certificates = certificates;
		this.store = store;
		this.clock = clock;
		this.interval = interval;
		certificates.addReloadListener(() -> this.reloads.tryEmitNext(true));
	}

	/**
	 * Start publishing.
	 */
	public synchronized void start() {
		if (this.publishing == null) {
			this.publishing = Flux.merge(Flux.interval(Duration.ZERO, this.interval), this.reloads.asFlux())
				.concatMap((tick) -> publish().onErrorResume((ex) -> {
					logger.warn("Days left of the server certificate not published: " + ex.getMessage());
					return Mono.empty();
				}))
				.subscribe();
		}
	}

	/**
	 * Stop publishing.
	 */
	public synchronized void stop() {
		if (this.publishing != null) {
			this.publishing.dispose();
			this.publishing = null;
		}
	}

	/**
	 * Return the days left now, to a tenth of a day.
	 * @return the days, negative once expired, or {@code null} without a certificate
	 */
	public @Nullable Double daysLeft() {
		X509Certificate certificate = this.certificates.serverCertificate();
		if (certificate == null) {
			return null;
		}
		double days = Duration.between(Instant.now(this.clock), certificate.getNotAfter().toInstant()).toMinutes()
				/ (24.0 * 60);
		return Math.floor(days * 10) / 10;
	}

	private Mono<Void> publish() {
		Double days = daysLeft();
		return this.store
			.put(KEY, (days != null) ? JsonNodeFactory.instance.numberNode(days) : JsonNodeFactory.instance.nullNode(),
					SOURCE, (days != null) ? Quality.GOOD : Quality.BAD)
			.then();
	}

}
