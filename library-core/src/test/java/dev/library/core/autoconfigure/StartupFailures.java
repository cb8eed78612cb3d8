package dev.library.core.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Explains the start-up failure of a test context the way Spring Boot does when an
 * application fails to start: with every {@link FailureAnalyzer} registered in
 * {@code META-INF/spring.factories}, the first that recognises the failure wins.
 *
 * @author Library
 */
final class StartupFailures {

	private StartupFailures() {
	}

	/**
	 * Analyse why the context failed to start.
	 * @param context the context, which must have failed
	 * @param properties the properties the context ran with, {@code name=value}, so that
	 * analyzers can say where a value came from
	 * @return the analysis
	 */
	static FailureAnalysis analyze(AssertableApplicationContext context, String... properties) {
		assertThat(context).hasFailed();
		StandardEnvironment environment = new StandardEnvironment();
		Map<String, Object> values = new LinkedHashMap<>();
		for (String property : properties) {
			int separator = property.indexOf('=');
			values.put(property.substring(0, separator), property.substring(separator + 1));
		}
		environment.getPropertySources().addFirst(new MapPropertySource("test", values));
		ArgumentResolver arguments = ArgumentResolver.of(BeanFactory.class, new DefaultListableBeanFactory())
			.and(Environment.class, environment);
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader
			.forDefaultResourceLocation(StartupFailures.class.getClassLoader())
			.load(FailureAnalyzer.class, arguments);
		Throwable failure = context.getStartupFailure();
		for (FailureAnalyzer analyzer : analyzers) {
			FailureAnalysis analysis = analyzer.analyze(failure);
			if (analysis != null) {
				return analysis;
			}
		}
		throw new AssertionError("No failure analyzer explains " + failure, failure);
	}

}
