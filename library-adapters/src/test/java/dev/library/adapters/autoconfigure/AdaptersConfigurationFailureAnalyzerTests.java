package dev.library.adapters.autoconfigure;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AdaptersConfigurationFailureAnalyzer}.
 *
 * @author Library
 */
class AdaptersConfigurationFailureAnalyzerTests {

	@Test
	void analysisListsEveryProblemAndSaysWhatToDo() {
		AdaptersConfigurationException problems = new AdaptersConfigurationException(
				List.of("library.adapters.instances[0].type: unknown adapter type 'modbus'",
						"library.adapters.instances[1].id: instance id 'plant' is used twice"));
		FailureAnalysis analysis = new AdaptersConfigurationFailureAnalyzer()
			.analyze(new BeanCreationException("configuredAdapters", "failed", problems));
		assertThat(analysis.getDescription()).contains("unknown adapter type 'modbus'", "'plant' is used twice");
		assertThat(analysis.getAction()).contains("docs/configuration.md");
	}

}
