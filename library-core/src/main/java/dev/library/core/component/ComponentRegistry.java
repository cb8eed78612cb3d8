package dev.library.core.component;

import java.util.List;
import java.util.Optional;

/**
 * Read access to the enabled components and their status, plus the two transitions a
 * running component may report about itself.
 *
 * @author Library
 */
public interface ComponentRegistry {

	/**
	 * Return the status of every enabled component, in start order.
	 * @return the statuses
	 */
	List<ComponentStatus> components();

	/**
	 * Return the status of one component.
	 * @param name the component name
	 * @return its status, or empty if no such component is enabled
	 */
	Optional<ComponentStatus> component(String name);

	/**
	 * Return the names of the components that depend on the given one, directly or
	 * through others: what a failure of it affects.
	 * @param name the component name
	 * @return the dependents, in start order
	 */
	List<String> dependents(String name);

	/**
	 * Report that a running component works with reduced function.
	 * @param name the component name
	 * @param reason what is wrong, in words an operator understands
	 */
	void reportDegraded(String name, String reason);

	/**
	 * Report that a degraded component works fully again.
	 * @param name the component name
	 */
	void reportRecovered(String name);

}
