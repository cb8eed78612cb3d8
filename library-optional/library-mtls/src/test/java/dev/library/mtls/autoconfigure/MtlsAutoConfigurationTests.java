package dev.library.mtls.autoconfigure;

import dev.library.mtls.TlsServerCustomizer;
import dev.library.security.AuthenticationMethod;
import dev.library.security.RouteAccess;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MtlsAutoConfiguration}.
 *
 * @author Library
 */
class MtlsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MtlsAutoConfiguration.class));

	@Test
	void createsNothingWhenTheComponentIsOff() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(AuthenticationMethod.class)
			.doesNotHaveBean(TlsServerCustomizer.class));
	}

	@Test
	void enabledComponentAddsClientCertificatesAndDeclaresTheRolesOfItsRoutes() {
		this.runner.withPropertyValues("library.enabled-components.mtls=true").run((context) -> {
			assertThat(context).hasSingleBean(AuthenticationMethod.class);
			assertThat(context.getBean(AuthenticationMethod.class).description()).isEqualTo("a client certificate");
			assertThat(context.getBean("mtlsRouteAccess", RouteAccess.class).rules()).extracting(Object::toString)
				.containsExactlyInAnyOrder("GET /mtls/info → viewer", "HEAD /mtls/info → viewer",
						"POST /mtls/enforce → admin");
			// Without the mtls bundle serving the API there is no TLS to customize.
			assertThat(context).doesNotHaveBean(TlsServerCustomizer.class);
		});
	}

	@Test
	void invalidClientAuthStopsStartUpNamingTheProperty() {
		this.runner.withPropertyValues("library.enabled-components.mtls=true", "library.mtls.client-auth=sometimes")
			.run((context) -> assertThat(context).hasFailed().getFailure().rootCause().message().contains("sometimes"));
	}

}
