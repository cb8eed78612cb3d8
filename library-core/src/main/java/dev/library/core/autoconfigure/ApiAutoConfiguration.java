package dev.library.core.autoconfigure;

import java.util.List;

import dev.library.core.component.ComponentDescriptor;
import dev.library.core.component.LibraryComponent;
import dev.library.core.web.EmptyErrorResponseFilter;
import dev.library.core.web.HttpDecodingFailureHandler;
import dev.library.core.web.LazyOpenApiBeans;
import dev.library.core.web.MethodNotAllowedRouterFunction;
import dev.library.core.web.ProblemDetailsExceptionHandler;
import dev.library.core.web.ProblemResponsesOpenApiCustomizer;
import dev.library.core.web.RequestBodyLimitFilter;
import dev.library.core.web.TrailingSlashFilter;
import dev.library.security.RouteAccess;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;

/**
 * Auto-configuration of the HTTP API shared by every component: RFC 9457 problems for
 * every error, the request body limit, 405 for a known path with another method, and the
 * OpenAPI description.
 *
 * @author Library
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableConfigurationProperties(ApiProperties.class)
public final class ApiAutoConfiguration {

	private static final int METHOD_NOT_ALLOWED_ORDER = 1;

	@Bean
	LibraryComponent apiComponent() {
		return LibraryComponent.of(ComponentDescriptor.mandatory("api")
			.description("HTTP API: router registry, OpenAPI and RFC 9457 errors")
			.dependsOn("core")
			.build());
	}

	@Bean
	@Order(ProblemDetailsExceptionHandler.ORDER)
	@ConditionalOnMissingBean
	ProblemDetailsExceptionHandler problemDetailsExceptionHandler(ServerCodecConfigurer codecs) {
		return new ProblemDetailsExceptionHandler(codecs);
	}

	/**
	 * Problems for requests Netty cannot decode (oversized headers, a request line too
	 * long), which never reach the application's handlers.
	 */
	@Bean
	@ConditionalOnClass(HttpServer.class)
	NettyServerCustomizer httpDecodingFailureCustomizer() {
		HttpDecodingFailureHandler handler = new HttpDecodingFailureHandler();
		return (server) -> server.doOnChannelInit((observer, channel, remoteAddress) -> {
			if (channel.pipeline().get(NettyPipeline.HttpTrafficHandler) != null
					&& channel.pipeline().get(HttpDecodingFailureHandler.NAME) == null) {
				channel.pipeline()
					.addBefore(NettyPipeline.HttpTrafficHandler, HttpDecodingFailureHandler.NAME, handler);
			}
		});
	}

	@Bean
	@ConditionalOnMissingBean
	RequestBodyLimitFilter requestBodyLimitFilter(ApiProperties properties) {
		return new RequestBodyLimitFilter(properties.getMaxBodySize());
	}

	@Bean
	@ConditionalOnMissingBean
	TrailingSlashFilter trailingSlashFilter() {
		return new TrailingSlashFilter();
	}

	@Bean
	@ConditionalOnMissingBean
	EmptyErrorResponseFilter emptyErrorResponseFilter(JsonMapper jsonMapper) {
		return new EmptyErrorResponseFilter(jsonMapper);
	}

	/**
	 * The 405 fallback as a handler mapping of its own, ordered after every route and
	 * controller (routes {@code -1}, controllers {@code 0}) and before static resources,
	 * so that no route, whatever its order, is shadowed by it.
	 */
	@Bean
	@ConditionalOnMissingBean(name = "methodNotAllowedHandlerMapping")
	RouterFunctionMapping methodNotAllowedHandlerMapping(ObjectProvider<RouterFunction<?>> routes,
			ServerCodecConfigurer codecs) {
		RouterFunctionMapping mapping = new RouterFunctionMapping(
				new MethodNotAllowedRouterFunction(() -> routes.orderedStream().toList()));
		mapping.setMessageReaders(codecs.getReaders());
		mapping.setOrder(METHOD_NOT_ALLOWED_ORDER);
		return mapping;
	}

	@Bean
	static LazyOpenApiBeans lazyOpenApiBeans() {
		return new LazyOpenApiBeans();
	}

	@Bean
	@ConditionalOnMissingBean
	ProblemResponsesOpenApiCustomizer problemResponsesOpenApiCustomizer() {
		return new ProblemResponsesOpenApiCustomizer();
	}

	@Bean
	@ConditionalOnMissingBean
	OpenAPI libraryOpenApi() {
		return new OpenAPI().info(new Info().title("Library")
			.description("Platform for IoT, industrial and cloud-native services. Every error is an RFC 9457 "
					+ "application/problem+json document with a stable type URI.")
			.version(ApiAutoConfiguration.class.getPackage().getImplementationVersion())
			.license(new License().name("Apache-2.0")));
	}

	/**
	 * Who may read the API description: viewers, like any other read. Swagger UI's own
	 * pages are static and hold no data, but a browser cannot send a bearer token for
	 * them; add them to {@code library.security.anonymous-paths} to browse the API.
	 */
	@Bean
	RouteAccess apiRouteAccess() {
		return RouteAccess.of("api")
			.read("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**", "/webjars/**")
			.build();
	}

}
