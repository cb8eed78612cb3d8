package dev.library.database;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InvalidTableDefinitionFailureAnalyzer}.
 *
 * @author Library
 */
class InvalidTableDefinitionFailureAnalyzerTests {

	@Test
	void analysisListsEveryProblemOfTheTableEvenWhenWrapped() {
		InvalidTableDefinitionException cause = new InvalidTableDefinitionException("temperatures",
				List.of("column 'device' exists in the database but is not declared", "the primary key differs"));
		FailureAnalysis analysis = new InvalidTableDefinitionFailureAnalyzer()
			.analyze(new IllegalStateException("component 'database' failed to start", cause));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("'temperatures'", "- column 'device'",
				"- the primary key differs");
		assertThat(analysis.getAction()).contains("library.database.tables", "by hand");
	}

	@Test
	void invalidIdentifiersNeverReachSql() {
		assertThat(TableDefinition.isIdentifier("temperatures")).isTrue();
		assertThat(TableDefinition.isIdentifier("t\"; DROP TABLE x; --")).isFalse();
		assertThat(TableDefinition.isIdentifier("Temperatures")).isFalse();
		assertThat(TableDefinition.isIdentifier("a".repeat(64))).isFalse();
		assertThat(DatabaseTables.indexName("t".repeat(40), List.of("c".repeat(30)))).hasSizeLessThanOrEqualTo(63);
	}

}
