package dev.library.schema.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * JSON Schema registry settings.
 *
 * @author Library
 */
@ConfigurationProperties(SchemaProperties.PREFIX)
@Validated
public class SchemaProperties {

	static final String PREFIX = "library.schemas";

	/**
	 * Resource patterns of the schema files registered at start-up. A file's schema name
	 * is its file name without ".schema.json". An invalid file stops start-up.
	 */
	@NotNull
	private List<String> locations = new ArrayList<>(List.of("classpath*:schemas/**/*.schema.json"));

	/**
	 * Schemas defined in configuration, by name, each as a JSON document. An invalid one
	 * stops start-up.
	 */
	@NotNull
	private Map<String, String> definitions = new LinkedHashMap<>();

	/**
	 * Whether "format" (email, date-time, uuid, ipv4...) is asserted, making a value of
	 * the wrong format a violation, rather than only annotated.
	 */
	private boolean formatAssertions = true;

	public List<String> getLocations() {
		return this.locations;
	}

	public void setLocations(List<String> locations) {
		this.locations = locations;
	}

	public Map<String, String> getDefinitions() {
		return this.definitions;
	}

	public void setDefinitions(Map<String, String> definitions) {
		this.definitions = definitions;
	}

	public boolean isFormatAssertions() {
		return this.formatAssertions;
	}

	public void setFormatAssertions(boolean formatAssertions) {
		this.formatAssertions = formatAssertions;
	}

}
