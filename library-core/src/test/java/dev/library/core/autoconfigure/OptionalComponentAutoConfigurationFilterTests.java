package dev.library.core.autoconfigure;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OptionalComponentAutoConfigurationFilter}.
 *
 * @author Library
 */
class OptionalComponentAutoConfigurationFilterTests {

	private static final String[] CANDIDATES = { "org.example.kafka.KafkaAutoConfiguration",
			"org.example.kafka.metrics.KafkaMetricsAutoConfiguration", "org.example.web.WebAutoConfiguration", null };

	@TempDir
	Path jar;

	@Test
	void leavesOutTheAutoConfigurationsOfASwitchedOffComponent() throws IOException {
		boolean[] matches = filter(new MockEnvironment()).match(CANDIDATES, null);
		assertThat(matches).containsExactly(false, false, true, true);
	}

	@Test
	void keepsThemWhenTheComponentIsSwitchedOn() throws IOException {
		MockEnvironment environment = new MockEnvironment().withProperty("library.enabled-components.kafka", " TRUE ");
		assertThat(filter(environment).match(CANDIDATES, null)).containsExactly(true, true, true, true);
	}

	@Test
	void leavesThemOutWhenTheSwitchIsAnythingButTrue() throws IOException {
		MockEnvironment environment = new MockEnvironment().withProperty("library.enabled-components.kafka", "yes");
		assertThat(filter(environment).match(CANDIDATES, null)).containsExactly(false, false, true, true);
	}

	@Test
	void keepsEverythingWithoutDeclarations() {
		OptionalComponentAutoConfigurationFilter filter = new OptionalComponentAutoConfigurationFilter();
		filter.setEnvironment(new MockEnvironment());
		filter.setBeanClassLoader(new URLClassLoader(new URL[0], null));
		assertThat(filter.match(CANDIDATES, null)).containsExactly(true, true, true, true);
	}

	@Test
	void readsTheDeclarationsOnceWhateverTheNumberOfQuestions() throws IOException {
		OptionalComponentAutoConfigurationFilter filter = filter(new MockEnvironment());
		CountingClassLoader loader = new CountingClassLoader(this.jar);
		filter.setBeanClassLoader(loader);
		for (String candidate : CANDIDATES) {
			filter.match(new String[] { candidate }, null);
		}
		assertThat(filter.match(CANDIDATES, null)).containsExactly(false, false, true, true);
		assertThat(loader.lookups).isOne();
	}

	@Test
	void answersForTheEnvironmentItWasGivenLast() throws IOException {
		OptionalComponentAutoConfigurationFilter filter = filter(new MockEnvironment());
		assertThat(filter.match(CANDIDATES, null)).containsExactly(false, false, true, true);
		filter.setEnvironment(new MockEnvironment().withProperty("library.enabled-components.kafka", "true"));
		assertThat(filter.match(CANDIDATES, null)).containsExactly(true, true, true, true);
	}

	private OptionalComponentAutoConfigurationFilter filter(MockEnvironment environment) throws IOException {
		Path declarations = this.jar.resolve(OptionalComponentAutoConfigurationFilter.LOCATION);
		Files.createDirectories(declarations.getParent());
		Files.writeString(declarations, "# a module's declaration\nkafka = org.example.kafka.\n");
		OptionalComponentAutoConfigurationFilter filter = new OptionalComponentAutoConfigurationFilter();
		filter.setEnvironment(environment);
		filter.setBeanClassLoader(new URLClassLoader(new URL[] { this.jar.toUri().toURL() }, null));
		return filter;
	}

	/**
	 * Counts the look-ups of the declarations, each of which searches every jar.
	 */
	private static final class CountingClassLoader extends URLClassLoader {

		private int lookups;

		CountingClassLoader(Path root) throws IOException {
			super(new URL[] { root.toUri().toURL() }, null);
		}

		@Override
		public Enumeration<URL> getResources(String name) throws IOException {
			if (OptionalComponentAutoConfigurationFilter.LOCATION.equals(name)) {
				this.lookups++;
			}
			return super.getResources(name);
		}

	}

}
