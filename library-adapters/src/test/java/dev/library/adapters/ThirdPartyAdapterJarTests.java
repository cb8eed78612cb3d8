package dev.library.adapters;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import dev.library.adapters.autoconfigure.AdaptersAutoConfiguration;
import dev.library.adapters.spi.AdapterProvider;
import dev.library.config.autoconfigure.ConfigAutoConfiguration;
import dev.library.core.autoconfigure.CoreAutoConfiguration;
import dev.library.schema.autoconfigure.SchemaAutoConfiguration;
import dev.library.state.autoconfigure.StateAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A third-party adapter type in a jar of its own, compiled and packed by the test with
 * nothing but the SPI on its class path, is discovered through {@code ServiceLoader} and
 * runs an instance: no change to the platform.
 *
 * @author Library
 */
class ThirdPartyAdapterJarTests {

	private static final String SOURCE = """
			package com.example.echo;

			import dev.library.adapters.spi.*;
			import java.util.Map;
			import java.util.concurrent.ConcurrentHashMap;

			public class EchoAdapterProvider implements AdapterProvider {

				public String type() {
					return "echo";
				}

				public String description() {
					return "Echoes what is written";
				}

				public Adapter create(AdapterConfig config) {
					return new Adapter() {

						private final Map<String, Object> values = new ConcurrentHashMap<>();

						private volatile boolean connected;

						public void connect() {
							this.connected = true;
						}

						public boolean isConnected() {
							return this.connected;
						}

						public Object read(PointConfig point) {
							if (!this.connected) {
								throw new AdapterException("not connected");
							}
							return this.values.getOrDefault(point.address(), 7L);
						}

						public void write(PointConfig point, Object value) {
							this.values.put(point.address(), value);
						}

						public void close() {
							this.connected = false;
						}
					};
				}
			}
			""";

	@TempDir
	static Path directory;

	private static Path jar;

	@BeforeAll
	static void buildJar() throws IOException {
		Path sources = directory.resolve("src/com/example/echo");
		Files.createDirectories(sources);
		Path source = sources.resolve("EchoAdapterProvider.java");
		Files.writeString(source, SOURCE);
		Path classes = directory.resolve("classes");
		Files.createDirectories(classes);
		String classPath = location(AdapterProvider.class) + java.io.File.pathSeparator + location(Nullable.class);
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		int result = compiler.run(null, null, null, "-d", classes.toString(), "-classpath", classPath,
				source.toString());
		assertThat(result).as("javac exit code").isZero();
		Path services = classes.resolve("META-INF/services");
		Files.createDirectories(services);
		Files.writeString(services.resolve(AdapterProvider.class.getName()), "com.example.echo.EchoAdapterProvider\n");
		jar = directory.resolve("echo-adapter.jar");
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
				Stream<Path> files = Files.walk(classes)) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
				Files.copy(file, out);
				out.closeEntry();
			}
		}
	}

	@Test
	void typeOfAJarOnTheClassPathIsDiscovered() throws IOException {
		try (URLClassLoader loader = loader()) {
			AdapterRegistry registry = new AdapterRegistry(List.of(), loader);
			AdapterProvider echo = registry.provider("echo").orElseThrow();
			assertThat(echo.getClass().getClassLoader()).isSameAs(loader);
			assertThat(echo.description()).isEqualTo("Echoes what is written");
			assertThat(registry.provider("virtual")).isPresent();
		}
		assertThat(new AdapterRegistry(List.of(), getClass().getClassLoader()).provider("echo")).isEmpty();
	}

	@Test
	void instanceOfTheThirdPartyTypeRunsInThePlatform() throws IOException {
		try (URLClassLoader loader = loader()) {
			new ApplicationContextRunner().withClassLoader(loader)
				.withConfiguration(AutoConfigurations.of(CoreAutoConfiguration.class, ConfigAutoConfiguration.class,
						SchemaAutoConfiguration.class, StateAutoConfiguration.class, AdaptersAutoConfiguration.class))
				.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
				.withPropertyValues("library.state.persistence=memory",
						"library.adapters.audit.file=" + directory.resolve("audit.jsonl"),
						"library.adapters.instances[0].id=bench", "library.adapters.instances[0].type=echo",
						"library.adapters.instances[0].devices[0].id=box",
						"library.adapters.instances[0].devices[0].points[0].name=count",
						"library.adapters.instances[0].devices[0].points[0].data-type=INTEGER",
						"library.adapters.instances[0].devices[0].points[0].poll-interval=50ms")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					AdapterSupervisor supervisor = context.getBean(AdapterSupervisors.class)
						.supervisor("bench")
						.orElseThrow();
					await().until(() -> supervisor.status().status() == AdapterStatus.CONNECTED);
					await().until(() -> context.getBean(dev.library.state.StateStore.class)
						.get("bench.box.count")
						.blockOptional()
						.isPresent());
				});
		}
	}

	private static URLClassLoader loader() throws IOException {
		return new URLClassLoader(new URL[] { jar.toUri().toURL() }, ThirdPartyAdapterJarTests.class.getClassLoader());
	}

	private static String location(Class<?> type) {
		try {
			return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
		}
		catch (java.net.URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
