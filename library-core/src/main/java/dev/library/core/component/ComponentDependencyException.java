package dev.library.core.component;

/**
 * Thrown when component dependencies cannot be satisfied: a dependency that is not
 * enabled, or a cycle.
 *
 * @author Library
 */
public class ComponentDependencyException extends RuntimeException {

	private final String action;

	public ComponentDependencyException(String message, String action) {
		super(message);
		this.action = action;
	}

	public String getAction() {
		return this.action;
	}

}
