package dev.library.benchmarks.stack;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Validated as Library's properties are, so that the start bootstraps Bean Validation.
 *
 * @author Library
 */
@Validated
@ConfigurationProperties("stack")
public class StackProperties {

	/**
	 * Text that GET /greeting answers with.
	 */
	@NotBlank
	private String greeting = "hello";

	public String getGreeting() {
		return this.greeting;
	}

	public void setGreeting(String greeting) {
		this.greeting = greeting;
	}

}
