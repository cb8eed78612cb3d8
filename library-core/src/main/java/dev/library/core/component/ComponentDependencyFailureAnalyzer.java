package dev.library.core.component;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link ComponentDependencyException}.
 *
 * @author Library
 */
class ComponentDependencyFailureAnalyzer extends AbstractFailureAnalyzer<ComponentDependencyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ComponentDependencyException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
	}

}
