package dev.library.adapters.autoconfigure;

import java.util.List;

/**
 * Adapter, device or interlock configuration that cannot work; stops the start-up with
 * every problem found, each naming its property.
 *
 * @author Library
 */
public class AdaptersConfigurationException extends RuntimeException {

	private final List<String> problems;

	AdaptersConfigurationException(List<String> problems) {
		super("Invalid adapter configuration:\n - " + String.join("\n - ", problems));
		this.problems = List.copyOf(problems);
	}

	/**
	 * Return the problems found.
	 * @return the problems, each naming its property
	 */
	public List<String> getProblems() {
		return this.problems;
	}

}
