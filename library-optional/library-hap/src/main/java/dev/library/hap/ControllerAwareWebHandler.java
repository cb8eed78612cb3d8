package dev.library.hap;

import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;

import io.github.hapjava.server.HomekitWebHandler;
import io.github.hapjava.server.impl.http.HomekitClientConnectionFactory;
import io.github.hapjava.server.impl.http.impl.HomekitHttpServer;
import org.jspecify.annotations.Nullable;

/**
 * hap-java's HTTP server, with each connection wrapped in a {@link ControllerConnection}
 * and the port it bound to kept (for port 0).
 *
 * @author Library
 */
final class ControllerAwareWebHandler implements HomekitWebHandler {

	private final HomekitHttpServer server;

	private final CompletableFuture<Integer> bound = new CompletableFuture<>();

	ControllerAwareWebHandler(@Nullable InetAddress address, int port, int threads) {
		this.server = new HomekitHttpServer(address, port, threads);
	}

	@Override
	public CompletableFuture<Integer> start(HomekitClientConnectionFactory factory) {
		CompletableFuture<Integer> port = this.server
			.start((callback) -> new ControllerConnection(factory.createConnection(callback)));
		port.whenComplete((value, ex) -> {
			if (ex != null) {
				this.bound.completeExceptionally(ex);
			}
			else {
				this.bound.complete(value);
			}
		});
		return port;
	}

	CompletableFuture<Integer> bound() {
		return this.bound;
	}

	@Override
	public void stop() {
		this.server.stop();
	}

	@Override
	public void resetConnections() {
		this.server.resetConnections();
	}

}
