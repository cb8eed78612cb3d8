package dev.library.security.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import dev.library.core.autoconfigure.ApiAutoConfiguration;
import dev.library.core.autoconfigure.CoreAutoConfiguration;
import dev.library.security.AccessRules;
import dev.library.security.ApiTokenStore;
import dev.library.security.ApiTokenValues;
import dev.library.security.InitialAdminToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.web.server.SecurityWebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SecurityAutoConfiguration}: the first start, declared tokens, and
 * Spring Boot's default security kept out.
 *
 * @author Library
 */
@org.junit.jupiter.api.extension.ExtendWith(OutputCaptureExtension.class)
class SecurityAutoConfigurationTests {

	private static final String DECLARED = "lib_declared-admin-token-for-these-tests-only";

	@TempDir
	Path dataDir;

	private ReactiveWebApplicationContextRunner contextRunner() {
		return new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SecurityAutoConfiguration.class, ApiAutoConfiguration.class,
					CoreAutoConfiguration.class, ReactiveWebSecurityAutoConfiguration.class,
					ReactiveUserDetailsServiceAutoConfiguration.class, CodecsAutoConfiguration.class,
					JacksonAutoConfiguration.class, WebFluxAutoConfiguration.class))
			.withPropertyValues("library.state.data-dir=" + this.dataDir);
	}

	@Test
	void firstStartGeneratesAnAdminTokenIntoAnOwnerOnlyFileAndLogsOnlyWhereItIs(CapturedOutput output) {
		contextRunner().run((context) -> {
			assertThat(context).hasSingleBean(SecurityWebFilterChain.class)
				.doesNotHaveBean(ReactiveUserDetailsService.class);
			Path file = this.dataDir.resolve("security").resolve(InitialAdminToken.FILE_NAME);
			String value = Files.readString(file).trim();
			assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
			assertThat(context.getBean(ApiTokenStore.class).findByHash(ApiTokenValues.hash(value)))
				.hasValueSatisfying((token) -> assertThat(token.name()).isEqualTo(InitialAdminToken.NAME));
			assertThat(output).contains(file.toAbsolutePath().toString()).doesNotContain(value);
		});
	}

	@Test
	void secondStartKeepsTheStoredToken() {
		contextRunner().run((context) -> assertThat(context).hasNotFailed());
		Path file = this.dataDir.resolve("security").resolve(InitialAdminToken.FILE_NAME);
		contextRunner().run((context) -> {
			String value = Files.readString(file).trim();
			assertThat(context.getBean(ApiTokenStore.class).list()).hasSize(1);
			assertThat(context.getBean(ApiTokenStore.class).findByHash(ApiTokenValues.hash(value))).isPresent();
		});
	}

	@Test
	void noTokenIsGeneratedWhenOneIsDeclared() {
		contextRunner().withPropertyValues("library.security.bootstrap-token=" + DECLARED).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(this.dataDir.resolve("security").resolve(InitialAdminToken.FILE_NAME)).doesNotExist();
			assertThat(context.getBean(ApiTokenStore.class).list()).isEmpty();
		});
	}

	@Test
	void noTokenIsGeneratedWhenAJwtIssuerIsConfigured() {
		contextRunner().withPropertyValues("library.security.jwt.jwk-set-uri=http://localhost:1/jwks.json")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(this.dataDir.resolve("security").resolve(InitialAdminToken.FILE_NAME)).doesNotExist();
			});
	}

	@Test
	void declaredTokenFromAFileIsAccepted() throws Exception {
		Path secret = Files.writeString(this.dataDir.resolve("mounted-secret"), DECLARED + "\n");
		contextRunner().withPropertyValues("library.security.bootstrap-token-file=" + secret)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void guessableDeclaredTokenStopsStartUpWithoutRepeatingIt() {
		contextRunner().withPropertyValues("library.security.bootstrap-token=lib_short").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("library.security.bootstrap-token")
				.hasMessageNotContaining("lib_short");
		});
	}

	@Test
	void anonymousPathsAreConfigurable() {
		contextRunner().withPropertyValues("library.security.anonymous-paths=/health/livez").run((context) -> {
			AccessRules rules = context.getBean(AccessRules.class);
			assertThat(rules.rules()).filteredOn((rule) -> rule.isAnonymous())
				.extracting((rule) -> rule.pattern().getPatternString())
				.containsOnly("/health/livez");
		});
	}

}
