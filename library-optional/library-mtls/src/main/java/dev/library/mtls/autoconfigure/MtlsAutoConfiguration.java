package dev.library.mtls.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;

import dev.library.core.autoconfigure.ConditionalOnLibraryComponent;
import dev.library.core.component.LibraryComponent;
import dev.library.mtls.CertificateExpiryMetrics;
import dev.library.mtls.CertificateRoleMapping;
import dev.library.mtls.ClientCertificateAuthenticator;
import dev.library.mtls.ClientCertificateConverter;
import dev.library.mtls.MtlsComponent;
import dev.library.mtls.MtlsHandler;
import dev.library.mtls.MtlsHealthIndicator;
import dev.library.mtls.ServerCertificateValidity;
import dev.library.mtls.ServerCertificates;
import dev.library.mtls.TlsServerCustomizer;
import dev.library.observability.alarm.AlarmConditionType;
import dev.library.observability.alarm.AlarmDefinition;
import dev.library.observability.alarm.AlarmSeverity;
import dev.library.security.AuthenticationMethod;
import dev.library.security.Role;
import dev.library.security.RouteAccess;
import dev.library.security.SecurityAuditLog;
import dev.library.security.autoconfigure.SecurityAutoConfiguration;
import dev.library.state.StateStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springdoc.core.annotations.RouterOperation;
import org.springdoc.core.annotations.RouterOperations;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Auto-configuration of the mtls component: TLS on the server from the
 * {@value MtlsEnvironmentPostProcessor#BUNDLE_NAME} SSL bundle (reloaded on rotation),
 * client certificates as another way of signing in, {@code /mtls/info},
 * {@code /mtls/enforce} and the certificate expiry gauge. Switched on by
 * {@code library.enabled-components.mtls}.
 *
 * @author Library
 */
@AutoConfiguration(after = { SslAutoConfiguration.class, SecurityAutoConfiguration.class })
@ConditionalOnLibraryComponent("mtls")
@EnableConfigurationProperties(MtlsProperties.class)
public final class MtlsAutoConfiguration {

	@Bean
	LibraryComponent mtlsComponent(ObjectProvider<ServerCertificateValidity> serverCertificateValidity) {
		return new MtlsComponent(serverCertificateValidity.getIfAvailable());
	}

	@Bean
	RouteAccess mtlsRouteAccess() {
		return RouteAccess.of("mtls").read("/mtls/info").allow(HttpMethod.POST, Role.ADMIN, "/mtls/enforce").build();
	}

	@Bean
	@ConditionalOnMissingBean
	AuthenticationMethod clientCertificateAuthenticationMethod(MtlsProperties properties) {
		return new AuthenticationMethod("a client certificate", new ClientCertificateConverter(),
				new ClientCertificateAuthenticator(properties.getPrincipalFrom(),
						new CertificateRoleMapping(properties.getRoles())));
	}

	/**
	 * The server side, present when the API is served with the mtls bundle (as the
	 * {@link MtlsEnvironmentPostProcessor} sets up).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "server.ssl.bundle", havingValue = MtlsEnvironmentPostProcessor.BUNDLE_NAME)
	static class TlsServerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ServerCertificates serverCertificates(SslBundles bundles, ObjectProvider<Clock> clock) {
			return new ServerCertificates(bundles, MtlsEnvironmentPostProcessor.BUNDLE_NAME,
					clock.getIfAvailable(Clock::systemUTC));
		}

		@Bean
		@ConditionalOnMissingBean
		TlsServerCustomizer tlsServerCustomizer(ServerCertificates certificates, MtlsProperties properties,
				Environment environment) {
			return new TlsServerCustomizer(certificates, properties.getClientAuth(),
					environment.getProperty("server.http2.enabled", Boolean.class, false));
		}

		@Bean
		@ConditionalOnMissingBean
		ServerCertificateValidity serverCertificateValidity(ServerCertificates certificates, StateStore store,
				MtlsProperties properties, ObjectProvider<Clock> clock) {
			return new ServerCertificateValidity(certificates, store, clock.getIfAvailable(Clock::systemUTC),
					properties.getExpiryCheckInterval());
		}

		/**
		 * The alarm raised while the server certificate has fewer days left than
		 * {@code library.mtls.expiry-warning}. A definition of the same name in
		 * {@code library.alarms.definitions} replaces it.
		 * @param properties the properties
		 * @return the definition
		 */
		@Bean
		AlarmDefinition mtlsCertificateExpiryAlarm(MtlsProperties properties) {
			double days = properties.getExpiryWarning().toMinutes() / (24.0 * 60);
			return new AlarmDefinition("mtls-certificate-expiry", ServerCertificateValidity.KEY, AlarmConditionType.LO,
					days, 0.5, null, Duration.ZERO, Duration.ZERO, null, null, AlarmSeverity.MAJOR,
					"The server certificate expires in {value} days (renew before {limit}): check cert-manager", "days",
					Set.of("security", "mtls"), null, null);
		}

		@Bean
		@ConditionalOnMissingBean(name = "mtlsHealthIndicator")
		MtlsHealthIndicator mtlsHealthIndicator(ServerCertificates certificates,
				ServerCertificateValidity serverCertificateValidity, TlsServerCustomizer server,
				MtlsProperties properties) {
			return new MtlsHealthIndicator(certificates, serverCertificateValidity, server,
					properties.getExpiryWarning().toMinutes() / (24.0 * 60));
		}

		@Bean
		@ConditionalOnMissingBean
		CertificateExpiryMetrics certificateExpiryMetrics(ServerCertificates certificates,
				ObjectProvider<Clock> clock) {
			return new CertificateExpiryMetrics(certificates, clock.getIfAvailable(Clock::systemUTC));
		}

		@Bean
		@ConditionalOnMissingBean
		MtlsHandler mtlsHandler(ServerCertificates certificates, TlsServerCustomizer server, SecurityAuditLog audit,
				MtlsProperties properties, ObjectProvider<Clock> clock) {
			return new MtlsHandler(certificates, server, audit, properties.getClientAuth(),
					properties.getExpiryWarning(), clock.getIfAvailable(Clock::systemUTC));
		}

		@Bean
		@RouterOperations({
				@RouterOperation(path = "/mtls/info", method = RequestMethod.GET, beanClass = MtlsHandler.class,
						beanMethod = "info",
						operation = @Operation(operationId = "mtlsInfo", summary = "Describe the server's TLS",
								description = "The server certificate presented now (subject, alternative names, "
										+ "issuer, expiry, days left), the client authentication, the last reload "
										+ "and the trusted CAs. Needs the viewer role.",
								tags = "mtls",
								responses = @ApiResponse(responseCode = "200", description = "The TLS set-up",
										content = @Content(mediaType = "application/json",
												schema = @Schema(implementation = MtlsHandler.InfoView.class))))),
				@RouterOperation(path = "/mtls/enforce", method = RequestMethod.POST, beanClass = MtlsHandler.class,
						beanMethod = "enforce",
						operation = @Operation(operationId = "mtlsEnforce",
								summary = "Require client certificates from now on",
								description = "Switches client authentication to need for every new connection "
										+ "until restart, or says why not. Audited. Needs the admin role.",
								tags = "mtls",
								responses = {
										@ApiResponse(responseCode = "200", description = "Client certificates required",
												content = @Content(mediaType = "application/json",
														schema = @Schema(
																implementation = MtlsHandler.EnforcementView.class))),
										@ApiResponse(responseCode = "409",
												description = "Not possible now; the detail says why") })) })
		RouterFunction<ServerResponse> mtlsRoutes(MtlsHandler handler) {
			return RouterFunctions.route()
				.GET("/mtls/info", handler::info)
				.POST("/mtls/enforce", handler::enforce)
				.build();
		}

	}

}
