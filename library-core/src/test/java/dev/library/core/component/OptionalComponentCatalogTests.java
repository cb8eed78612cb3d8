package dev.library.core.component;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OptionalComponentCatalog}.
 *
 * @author Library
 */
class OptionalComponentCatalogTests {

	@TempDir
	Path temp;

	@Test
	void catalogMergesTheComponentsDeclaredByEveryModuleSortedByName() throws IOException {
		URL kafkaModule = module("kafka-module", "kafka=Kafka event streaming\n");
		URL i2cModule = module("i2c-module", "i2c=I2C relays and sensors\ncanbus=CAN bus through SocketCAN\n");
		try (URLClassLoader loader = new URLClassLoader(new URL[] { kafkaModule, i2cModule }, null)) {
			OptionalComponentCatalog catalog = OptionalComponentCatalog.load(loader);
			assertThat(catalog.components()).containsExactly(entry("canbus", "CAN bus through SocketCAN"),
					entry("i2c", "I2C relays and sensors"), entry("kafka", "Kafka event streaming"));
			assertThat(catalog.contains("kafka")).isTrue();
			assertThat(catalog.contains("hap")).isFalse();
		}
	}

	@Test
	void catalogIsEmptyWhenNoModuleDeclaresAnOptionalComponent() throws IOException {
		try (URLClassLoader loader = new URLClassLoader(new URL[] { this.temp.toUri().toURL() }, null)) {
			assertThat(OptionalComponentCatalog.load(loader).components()).isEmpty();
		}
	}

	private URL module(String name, String declarations) throws IOException {
		Path file = this.temp.resolve(name).resolve(OptionalComponentCatalog.LOCATION);
		Files.createDirectories(file.getParent());
		Files.writeString(file, declarations);
		return this.temp.resolve(name).toUri().toURL();
	}

	private static Map.Entry<String, String> entry(String key, String value) {
		return Map.entry(key, value);
	}

}
