package dev.library.config;

import java.util.List;

import dev.library.core.web.QueryParameters;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Handles {@code GET /config} and {@code GET /config/reloads}.
 *
 * @author Library
 */
public class ConfigHandler {

	private final EffectiveConfigurationReport report;

	private final ReloadHistory history;

	private final @Nullable String watchPath;

	/**
	 * Create a handler.
	 * @param report the effective configuration
	 * @param history the recent reloads
	 * @param watchPath the watched file, or {@code null} if none is
	 */
	public ConfigHandler(EffectiveConfigurationReport report, ReloadHistory history, @Nullable String watchPath) {
		this.report = report;
		this.history = history;
		this.watchPath = watchPath;
	}

	/**
	 * Return the effective {@code library.*} configuration with where each value comes
	 * from.
	 * @param request the request
	 * @return the response
	 */
	public Mono<ServerResponse> configuration(ServerRequest request) {
		// The first report reads the configuration metadata from the classpath: not on a
		// Netty thread.
		return Mono.fromSupplier(() -> new ConfigurationView(this.watchPath, this.report.properties()))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((view) -> ServerResponse.ok().bodyValue(view));
	}

	/**
	 * Return the recent reloads, newest first; {@code limit} caps how many.
	 * @param request the request
	 * @return the response, or a 400 problem naming {@code limit} if it is not an integer
	 * from 1 to {@code library.config.reload-history}
	 */
	public Mono<ServerResponse> reloads(ServerRequest request) {
		return Mono.defer(() -> {
			int capacity = this.history.capacity();
			int limit = QueryParameters.integer(request, "limit", 1, capacity).orElse(capacity);
			return ServerResponse.ok().bodyValue(new ReloadsView(this.history.latest(limit)));
		});
	}

	/**
	 * Response of {@code GET /config}.
	 *
	 * @param watchPath the watched file ({@code library.config.watch-path}), or
	 * {@code null} if none is
	 * @param properties the effective {@code library.*} properties, ordered by name
	 */
	public record ConfigurationView(@Nullable String watchPath, List<ConfiguredProperty> properties) {

	}

	/**
	 * Response of {@code GET /config/reloads}.
	 *
	 * @param reloads the recent reloads, newest first
	 */
	public record ReloadsView(List<ConfigurationReload> reloads) {

	}

}
