package dev.library.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.library.core.preload.StartupClassPreloader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The list of classes the start loads, which {@link StartupClassPreloader} loads ahead of
 * the main thread, matches this build's class path: when a dependency change removes
 * listed classes, this fails and {@code scripts/startup-classes.sh} makes a new list.
 *
 * @author Library
 */
class StartupClassListTests {

	private static List<String> classNames;

	@BeforeAll
	static void readList() throws IOException {
		try (InputStream in = StartupClassListTests.class.getClassLoader()
			.getResourceAsStream(StartupClassPreloader.CLASS_LIST)) {
			assertThat(in).as(StartupClassPreloader.CLASS_LIST).isNotNull();
			classNames = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
				.filter((line) -> !line.isBlank() && !line.startsWith("#"))
				.toList();
		}
	}

	@Test
	void listsTheStartOfTheApplicationAndOfSpring() {
		assertThat(classNames).hasSizeGreaterThan(5_000)
			.startsWith(LibraryApplication.class.getName())
			.contains("org.springframework.boot.SpringApplication", "dev.library.core.component.ComponentRegistry")
			.doesNotHaveDuplicates();
	}

	@Test
	void namesOnlyClassesThatCanBeLoadedByName() {
		// Hidden classes (lambdas, proxies) have a '/' in their name: they cannot be
		// loaded by name.
		assertThat(classNames).allSatisfy((name) -> assertThat(name).doesNotContain("/"));
	}

	@Test
	void everyListedClassIsOnTheClassPath() {
		ClassLoader classLoader = getClass().getClassLoader();
		List<String> missing = classNames.stream()
			.filter((name) -> classLoader.getResource(name.replace('.', '/') + ".class") == null)
			.toList();
		assertThat(missing).as("listed classes not on the class path: run scripts/startup-classes.sh").isEmpty();
	}

}
