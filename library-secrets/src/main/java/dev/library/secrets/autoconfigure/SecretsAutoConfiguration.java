package dev.library.secrets.autoconfigure;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import dev.library.core.autoconfigure.CoreAutoConfiguration;
import dev.library.core.component.LibraryComponent;
import dev.library.secrets.CompositeSecretStore;
import dev.library.secrets.KubernetesSecretStore;
import dev.library.secrets.LocalSecretKey;
import dev.library.secrets.LocalSecretStore;
import dev.library.secrets.SecretAuditLog;
import dev.library.secrets.SecretHandler;
import dev.library.secrets.SecretMetrics;
import dev.library.secrets.SecretRotatedEvent;
import dev.library.secrets.SecretRotator;
import dev.library.secrets.SecretRoutes;
import dev.library.secrets.SecretStore;
import dev.library.secrets.SecretStoreHealthIndicator;
import dev.library.secrets.SecretVersion;
import dev.library.secrets.SecretsComponent;
import dev.library.security.Role;
import dev.library.security.RouteAccess;
import dev.library.vault.VaultSecretStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springdoc.core.annotations.RouterOperation;
import org.springdoc.core.annotations.RouterOperations;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Auto-configuration of the secrets component ({@code library.secrets}): the encrypted
 * local store, Kubernetes mounted secrets, the {@link CompositeSecretStore} in front of
 * them (with Vault first when {@code library.vault.enabled}), rotation, audit, metrics,
 * health and the {@code /secrets} routes.
 *
 * @author Library
 */
@AutoConfiguration(after = CoreAutoConfiguration.class)
@EnableConfigurationProperties(SecretsProperties.class)
public final class SecretsAutoConfiguration {

	private static final String PROBLEM_JSON = "application/problem+json";

	@Bean
	@ConditionalOnMissingBean
	SecretAuditLog secretAuditLog(SecretsProperties properties, ObjectProvider<Clock> clock) {
		return new SecretAuditLog(properties.getAuditSize(), clock.getIfAvailable(Clock::systemUTC));
	}

	@Bean
	@ConditionalOnMissingBean
	SecretMetrics secretMetrics(ObjectProvider<MeterRegistry> meters) {
		return new SecretMetrics(meters.getIfAvailable(CompositeMeterRegistry::new));
	}

	@Bean
	@ConditionalOnMissingBean
	CompositeSecretStore secretStore(SecretsProperties properties, Environment environment,
			ApplicationEventPublisher events, ObjectProvider<Clock> clockProvider,
			ObjectProvider<VaultSecretStore> vault) {
		Clock clock = clockProvider.getIfAvailable(Clock::systemUTC);
		List<SecretStore> stores = new ArrayList<>();
		// Vault (library.vault.enabled) comes first: new secrets are written to it.
		vault.ifAvailable(stores::add);
		SecretsProperties.Local local = properties.getLocal();
		if (local.isEnabled()) {
			Path directory = (local.getDirectory() != null) ? local.getDirectory()
					: Path.of(environment.getProperty("library.state.data-dir", "data")).resolve("secrets");
			stores.add(new LocalSecretStore(directory,
					LocalSecretKey.load(local.getKey(), local.getKeyFile(), directory, local.isGenerateKey()),
					local.getMaxVersions(), clock));
		}
		Path mounted = properties.getKubernetes().getPath();
		if (mounted != null) {
			stores.add(new KubernetesSecretStore(mounted, clock,
					(changed) -> events.publishEvent(new SecretRotatedEvent(changed.name(), changed.backend(),
							changed.currentVersion(), SecretRotatedEvent.Reason.CHANGED_IN_BACKEND))));
		}
		if (stores.isEmpty()) {
			throw new IllegalStateException(
					"No secret store: set library.secrets.local.enabled=true, library.secrets.kubernetes.path or "
							+ "library.vault.enabled=true");
		}
		return new CompositeSecretStore(stores);
	}

	@Bean
	@ConditionalOnMissingBean
	SecretRotator secretRotator(CompositeSecretStore store, SecretsProperties properties, SecretAuditLog audit,
			SecretMetrics metrics, ApplicationEventPublisher events, ObjectProvider<Clock> clock) {
		return new SecretRotator(store, properties.policies(), audit, metrics, events::publishEvent,
				clock.getIfAvailable(Clock::systemUTC));
	}

	@Bean
	LibraryComponent secretsComponent(SecretRotator rotator, CompositeSecretStore store, SecretsProperties properties) {
		KubernetesSecretStore kubernetes = store.stores()
			.stream()
			.filter(KubernetesSecretStore.class::isInstance)
			.map(KubernetesSecretStore.class::cast)
			.findFirst()
			.orElse(null);
		return new SecretsComponent(rotator, properties.getRotation().getCheckInterval(), kubernetes,
				properties.getKubernetes().getPollInterval());
	}

	@Bean
	@ConditionalOnClass(ReactiveHealthIndicator.class)
	@ConditionalOnMissingBean(name = "secretsHealthIndicator")
	SecretStoreHealthIndicator secretsHealthIndicator(CompositeSecretStore store) {
		return new SecretStoreHealthIndicator(store);
	}

	/**
	 * Who may call the secret routes: values only with secrets-reader (which admin does
	 * not include); metadata, versions, the audit log and every change with admin.
	 */
	@Bean
	RouteAccess secretRouteAccess() {
		return RouteAccess.of("secrets")
			.allow(HttpMethod.GET, Role.ADMIN, "/secrets", "/secrets/audit", "/secrets/*/versions")
			.allow(HttpMethod.GET, Role.SECRETS_READER, "/secrets/*")
			.allow(HttpMethod.PUT, Role.ADMIN, "/secrets/*")
			.allow(HttpMethod.DELETE, Role.ADMIN, "/secrets/*")
			.allow(HttpMethod.POST, Role.ADMIN, "/secrets/*/rotate", "/secrets/*/undelete")
			.build();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	static class SecretRoutesConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SecretHandler secretHandler(CompositeSecretStore store, SecretRotator rotator, SecretAuditLog audit,
				SecretMetrics metrics, ApplicationEventPublisher events, SecretsProperties properties) {
			return new SecretHandler(store, rotator, audit, metrics, events, properties.getMaxValueSize());
		}

		@Bean
		@RouterOperations({
				@RouterOperation(path = "/secrets", method = RequestMethod.GET, beanClass = SecretHandler.class,
						beanMethod = "list",
						operation = @Operation(operationId = "listSecrets", summary = "List secrets (metadata only)",
								description = "Names, backends, versions, created, last rotated and next rotation; "
										+ "never a value. Needs admin.",
								tags = "secrets",
								responses = @ApiResponse(responseCode = "200", description = "The secrets",
										content = @Content(mediaType = "application/json",
												schema = @Schema(implementation = SecretHandler.SecretList.class))))),
				@RouterOperation(path = "/secrets/audit", method = RequestMethod.GET, beanClass = SecretHandler.class,
						beanMethod = "audit",
						operation = @Operation(operationId = "secretsAudit", summary = "Secrets audit log",
								description = "Who accessed or changed which secret, when, with which outcome; "
										+ "never a value. Newest first. Needs admin.",
								tags = "secrets",
								responses = @ApiResponse(responseCode = "200", description = "The audit entries",
										content = @Content(mediaType = "application/json",
												schema = @Schema(implementation = SecretHandler.AuditList.class))))),
				@RouterOperation(path = "/secrets/{name}", method = RequestMethod.GET, beanClass = SecretHandler.class,
						beanMethod = "read",
						operation = @Operation(operationId = "readSecret", summary = "Read a secret's value",
								description = "Always audited. Needs secrets-reader.", tags = "secrets",
								parameters = @Parameter(name = "name", in = ParameterIn.PATH, required = true,
										description = "Secret name"),
								responses = {
										@ApiResponse(responseCode = "200", description = "The current value",
												content = @Content(mediaType = "application/json",
														schema = @Schema(
																implementation = SecretHandler.SecretValueView.class))),
										@ApiResponse(responseCode = "400", description = "Invalid name",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))),
										@ApiResponse(responseCode = "404", description = "No live secret has the name",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))) })),
				@RouterOperation(path = "/secrets/{name}", method = RequestMethod.PUT, beanClass = SecretHandler.class,
						beanMethod = "write",
						operation = @Operation(operationId = "writeSecret", summary = "Write a new version",
								description = "Body {\"value\": \"...\", \"maxAge\": \"P30D\", \"policy\": \"default\"}"
										+ "; maxAge and policy are optional. Needs admin.",
								tags = "secrets",
								parameters = @Parameter(name = "name", in = ParameterIn.PATH, required = true,
										description = "Secret name"),
								responses = {
										@ApiResponse(responseCode = "200", description = "The metadata after the write",
												content = @Content(mediaType = "application/json",
														schema = @Schema(
																implementation = SecretHandler.SecretView.class))),
										@ApiResponse(responseCode = "400", description = "Invalid name or body",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))),
										@ApiResponse(responseCode = "413", description = "Value too large",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))) })),
				@RouterOperation(path = "/secrets/{name}", method = RequestMethod.DELETE,
						beanClass = SecretHandler.class, beanMethod = "delete",
						operation = @Operation(operationId = "deleteSecret", summary = "Soft-delete a secret",
								description = "Its versions are kept; undelete brings it back. Needs admin.",
								tags = "secrets",
								parameters = @Parameter(name = "name", in = ParameterIn.PATH, required = true,
										description = "Secret name"),
								responses = { @ApiResponse(responseCode = "204", description = "Deleted"),
										@ApiResponse(responseCode = "404", description = "No live secret has the name",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))) })),
				@RouterOperation(path = "/secrets/{name}/versions", method = RequestMethod.GET,
						beanClass = SecretHandler.class, beanMethod = "versions",
						operation = @Operation(operationId = "secretVersions", summary = "List a secret's versions",
								description = "Never values. Needs admin.", tags = "secrets",
								parameters = @Parameter(name = "name", in = ParameterIn.PATH, required = true,
										description = "Secret name"),
								responses = @ApiResponse(responseCode = "200", description = "The versions",
										content = @Content(mediaType = "application/json",
												schema = @Schema(implementation = SecretVersion.class))))),
				@RouterOperation(path = "/secrets/{name}/rotate", method = RequestMethod.POST,
						beanClass = SecretHandler.class, beanMethod = "rotate",
						operation = @Operation(operationId = "rotateSecret", summary = "Rotate a secret",
								description = "Generates a new value by the secret's policy, a named one "
										+ "({\"policy\": \"...\"}) or one given inline ({\"length\": 32, "
										+ "\"alphabet\": \"...\"}); the value is not returned. Needs admin.",
								tags = "secrets",
								parameters = @Parameter(name = "name", in = ParameterIn.PATH, required = true,
										description = "Secret name"),
								responses = @ApiResponse(responseCode = "200", description = "The metadata after it",
										content = @Content(mediaType = "application/json",
												schema = @Schema(implementation = SecretHandler.SecretView.class))))),
				@RouterOperation(path = "/secrets/{name}/undelete", method = RequestMethod.POST,
						beanClass = SecretHandler.class, beanMethod = "undelete",
						operation = @Operation(operationId = "undeleteSecret", summary = "Undelete a secret",
								description = "Needs admin.", tags = "secrets",
								parameters = @Parameter(name = "name", in = ParameterIn.PATH, required = true,
										description = "Secret name"),
								responses = @ApiResponse(responseCode = "200", description = "The metadata after it",
										content = @Content(mediaType = "application/json",
												schema = @Schema(implementation = SecretHandler.SecretView.class))))) })
		RouterFunction<ServerResponse> secretRoutes(SecretHandler handler) {
			return SecretRoutes.create(handler);
		}

	}

}
