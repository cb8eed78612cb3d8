package dev.library.vault.autoconfigure;

import java.time.Clock;

import dev.library.core.autoconfigure.CoreAutoConfiguration;
import dev.library.core.component.ComponentRegistry;
import dev.library.secrets.SecretRotatedEvent;
import dev.library.secrets.autoconfigure.SecretsAutoConfiguration;
import dev.library.security.Role;
import dev.library.security.RouteAccess;
import dev.library.state.StateStore;
import dev.library.vault.VaultAuthenticationMethod;
import dev.library.vault.VaultComponent;
import dev.library.vault.VaultDatabaseCredentials;
import dev.library.vault.VaultHealthIndicator;
import dev.library.vault.VaultInfoHandler;
import dev.library.vault.VaultManager;
import dev.library.vault.VaultReachability;
import dev.library.vault.VaultReachabilityState;
import dev.library.vault.VaultRequestFactory;
import dev.library.vault.VaultSecretStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.annotations.RouterOperation;
import org.springdoc.core.annotations.RouterOperations;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.vault.authentication.AppRoleAuthentication;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions;
import org.springframework.vault.authentication.ClientAuthentication;
import org.springframework.vault.authentication.KubernetesAuthentication;
import org.springframework.vault.authentication.KubernetesAuthenticationOptions;
import org.springframework.vault.authentication.KubernetesServiceAccountTokenFile;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.RestClientBuilder;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.core.lease.SecretLeaseContainer;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Auto-configuration of HashiCorp Vault as a secret backend ({@code library.vault}, on
 * when {@code library.vault.enabled=true}): the session ({@link VaultManager}), the KV v2
 * {@link VaultSecretStore} put first among the secret backends, leased database
 * credentials, the {@code vault} component, health, meters and {@code GET /vault/info}.
 *
 * @author Library
 */
@AutoConfiguration(after = CoreAutoConfiguration.class, before = SecretsAutoConfiguration.class)
@ConditionalOnClass(VaultTemplate.class)
@ConditionalOnBooleanProperty("library.vault.enabled")
@EnableConfigurationProperties(VaultProperties.class)
public final class VaultAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	VaultManager vaultManager(VaultProperties properties, ObjectProvider<MeterRegistry> meters,
			ObjectProvider<Clock> clock, ObjectProvider<SslBundles> sslBundles) {
		RestClient client = restClient(properties, sslBundles).build();
		return new VaultManager(authentication(properties, client), properties.getAuthentication(), properties.getUri(),
				client, properties.getTokenRenewBefore(), clock.getIfAvailable(Clock::systemUTC),
				meters.getIfAvailable(CompositeMeterRegistry::new));
	}

	@Bean
	@ConditionalOnMissingBean
	VaultTemplate vaultTemplate(VaultProperties properties, VaultManager manager,
			ObjectProvider<SslBundles> sslBundles) {
		VaultTemplate template = new VaultTemplate(restClient(properties, sslBundles), manager);
		template.afterPropertiesSet();
		return template;
	}

	@Bean
	@ConditionalOnMissingBean
	VaultReachability vaultReachability(VaultProperties properties, ObjectProvider<Clock> clock,
			ObjectProvider<StateStore> state) {
		return new VaultReachability(properties.getCacheGracePeriod(), clock.getIfAvailable(Clock::systemUTC),
				new VaultReachabilityState(state::getIfAvailable));
	}

	@Bean
	MeterBinder vaultReachabilityMeter(VaultReachability reachability) {
		return (registry) -> Gauge
			.builder("library.vault.reachable", reachability, (tracked) -> tracked.isReachable() ? 1 : 0)
			.description("Whether Vault answered the last call (1) or not (0)")
			.register(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	VaultSecretStore vaultSecretStore(VaultTemplate template, VaultManager manager, VaultReachability reachability,
			VaultProperties properties, ObjectProvider<Clock> clock) {
		return new VaultSecretStore(template, manager, reachability, properties.getKv().getMount(),
				properties.getKv().getPath(), properties.getKv().getExistenceCacheTime(),
				clock.getIfAvailable(Clock::systemUTC));
	}

	@Bean
	@ConditionalOnMissingBean
	@Nullable VaultDatabaseCredentials vaultDatabaseCredentials(VaultTemplate template, VaultProperties properties,
			ApplicationEventPublisher events, ObjectProvider<MeterRegistry> meters, ObjectProvider<Clock> clock) {
		if (properties.getDatabaseCredentials().isEmpty()) {
			return null;
		}
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setThreadNamePrefix("library-vault-leases-");
		scheduler.setDaemon(true);
		scheduler.initialize();
		SecretLeaseContainer container = new SecretLeaseContainer(template, scheduler);
		container.setExpiryThreshold(properties.getLeases().getExpiryThreshold());
		container.setMinRenewal(properties.getLeases().getMinRenewal());
		container.afterPropertiesSet();
		return new VaultDatabaseCredentials(container, properties.getDatabaseCredentials(),
				(SecretRotatedEvent event) -> events.publishEvent(event), clock.getIfAvailable(Clock::systemUTC),
				meters.getIfAvailable(CompositeMeterRegistry::new));
	}

	@Bean
	VaultComponent vaultComponent(VaultManager manager, VaultTemplate template, VaultReachability reachability,
			ObjectProvider<VaultDatabaseCredentials> credentials, VaultProperties properties,
			ObjectProvider<ComponentRegistry> components) {
		return new VaultComponent(manager, template.opsForSys(), reachability, credentials.getIfAvailable(),
				properties.getCheckInterval(), properties.getRetry().getInitialBackoff(),
				properties.getRetry().getMaxBackoff(), components::getIfAvailable);
	}

	@Bean
	@ConditionalOnClass(ReactiveHealthIndicator.class)
	@ConditionalOnMissingBean(name = "vaultHealthIndicator")
	VaultHealthIndicator vaultHealthIndicator(VaultComponent component, VaultManager manager,
			VaultReachability reachability) {
		return new VaultHealthIndicator(component, manager, reachability);
	}

	/**
	 * Who may call the Vault routes: admin.
	 */
	@Bean
	RouteAccess vaultRouteAccess() {
		return RouteAccess.of("vault").allow(HttpMethod.GET, Role.ADMIN, "/vault/info").build();
	}

	private static RestClientBuilder restClient(VaultProperties properties, ObjectProvider<SslBundles> sslBundles) {
		return RestClientBuilder.builder()
			.endpoint(VaultEndpoint.from(properties.getUri()))
			.requestFactory(requestFactory(properties, sslBundles));
	}

	private static VaultRequestFactory requestFactory(VaultProperties properties,
			ObjectProvider<SslBundles> sslBundles) {
		String bundleName = properties.getSslBundle();
		if (bundleName == null || bundleName.isBlank()) {
			return new VaultRequestFactory(properties.getConnectTimeout(), properties.getReadTimeout(), null);
		}
		SslBundles bundles = sslBundles.getIfAvailable();
		if (bundles == null) {
			throw new IllegalStateException(
					"library.vault.ssl-bundle=" + bundleName + " needs Spring Boot SSL bundles (spring.ssl.bundle.*)");
		}
		VaultRequestFactory factory = new VaultRequestFactory(properties.getConnectTimeout(),
				properties.getReadTimeout(), bundles.getBundle(bundleName));
		bundles.addBundleUpdateHandler(bundleName, factory::reload);
		return factory;
	}

	private static ClientAuthentication authentication(VaultProperties properties, RestClient client) {
		VaultAuthenticationMethod method = properties.getAuthentication();
		return switch (method) {
			case TOKEN -> {
				String token = properties.getToken();
				if (token == null || token.isBlank()) {
					throw new IllegalStateException(
							"library.vault.authentication=token needs library.vault.token (or LIBRARY_VAULT_TOKEN)");
				}
				yield new TokenAuthentication(token);
			}
			case APPROLE -> {
				VaultProperties.AppRole appRole = properties.getAppRole();
				if (appRole.getRoleId() == null || appRole.getRoleId().isBlank()) {
					throw new IllegalStateException(
							"library.vault.authentication=approle needs library.vault.app-role.role-id");
				}
				AppRoleAuthenticationOptions.SecretId secretId = (appRole.getSecretId() != null)
						? AppRoleAuthenticationOptions.SecretId.provided(appRole.getSecretId())
						: AppRoleAuthenticationOptions.SecretId.absent();
				yield new AppRoleAuthentication(AppRoleAuthenticationOptions.builder()
					.path(appRole.getPath())
					.roleId(AppRoleAuthenticationOptions.RoleId.provided(appRole.getRoleId()))
					.secretId(secretId)
					.build(), client);
			}
			case KUBERNETES -> {
				VaultProperties.Kubernetes kubernetes = properties.getKubernetes();
				if (kubernetes.getRole() == null || kubernetes.getRole().isBlank()) {
					throw new IllegalStateException(
							"library.vault.authentication=kubernetes needs library.vault.kubernetes.role");
				}
				yield new KubernetesAuthentication(KubernetesAuthenticationOptions.builder()
					.path(kubernetes.getPath())
					.role(kubernetes.getRole())
					.jwtSupplier(
							new KubernetesServiceAccountTokenFile(kubernetes.getServiceAccountTokenFile().toFile()))
					.build(), client);
			}
		};
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	static class VaultRoutesConfiguration {

		@Bean
		@ConditionalOnMissingBean
		VaultInfoHandler vaultInfoHandler(VaultManager manager, VaultTemplate template, VaultReachability reachability,
				VaultSecretStore store) {
			return new VaultInfoHandler(manager, template.opsForSys(), reachability, store);
		}

		@Bean
		@RouterOperations(@RouterOperation(path = "/vault/info", method = RequestMethod.GET,
				beanClass = VaultInfoHandler.class, beanMethod = "info",
				operation = @Operation(operationId = "vaultInfo", summary = "Vault connection",
						description = "Address, authentication method, the session token's TTL left and whether it is "
								+ "renewable, Vault's health and seal state, and whether cached values are served; "
								+ "never the token. Needs admin.",
						tags = "vault",
						responses = @ApiResponse(responseCode = "200", description = "The connection",
								content = @Content(mediaType = "application/json",
										schema = @Schema(implementation = VaultInfoHandler.VaultInfo.class))))))
		RouterFunction<ServerResponse> vaultRoutes(VaultInfoHandler handler) {
			return RouterFunctions.route().GET("/vault/info", handler::info).build();
		}

	}

}
