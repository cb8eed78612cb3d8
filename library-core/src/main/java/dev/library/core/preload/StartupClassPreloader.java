package dev.library.core.preload;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.event.SpringApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Loads the classes that the application's start is known to need on a second thread,
 * while the main thread prepares and refreshes the context, in the way Spring Boot's
 * background pre-initialization warms up Jackson and validation. The main thread then
 * finds most classes already loaded instead of searching the class path for each.
 * <p>
 * The application lists the classes in {@value #CLASS_LIST}, in the order a start loaded
 * them (library-app's list is made by {@code scripts/startup-classes.sh}). Classes are
 * loaded without being initialized, so no static initializer runs earlier or on another
 * thread than without preloading. Preloading starts once the environment is prepared,
 * once per JVM, and stops when the application is ready or has failed. It is skipped on a
 * single processor, where the second thread would only take time from the first, and when
 * {@code library.core.preload-classes} is {@code false}.
 *
 * @author Library
 */
public class StartupClassPreloader implements ApplicationListener<SpringApplicationEvent>, Ordered {

	/**
	 * Where the application lists the classes its start loads.
	 */
	public static final String CLASS_LIST = "META-INF/library/startup-classes.txt";

	static final String ENABLED_PROPERTY = "library.core.preload-classes";

	private static final AtomicBoolean startedInThisJvm = new AtomicBoolean();

	private final AtomicBoolean started;

	private final IntSupplier availableProcessors;

	private volatile @Nullable ClassPreloading preloading;

	public StartupClassPreloader() {
		this(startedInThisJvm, Runtime.getRuntime()::availableProcessors);
	}

	StartupClassPreloader(AtomicBoolean started, IntSupplier availableProcessors) {
		this.started = started;
		this.availableProcessors = availableProcessors;
	}

	/**
	 * After the logging system is initialized, so that the preloading thread logs through
	 * it.
	 */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 21;
	}

	@Override
	public void onApplicationEvent(SpringApplicationEvent event) {
		if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
			start(prepared);
		}
		else if (event instanceof ApplicationReadyEvent || event instanceof ApplicationFailedEvent) {
			ClassPreloading running = this.preloading;
			if (running != null) {
				running.stop();
			}
		}
	}

	private void start(ApplicationEnvironmentPreparedEvent event) {
		if (!isEnabled(event.getEnvironment()) || this.availableProcessors.getAsInt() < 2
				|| !this.started.compareAndSet(false, true)) {
			return;
		}
		ClassLoader classLoader = event.getSpringApplication().getClassLoader();
		ClassPreloading preloading = new ClassPreloading(classLoader, CLASS_LIST);
		this.preloading = preloading;
		Thread thread = new Thread(preloading, "library-class-preloader");
		thread.setDaemon(true);
		thread.start();
	}

	/**
	 * Only {@code false} switches preloading off. A value that is not a boolean is left
	 * for the binding of {@code library.core}, which stops the start with a message that
	 * names it.
	 */
	private static boolean isEnabled(ConfigurableEnvironment environment) {
		String value = environment.getProperty(ENABLED_PROPERTY);
		return value == null || !value.strip().equalsIgnoreCase("false");
	}

	@Nullable ClassPreloading preloading() {
		return this.preloading;
	}

}
