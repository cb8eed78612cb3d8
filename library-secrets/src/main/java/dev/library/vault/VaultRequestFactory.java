package dev.library.vault;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

import javax.net.ssl.SSLParameters;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;

/**
 * Requests to Vault over the JDK HTTP client, with TLS from a Spring Boot SSL bundle when
 * one is named (its truststore verifies Vault, its keystore, if any, is the client
 * certificate), else from the JVM's trust store. When the bundle is reloaded (its files
 * renewed), requests from then on use a client built from the new material; requests in
 * flight finish on the old one.
 *
 * @author Library
 */
public final class VaultRequestFactory implements ClientHttpRequestFactory {

	private static final Logger logger = LoggerFactory.getLogger(VaultRequestFactory.class);

	private final Duration connectTimeout;

	private final Duration readTimeout;

	private volatile Client client;

	/**
	 * Create the factory.
	 * @param connectTimeout the timeout of connecting to Vault
	 * @param readTimeout the timeout of reading Vault's answer
	 * @param bundle the SSL bundle, or {@code null} for the JVM's trust store
	 */
	public VaultRequestFactory(Duration connectTimeout, Duration readTimeout, @Nullable SslBundle bundle) {
		this.connectTimeout = connectTimeout;
		this.readTimeout = readTimeout;
		this.client = client(bundle);
	}

	@Override
	public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) throws IOException {
		return this.client.requests.createRequest(uri, httpMethod);
	}

	/**
	 * Use the reloaded material of the bundle for the requests from now on.
	 * @param bundle the bundle as reloaded
	 */
	public void reload(SslBundle bundle) {
		Client previous = this.client;
		this.client = client(bundle);
		previous.http.shutdown();
		logger.info("Vault TLS material reloaded from its SSL bundle");
	}

	private Client client(@Nullable SslBundle bundle) {
		HttpClient.Builder builder = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(this.connectTimeout);
		if (bundle != null) {
			builder.sslContext(bundle.createSslContext());
			SslOptions options = bundle.getOptions();
			if (options.getEnabledProtocols() != null || options.getCiphers() != null) {
				SSLParameters parameters = new SSLParameters();
				parameters.setProtocols(options.getEnabledProtocols());
				parameters.setCipherSuites(options.getCiphers());
				builder.sslParameters(parameters);
			}
		}
		HttpClient http = builder.build();
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
		requests.setReadTimeout(this.readTimeout);
		return new Client(http, requests);
	}

	private record Client(HttpClient http, JdkClientHttpRequestFactory requests) {

	}

}
