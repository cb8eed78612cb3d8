package dev.library.core.component;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link ComponentStartException}: which component failed, why, and what to
 * do.
 *
 * @author Library
 */
class ComponentStartFailureAnalyzer extends AbstractFailureAnalyzer<ComponentStartException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ComponentStartException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Fix the cause above. If '" + cause.getComponent()
						+ "' is optional and the platform should run without it, set library.core.components."
						+ cause.getComponent() + ".fail-fast=false.",
				cause);
	}

}
