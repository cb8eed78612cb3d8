package dev.library.core.preload;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StartupClassPreloader}, with a class loader that serves the class list
 * and records which classes it was asked for.
 *
 * @author Library
 */
class StartupClassPreloaderTests {

	private static final AtomicBoolean targetInitialized = new AtomicBoolean();

	private final MockEnvironment environment = new MockEnvironment();

	@Test
	void loadsTheListedClassesWithoutInitializingThem() throws Exception {
		ListServingClassLoader loader = new ListServingClassLoader("""
				# made by a start of the application
				%s

				dev.library.core.preload.NoSuchClass
				""".formatted(PreloadTarget.class.getName()));
		ClassPreloading preloading = preload(loader, 2);
		assertThat(preloading.await(Duration.ofSeconds(10))).isTrue();
		assertThat(loader.requested).contains(PreloadTarget.class.getName(), "dev.library.core.preload.NoSuchClass");
		assertThat(preloading.listed()).isEqualTo(2);
		assertThat(preloading.loaded()).isEqualTo(1);
		assertThat(preloading.missing()).isEqualTo(1);
		assertThat(targetInitialized).isFalse();
		new PreloadTarget();
		assertThat(targetInitialized).isTrue();
	}

	@Test
	void stopsWhenTheApplicationIsReady() throws Exception {
		String list = IntStream.range(0, 200_000)
			.mapToObj((i) -> "dev.library.core.preload.Missing" + i)
			.collect(Collectors.joining("\n"));
		ListServingClassLoader loader = new ListServingClassLoader(list);
		StartupClassPreloader preloader = new StartupClassPreloader(new AtomicBoolean(), () -> 2);
		preloader.onApplicationEvent(environmentPrepared(loader));
		ClassPreloading preloading = preloader.preloading();
		assertThat(preloading).isNotNull();
		preloader.onApplicationEvent(new ApplicationReadyEvent(new SpringApplication(), new String[0],
				new GenericApplicationContext(), Duration.ZERO));
		assertThat(preloading.await(Duration.ofSeconds(30))).isTrue();
		assertThat(preloading.loaded() + preloading.missing()).isLessThan(200_000);
	}

	@Test
	void doesNothingWhenSwitchedOff() {
		this.environment.setProperty("library.core.preload-classes", "false");
		ListServingClassLoader loader = new ListServingClassLoader(PreloadTarget.class.getName());
		StartupClassPreloader preloader = new StartupClassPreloader(new AtomicBoolean(), () -> 2);
		preloader.onApplicationEvent(environmentPrepared(loader));
		assertThat(preloader.preloading()).isNull();
		assertThat(loader.listRead).isFalse();
	}

	@Test
	void doesNothingOnASingleProcessor() {
		ListServingClassLoader loader = new ListServingClassLoader(PreloadTarget.class.getName());
		StartupClassPreloader preloader = new StartupClassPreloader(new AtomicBoolean(), () -> 1);
		preloader.onApplicationEvent(environmentPrepared(loader));
		assertThat(preloader.preloading()).isNull();
	}

	@Test
	void preloadsOncePerJvm() throws Exception {
		AtomicBoolean started = new AtomicBoolean();
		ListServingClassLoader loader = new ListServingClassLoader(PreloadTarget.class.getName());
		StartupClassPreloader first = new StartupClassPreloader(started, () -> 2);
		first.onApplicationEvent(environmentPrepared(loader));
		StartupClassPreloader second = new StartupClassPreloader(started, () -> 2);
		second.onApplicationEvent(environmentPrepared(loader));
		assertThat(first.preloading()).isNotNull();
		assertThat(second.preloading()).isNull();
		assertThat(first.preloading().await(Duration.ofSeconds(10))).isTrue();
	}

	@Test
	void loadsNothingWithoutAList() throws Exception {
		ListServingClassLoader loader = new ListServingClassLoader(null);
		ClassPreloading preloading = preload(loader, 4);
		assertThat(preloading.await(Duration.ofSeconds(10))).isTrue();
		assertThat(loader.listRead).isTrue();
		assertThat(preloading.listed()).isZero();
		assertThat(preloading.loaded()).isZero();
	}

	private ClassPreloading preload(ClassLoader loader, int processors) {
		StartupClassPreloader preloader = new StartupClassPreloader(new AtomicBoolean(), () -> processors);
		preloader.onApplicationEvent(environmentPrepared(loader));
		ClassPreloading preloading = preloader.preloading();
		assertThat(preloading).isNotNull();
		return preloading;
	}

	private ApplicationEnvironmentPreparedEvent environmentPrepared(ClassLoader loader) {
		SpringApplication application = new SpringApplication(new DefaultResourceLoader(loader));
		return new ApplicationEnvironmentPreparedEvent(new DefaultBootstrapContext(), application, new String[0],
				this.environment);
	}

	/**
	 * Serves {@value StartupClassPreloader#CLASS_LIST} from a string and records the
	 * classes it is asked to load; loading itself is left to the test's class loader.
	 */
	static class ListServingClassLoader extends ClassLoader {

		final Set<String> requested = ConcurrentHashMap.newKeySet();

		volatile boolean listRead;

		private final @Nullable String classList;

		ListServingClassLoader(@Nullable String classList) {
			super(StartupClassPreloaderTests.class.getClassLoader());
			this.classList = classList;
		}

		@Override
		protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
			if (name.startsWith("dev.library.core.preload.")) {
				this.requested.add(name);
			}
			return super.loadClass(name, resolve);
		}

		@Override
		public @Nullable InputStream getResourceAsStream(String name) {
			if (!StartupClassPreloader.CLASS_LIST.equals(name)) {
				return super.getResourceAsStream(name);
			}
			this.listRead = true;
			return (this.classList != null) ? new ByteArrayInputStream(this.classList.getBytes(StandardCharsets.UTF_8))
					: null;
		}

	}

	static class PreloadTarget {

		static {
			targetInitialized.set(true);
		}

	}

}
