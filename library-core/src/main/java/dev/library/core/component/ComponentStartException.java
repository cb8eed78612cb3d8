package dev.library.core.component;

/**
 * Thrown when a component cannot start and the application must not run without it.
 *
 * @author Library
 */
public class ComponentStartException extends RuntimeException {

	private final String component;

	public ComponentStartException(String component, String message, Throwable cause) {
		super(message, cause);
		this.component = component;
	}

	public String getComponent() {
		return this.component;
	}

}
