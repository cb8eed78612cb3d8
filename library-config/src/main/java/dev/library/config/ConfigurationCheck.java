package dev.library.config;

import java.util.List;
import java.util.Optional;

/**
 * A check of a new version of the watched configuration file beyond binding and Bean
 * Validation, for a component whose configuration is only valid as a whole (for example
 * instances that must name a known type). Checks are beans; each runs after every
 * {@code library.*} properties bean was bound and validated without error, and any error
 * it returns rejects the whole version as a binding error would: nothing changes and the
 * rejection is reported with the others.
 *
 * @author Library
 */
@FunctionalInterface
public interface ConfigurationCheck {

	/**
	 * Check a candidate configuration.
	 * @param candidate the properties beans bound from it, fresh instances that the
	 * running application does not use
	 * @return what is wrong, empty if nothing is
	 */
	List<ConfigurationError> check(Candidate candidate);

	/**
	 * The {@code library.*} properties beans bound from a candidate configuration.
	 */
	@FunctionalInterface
	interface Candidate {

		/**
		 * Return the fresh instance of a properties bean.
		 * @param <T> the bean's type
		 * @param type the bean's type
		 * @return the instance bound from the candidate, or empty if no such bean exists
		 */
		<T> Optional<T> properties(Class<T> type);

	}

}
