package dev.library.schema;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link SchemaRegistrationException} that stopped start-up: which schema,
 * from which file or property, what is wrong with it, and what to do.
 *
 * @author Library
 */
class SchemaRegistrationFailureAnalyzer extends AbstractFailureAnalyzer<SchemaRegistrationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SchemaRegistrationException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Fix or remove the schema '" + cause.getSchemaName() + "' in " + cause.getSource()
						+ ". Schema files are found through library.schemas.locations; inline schemas are "
						+ "library.schemas.definitions.<name>.",
				cause);
	}

}
