package dev.library.secrets;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.library.core.component.ComponentDescriptor;
import dev.library.core.component.LibraryComponent;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code secrets} component: while started, checks for secrets past their maximum age
 * and reads the Kubernetes secrets directory again, each on its own interval, on one
 * daemon thread of its own.
 *
 * @author Library
 */
public class SecretsComponent implements LibraryComponent {

	private static final Logger logger = LoggerFactory.getLogger(SecretsComponent.class);

	private static final ComponentDescriptor descriptor = ComponentDescriptor.mandatory("secrets")
		.description("Secret storage, rotation, audit and redaction")
		.dependsOn("config")
		.build();

	private final SecretRotator rotator;

	private final Duration rotationInterval;

	private final @Nullable KubernetesSecretStore kubernetes;

	private final Duration pollInterval;

	private @Nullable ScheduledExecutorService scheduler;

	/**
	 * Create the component.
	 * @param rotator rotates expired secrets
	 * @param rotationInterval how often to look for expired secrets
	 * @param kubernetes the Kubernetes backend, or {@code null}
	 * @param pollInterval how often to read the Kubernetes directory again
	 */
	public SecretsComponent(SecretRotator rotator, Duration rotationInterval,
			@Nullable KubernetesSecretStore kubernetes, Duration pollInterval) {
		this.rotator = rotator;
		this.rotationInterval = rotationInterval;
		this.kubernetes = kubernetes;
		this.pollInterval = pollInterval;
	}

	@Override
	public ComponentDescriptor descriptor() {
		return descriptor;
	}

	@Override
	public synchronized void start() {
		ScheduledExecutorService started = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("library-secrets").factory());
		started.scheduleWithFixedDelay(() -> guarded(this.rotator::rotateExpired), this.rotationInterval.toMillis(),
				this.rotationInterval.toMillis(), TimeUnit.MILLISECONDS);
		KubernetesSecretStore mounted = this.kubernetes;
		if (mounted != null) {
			started.scheduleWithFixedDelay(() -> guarded(mounted::refresh), this.pollInterval.toMillis(),
					this.pollInterval.toMillis(), TimeUnit.MILLISECONDS);
		}
		this.scheduler = started;
	}

	private static void guarded(Runnable task) {
		try {
			task.run();
		}
		catch (RuntimeException ex) {
			// A failed round must not cancel the schedule; the next one tries again.
			logger.warn("Scheduled secrets task failed: {}", ex.getClass().getSimpleName());
		}
	}

	@Override
	public synchronized void stop() {
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
			this.scheduler = null;
		}
	}

}
