package dev.library.security.tls;

import java.net.URI;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import javax.net.ssl.SSLException;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.client.reactive.ClientHttpResponse;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;

/**
 * A {@link ClientHttpConnector} for {@code WebClient} whose TLS comes from a Spring Boot
 * SSL bundle: the bundle's trust material verifies the server, its key material (when it
 * has some) is presented as the client certificate, and its protocols and ciphers apply.
 * When the bundle is reloaded (cert-manager rotated the PEM files), new connections use
 * the new material; no restart, no rebuilt client.
 *
 * @author Library
 */
public final class SslBundleClientHttpConnector implements ClientHttpConnector {

	private static final Log logger = LogFactory.getLog(SslBundleClientHttpConnector.class);

	private final String bundleName;

	private final HttpClient httpClient;

	private final AtomicReference<ClientHttpConnector> current = new AtomicReference<>();

	/**
	 * Create a connector that follows a bundle.
	 * @param bundles the registered bundles
	 * @param bundleName the bundle's name ({@code spring.ssl.bundle.pem.<name>} or
	 * {@code jks.<name>})
	 * @param httpClient the Reactor Netty client to secure (timeouts, pooling)
	 * @throws org.springframework.boot.ssl.NoSuchSslBundleException if there is no such
	 * bundle
	 */
	public SslBundleClientHttpConnector(SslBundles bundles, String bundleName, HttpClient httpClient) {
		this.bundleName = bundleName;
		this.httpClient = httpClient;
		this.current.set(connector(bundles.getBundle(bundleName)));
		bundles.addBundleUpdateHandler(bundleName, this::reloaded);
	}

	private void reloaded(SslBundle updated) {
		try {
			this.current.set(connector(updated));
		}
		catch (RuntimeException ex) {
			logger.error("Kept the previous TLS material: " + ex.getMessage());
		}
	}

	@Override
	public Mono<ClientHttpResponse> connect(HttpMethod method, URI uri,
			Function<? super ClientHttpRequest, Mono<Void>> requestCallback) {
		return this.current.get().connect(method, uri, requestCallback);
	}

	private ClientHttpConnector connector(SslBundle bundle) {
		SslContext context = sslContext(bundle);
		return new ReactorClientHttpConnector(this.httpClient.secure((spec) -> spec.sslContext(context)));
	}

	private SslContext sslContext(SslBundle bundle) {
		SslContextBuilder builder = SslContextBuilder.forClient()
			.trustManager(bundle.getManagers().getTrustManagerFactory());
		if (bundle.getStores().getKeyStore() != null) {
			builder.keyManager(bundle.getManagers().getKeyManagerFactory());
		}
		SslOptions options = bundle.getOptions();
		if (options.getEnabledProtocols() != null) {
			builder.protocols(options.getEnabledProtocols());
		}
		if (options.getCiphers() != null) {
			builder.ciphers(Arrays.asList(options.getCiphers()));
		}
		try {
			return builder.build();
		}
		catch (SSLException ex) {
			throw new IllegalStateException(
					"SSL bundle '" + this.bundleName + "' cannot make a TLS client context: " + ex.getMessage(), ex);
		}
	}

	@Override
	public String toString() {
		return "TLS from SSL bundle '" + this.bundleName + "'";
	}

}
