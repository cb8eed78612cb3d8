package dev.library.security.autoconfigure;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;

import dev.library.core.autoconfigure.ApiAutoConfiguration;
import dev.library.core.component.ComponentDescriptor;
import dev.library.core.component.LibraryComponent;
import dev.library.core.web.ProblemDetailsExceptionHandler;
import dev.library.security.AccessRules;
import dev.library.security.ApiTokenAuthentication;
import dev.library.security.ApiTokenHandler;
import dev.library.security.ApiTokenStore;
import dev.library.security.AuthenticationMethod;
import dev.library.security.BearerTokenAuthenticator;
import dev.library.security.BearerTokenConverter;
import dev.library.security.DeclaredApiTokens;
import dev.library.security.FileApiTokenStore;
import dev.library.security.InitialAdminToken;
import dev.library.security.JwtRolesConverter;
import dev.library.security.ProblemAccessDeniedHandler;
import dev.library.security.ProblemAuthenticationEntryPoint;
import dev.library.security.RateLimitWebFilter;
import dev.library.security.RequestRateLimiter;
import dev.library.security.Role;
import dev.library.security.RouteAccess;
import dev.library.security.SecurityAuditHandler;
import dev.library.security.SecurityAuditLog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springdoc.core.annotations.RouterOperation;
import org.springdoc.core.annotations.RouterOperations;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Auto-configuration of authentication and role-based access: bearer API tokens and JWTs,
 * the rules every component declares as a {@link RouteAccess} bean, RFC 9457 problems for
 * 401 and 403, the first-start admin token, the audit log, and {@code /security/tokens}
 * and {@code /security/audit}. Replaces Spring Boot's default security (form login and a
 * generated password).
 *
 * @author Library
 */
@AutoConfiguration(after = ApiAutoConfiguration.class,
		before = { ReactiveWebSecurityAutoConfiguration.class, ReactiveManagementWebSecurityAutoConfiguration.class,
				ReactiveUserDetailsServiceAutoConfiguration.class,
				ReactiveOAuth2ResourceServerAutoConfiguration.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(SecurityWebFilterChain.class)
@EnableConfigurationProperties(SecurityProperties.class)
public final class SecurityAutoConfiguration {

	@Bean
	LibraryComponent securityComponent() {
		return LibraryComponent.of(ComponentDescriptor.mandatory("security")
			.description("Authentication (API tokens, JWTs) and role-based access to every route")
			.dependsOn("api")
			.build());
	}

	@Bean
	SecurityDataDirectory securityDataDirectory(SecurityProperties properties, Environment environment) {
		Path configured = properties.getDataDir();
		return new SecurityDataDirectory((configured != null) ? configured
				: Path.of(environment.getProperty("library.state.data-dir", "data")).resolve("security"));
	}

	@Bean
	@ConditionalOnMissingBean
	SecurityAuditLog securityAuditLog(SecurityProperties properties, SecurityDataDirectory directory, JsonMapper mapper,
			ObjectProvider<Clock> clock) {
		SecurityProperties.Audit audit = properties.getAudit();
		Path file = audit.isFile() ? directory.path().resolve("audit.log") : null;
		return new SecurityAuditLog(audit.getCapacity(), file, audit.getMaxFileSize().toBytes(),
				audit.getSuccessInterval(), mapper, clock.getIfAvailable(Clock::systemUTC));
	}

	@Bean
	@ConditionalOnMissingBean
	ApiTokenStore apiTokenStore(SecurityDataDirectory directory, JsonMapper mapper) {
		return new FileApiTokenStore(directory.path().resolve("api-tokens.json"), mapper);
	}

	@Bean
	@ConditionalOnMissingBean
	DeclaredApiTokens declaredApiTokens(SecurityProperties properties) {
		return BootstrapTokens.read(properties);
	}

	@Bean
	SmartInitializingSingleton initialAdminToken(SecurityProperties properties, SecurityDataDirectory directory,
			ApiTokenStore store, DeclaredApiTokens declared, ObjectProvider<Clock> clock) {
		return () -> {
			if (properties.isGenerateAdminToken() && declared.isEmpty() && !properties.getJwt().isConfigured()) {
				InitialAdminToken.createIfNoneExists(store, directory.path(), clock.getIfAvailable(Clock::systemUTC));
			}
		};
	}

	@Bean
	@ConditionalOnMissingBean
	BearerTokenAuthenticator bearerTokenAuthenticator(SecurityProperties properties, ApiTokenStore store,
			DeclaredApiTokens declared, ObjectProvider<ReactiveJwtDecoder> jwtDecoder) {
		SecurityProperties.Jwt jwt = properties.getJwt();
		ReactiveJwtDecoder decoder = jwtDecoder
			.getIfAvailable(() -> jwt.isConfigured() ? JwtDecoderFactory.create(jwt) : null);
		JwtReactiveAuthenticationManager jwtAuthentication = null;
		if (decoder != null) {
			jwtAuthentication = new JwtReactiveAuthenticationManager(decoder);
			jwtAuthentication
				.setJwtAuthenticationConverter(new JwtRolesConverter(jwt.getRolesClaim(), jwt.getPrincipalClaim()));
		}
		return new BearerTokenAuthenticator(store, declared, jwtAuthentication);
	}

	@Bean
	@ConditionalOnMissingBean
	AccessRules accessRules(SecurityProperties properties, ObjectProvider<RouteAccess> declarations) {
		RouteAccess anonymous = RouteAccess.of("security")
			.anonymous(Set.of(HttpMethod.GET, HttpMethod.HEAD), properties.getAnonymousPaths().toArray(String[]::new))
			.build();
		return new AccessRules(anonymous, declarations.orderedStream().toList());
	}

	@Bean
	RouteAccess securityRouteAccess() {
		return RouteAccess.of("security").allowAnyMethod(Role.ADMIN, "/security", "/security/**").build();
	}

	@Bean
	@ConditionalOnMissingBean
	SecurityWebFilterChain librarySecurityWebFilterChain(ServerHttpSecurity http, AccessRules rules,
			BearerTokenAuthenticator authenticationManager, SecurityProperties properties,
			ProblemDetailsExceptionHandler problems, SecurityAuditLog audit,
			ObjectProvider<AuthenticationMethod> otherMethods) {
		ProblemAuthenticationEntryPoint entryPoint = new ProblemAuthenticationEntryPoint(problems, audit);
		http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.anonymous(ServerHttpSecurity.AnonymousSpec::disable)
			.requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()))
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint)
				.accessDeniedHandler(new ProblemAccessDeniedHandler(problems, audit)))
			.authorizeExchange((exchanges) -> exchanges.anyExchange().access(rules));
		// Filters of one order run in the order they are added: the other methods first,
		// the bearer credentials last, so that an Authorization header has the last word.
		otherMethods.orderedStream()
			.forEach((method) -> http.addFilterAt(authenticationFilter(method, entryPoint, audit),
					SecurityWebFiltersOrder.AUTHENTICATION));
		AuthenticationMethod bearer = new AuthenticationMethod("a bearer credential",
				new BearerTokenConverter(properties.getMaxAuthorizationHeaderSize()), authenticationManager);
		http.addFilterAt(authenticationFilter(bearer, entryPoint, audit), SecurityWebFiltersOrder.AUTHENTICATION);
		SecurityProperties.RateLimit rateLimit = properties.getRateLimit();
		if (rateLimit.isEnabled()) {
			RequestRateLimiter limiter = new RequestRateLimiter(rateLimit.getRequestsPerSecond(), rateLimit.getBurst(),
					rateLimit.getMaxPrincipals(), System::nanoTime);
			http.addFilterAfter(new RateLimitWebFilter(limiter, problems, audit, System::nanoTime),
					SecurityWebFiltersOrder.AUTHORIZATION);
		}
		return http.build();
	}

	private static AuthenticationWebFilter authenticationFilter(AuthenticationMethod method,
			ProblemAuthenticationEntryPoint entryPoint, SecurityAuditLog audit) {
		AuthenticationWebFilter authentication = new AuthenticationWebFilter(method.authenticationManager());
		authentication.setServerAuthenticationConverter(method.converter());
		authentication.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
		authentication.setAuthenticationFailureHandler(new ServerAuthenticationEntryPointFailureHandler(entryPoint));
		authentication.setAuthenticationSuccessHandler((exchange, principal) -> {
			audit.recordSuccess(principal.getName(), "authenticated with " + method(principal, method));
			return exchange.getChain().filter(exchange.getExchange());
		});
		return authentication;
	}

	private static String method(Authentication principal, AuthenticationMethod method) {
		if (method.converter() instanceof BearerTokenConverter) {
			return (principal instanceof ApiTokenAuthentication) ? "an API token" : "a JWT";
		}
		return method.description();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebFluxSecurity
	static class WebFluxSecurityConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	static class SecurityRoutesConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ApiTokenHandler apiTokenHandler(ApiTokenStore store, DeclaredApiTokens declared, SecurityAuditLog audit,
				ObjectProvider<Clock> clock) {
			return new ApiTokenHandler(store, declared, audit, clock.getIfAvailable(Clock::systemUTC));
		}

		@Bean
		@ConditionalOnMissingBean
		SecurityAuditHandler securityAuditHandler(SecurityAuditLog audit) {
			return new SecurityAuditHandler(audit);
		}

		@Bean
		@RouterOperations({
				@RouterOperation(path = "/security/tokens", method = RequestMethod.GET,
						beanClass = ApiTokenHandler.class, beanMethod = "list",
						operation = @Operation(operationId = "listApiTokens", summary = "List the API tokens",
								description = "Name, roles, creation time and source of every API token; never a "
										+ "value or a hash. Needs the admin role.",
								tags = "security",
								responses = @ApiResponse(responseCode = "200", description = "The tokens",
										content = @Content(mediaType = "application/json",
												schema = @Schema(implementation = ApiTokenHandler.TokensView.class))))),
				@RouterOperation(path = "/security/tokens", method = RequestMethod.POST,
						beanClass = ApiTokenHandler.class, beanMethod = "create",
						operation = @Operation(operationId = "createApiToken", summary = "Create an API token",
								description = "Creates a token with a name and roles and returns its value, this "
										+ "once only: only its SHA-256 hash is kept. Needs the admin role.",
								tags = "security",
								requestBody = @RequestBody(required = true,
										content = @Content(mediaType = "application/json",
												schema = @Schema(example = "{\"name\": \"plc-gateway\", "
														+ "\"roles\": [\"operator\"]}"))),
								responses = {
										@ApiResponse(responseCode = "201",
												description = "Created; the value is in " + "'token'",
												content = @Content(mediaType = "application/json", schema = @Schema(
														implementation = ApiTokenHandler.CreatedTokenView.class))),
										@ApiResponse(responseCode = "400", description = "Invalid name or roles"),
										@ApiResponse(responseCode = "409", description = "A token has this name") })),
				@RouterOperation(path = "/security/tokens/{name}", method = RequestMethod.DELETE,
						beanClass = ApiTokenHandler.class, beanMethod = "revoke",
						operation = @Operation(operationId = "revokeApiToken", summary = "Revoke an API token",
								description = "From now on the token's value is refused. Needs the admin role.",
								tags = "security",
								parameters = @Parameter(name = "name", in = ParameterIn.PATH, required = true,
										description = "Token name"),
								responses = { @ApiResponse(responseCode = "204", description = "Revoked"),
										@ApiResponse(responseCode = "404", description = "No token has this name"),
										@ApiResponse(responseCode = "409",
												description = "The token is declared in configuration") })),
				@RouterOperation(path = "/security/audit", method = RequestMethod.GET,
						beanClass = SecurityAuditHandler.class, beanMethod = "latest",
						operation = @Operation(operationId = "securityAudit", summary = "Read the security audit log",
								description = "The latest authentications, refusals, denials and token changes, "
										+ "newest first. Needs the admin role.",
								tags = "security",
								parameters = @Parameter(name = "limit", in = ParameterIn.QUERY,
										description = "How many entries at most (1 to 10000, default 100)"),
								responses = @ApiResponse(responseCode = "200", description = "The entries",
										content = @Content(mediaType = "application/json", schema = @Schema(
												implementation = SecurityAuditHandler.AuditView.class))))) })
		RouterFunction<ServerResponse> securityRoutes(ApiTokenHandler tokens, SecurityAuditHandler audit) {
			return RouterFunctions.route()
				.GET("/security/tokens", tokens::list)
				.POST("/security/tokens", tokens::create)
				.DELETE("/security/tokens/{name}", tokens::revoke)
				.GET("/security/audit", audit::latest)
				.build();
		}

	}

}
