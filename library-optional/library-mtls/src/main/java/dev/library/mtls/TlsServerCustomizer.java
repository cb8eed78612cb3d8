package dev.library.mtls;

import java.util.Set;

import io.netty.handler.ssl.ClientAuth;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.server.HttpServer;
import reactor.netty.tcp.AbstractProtocolSslContextSpec;
import reactor.netty.tcp.SslProvider;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.web.server.Ssl;

/**
 * Sets up TLS on the Netty server from the server's {@link ServerCertificates SSL bundle}
 * for every new connection, so that a rotated certificate is presented on the next
 * handshake without a restart, and so that client authentication can be switched to
 * {@code need} at run time. Replaces the TLS set-up of Spring Boot's own customizer,
 * whose client authentication is fixed at start-up.
 *
 * @author Library
 */
public class TlsServerCustomizer implements NettyServerCustomizer {

	private final ServerCertificates certificates;

	private final boolean http2;

	private volatile Ssl.ClientAuth clientAuth;

	private @Nullable Built built;

	/**
	 * Create a customizer.
	 * @param certificates the server's bundle
	 * @param clientAuth the client authentication at start-up
	 * @param http2 whether HTTP/2 is enabled
	 */
	public TlsServerCustomizer(ServerCertificates certificates, Ssl.ClientAuth clientAuth, boolean http2) {
		this.certificates = certificates;
		this.clientAuth = clientAuth;
		this.http2 = http2;
	}

	@Override
	public HttpServer apply(HttpServer server) {
		// A handshake without SNI is mapped too (with a null name), so every connection
		// gets the provider of the moment.
		return server.secure((spec) -> spec.sslContext(provider().getSslContext())
			.setSniAsyncMappings((serverName, promise) -> promise.setSuccess(provider())));
	}

	/**
	 * Return the client authentication of new connections.
	 * @return the mode
	 */
	public Ssl.ClientAuth clientAuth() {
		return this.clientAuth;
	}

	/**
	 * Require a client certificate on every new connection from now on. Connections
	 * already open keep the mode of their handshake.
	 * @return whether the mode changed
	 */
	public synchronized boolean requireClientCertificates() {
		if (this.clientAuth == Ssl.ClientAuth.NEED) {
			return false;
		}
		this.clientAuth = Ssl.ClientAuth.NEED;
		return true;
	}

	/**
	 * Return the provider for the bundle and mode of the moment, built again when either
	 * changed.
	 * @return the provider
	 */
	synchronized SslProvider provider() {
		SslBundle bundle = this.certificates.bundle();
		Ssl.ClientAuth mode = this.clientAuth;
		Built current = this.built;
		if (current == null || current.bundle() != bundle || current.clientAuth() != mode) {
			current = new Built(bundle, mode, SslProvider.builder().sslContext(contextSpec(bundle, mode)).build());
			this.built = current;
		}
		return current.provider();
	}

	private AbstractProtocolSslContextSpec<?> contextSpec(SslBundle bundle, Ssl.ClientAuth mode) {
		AbstractProtocolSslContextSpec<?> spec = this.http2
				? Http2SslContextSpec.forServer(bundle.getManagers().getKeyManagerFactory())
				: Http11SslContextSpec.forServer(bundle.getManagers().getKeyManagerFactory());
		return spec.configure((builder) -> {
			builder.trustManager(bundle.getManagers().getTrustManagerFactory());
			SslOptions options = bundle.getOptions();
			if (options.getEnabledProtocols() != null) {
				builder.protocols(options.getEnabledProtocols());
			}
			Set<String> ciphers = SslOptions.asSet(options.getCiphers());
			if (ciphers != null) {
				builder.ciphers(ciphers);
			}
			builder.clientAuth(switch (mode) {
				case NONE -> ClientAuth.NONE;
				case WANT -> ClientAuth.OPTIONAL;
				case NEED -> ClientAuth.REQUIRE;
			});
		});
	}

	private record Built(SslBundle bundle, Ssl.ClientAuth clientAuth, SslProvider provider) {

	}

}
