package dev.library.hap;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.CacheControl;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Handles {@code GET /hap/info} and {@code POST /hap/pairings/reset}.
 *
 * @author Library
 */
public class HapHandler {

	private final HapBridge bridge;

	/**
	 * Create a handler.
	 * @param bridge the bridge
	 */
	public HapHandler(HapBridge bridge) {
		this.bridge = bridge;
	}

	/**
	 * Describe the bridge: setup code and URI, paired controllers, mDNS, accessories.
	 * @param request the request
	 * @return the description
	 */
	public Mono<ServerResponse> info(ServerRequest request) {
		// The setup code pairs a new controller: never cached
		return ServerResponse.ok().cacheControl(CacheControl.noStore()).bodyValue(this.bridge.info());
	}

	/**
	 * Forget every paired controller and take a new identity.
	 * @param request the request
	 * @return the description after the reset
	 */
	public Mono<ServerResponse> resetPairings(ServerRequest request) {
		return Mono.fromCallable(() -> {
			this.bridge.resetPairings();
			return this.bridge.info();
		})
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((info) -> ServerResponse.ok().cacheControl(CacheControl.noStore()).bodyValue(info));
	}

}
