package dev.library.adapters.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link AdaptersConfigurationException}: every problem with its property,
 * instead of a chain of bean creation errors.
 *
 * @author Library
 */
class AdaptersConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<AdaptersConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, AdaptersConfigurationException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Fix the properties named above (see docs/configuration.md, library-adapters). A list such as "
						+ "library.adapters.instances given in a higher-precedence source (environment, command "
						+ "line) replaces the whole list, not one element.",
				cause);
	}

}
