package dev.library.database;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Explains an {@link InvalidTableDefinitionException}: which declared table is at fault
 * and every problem found, ahead of the generic component start analysis.
 *
 * @author Library
 */
class InvalidTableDefinitionFailureAnalyzer extends AbstractFailureAnalyzer<InvalidTableDefinitionException>
		implements Ordered {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidTableDefinitionException cause) {
		StringBuilder description = new StringBuilder(
				"Table '" + cause.getTable() + "' declared in library.database.tables cannot be used:");
		cause.getProblems().forEach((problem) -> description.append("\n    - ").append(problem));
		return new FailureAnalysis(description.toString(),
				"Fix the declaration in library.database.tables (and library.database.routes). Library applies "
						+ "additive changes only; a destructive change (dropping a column, changing a type or the "
						+ "primary key) must be made by hand in PostgreSQL, after a backup.",
				cause);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
