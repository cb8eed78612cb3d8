package dev.library.database;

import java.util.Arrays;

import io.netty.handler.ssl.SslContextBuilder;
import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import io.r2dbc.postgresql.client.SSLMode;
import io.r2dbc.spi.ConnectionFactoryOptions;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslManagerBundle;
import org.springframework.boot.ssl.SslOptions;

/**
 * TLS to PostgreSQL from a Spring Boot SSL bundle, as the platform's other clients have
 * it: the R2DBC driver takes trust and key material only as files or through a customizer
 * of Netty's {@link SslContextBuilder}, so the bundle's managers are handed to it there;
 * Flyway's JDBC connections get the same through {@link SslBundleSocketFactory}. The
 * bundle is looked up for every new connection, so a reloaded one (rotated certificates)
 * is used from the next connection.
 *
 * @author Library
 */
public final class SslBundleConnectionOptions {

	private SslBundleConnectionOptions() {
	}

	/**
	 * Add TLS from a bundle to connection options: {@code verify-full} unless the options
	 * (the URL) name an SSL mode already.
	 * @param options the options
	 * @param bundleName the bundle's name
	 * @param bundles the bundles
	 * @return the options with TLS
	 * @throws org.springframework.boot.ssl.NoSuchSslBundleException if there is no such
	 * bundle
	 */
	public static ConnectionFactoryOptions withBundle(ConnectionFactoryOptions options, String bundleName,
			SslBundles bundles) {
		bundles.getBundle(bundleName);
		ConnectionFactoryOptions.Builder builder = options.mutate()
			.option(PostgresqlConnectionFactoryProvider.SSL_CONTEXT_BUILDER_CUSTOMIZER,
					(sslContext) -> customize(sslContext, bundles.getBundle(bundleName)));
		if (!options.hasOption(PostgresqlConnectionFactoryProvider.SSL_MODE)
				&& !options.hasOption(PostgresqlConnectionFactoryProvider.SSL_MODE_ALIAS)) {
			builder.option(PostgresqlConnectionFactoryProvider.SSL_MODE, SSLMode.VERIFY_FULL);
		}
		return builder.build();
	}

	/**
	 * The JDBC URL parameters for the same TLS (Flyway's connections): {@code
	 * verify-full} with the bundle's trust and key material, through
	 * {@link SslBundleSocketFactory}.
	 * @param bundleName the bundle's name
	 * @param bundles the bundles
	 * @return the query parameters
	 * @throws org.springframework.boot.ssl.NoSuchSslBundleException if there is no such
	 * bundle
	 */
	public static String jdbcParameters(String bundleName, SslBundles bundles) {
		bundles.getBundle(bundleName);
		String key = SslBundleSocketFactory.register(() -> bundles.getBundle(bundleName));
		return "sslmode=verify-full&sslfactory=" + SslBundleSocketFactory.class.getName() + "&sslfactoryarg=" + key;
	}

	static SslContextBuilder customize(SslContextBuilder sslContext, SslBundle bundle) {
		SslManagerBundle managers = bundle.getManagers();
		sslContext.trustManager(managers.getTrustManagerFactory());
		if (bundle.getStores().getKeyStore() != null) {
			sslContext.keyManager(managers.getKeyManagerFactory());
		}
		SslOptions sslOptions = bundle.getOptions();
		if (sslOptions.getEnabledProtocols() != null) {
			sslContext.protocols(sslOptions.getEnabledProtocols());
		}
		if (sslOptions.getCiphers() != null) {
			sslContext.ciphers(Arrays.asList(sslOptions.getCiphers()));
		}
		return sslContext;
	}

}
