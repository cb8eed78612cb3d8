package dev.library.database;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import javax.net.ssl.SSLSocketFactory;

import org.springframework.boot.ssl.SslBundle;

/**
 * The TLS sockets of the JDBC connections Flyway opens (the platform's migrations), from
 * the same SSL bundle as the R2DBC connections. pgjdbc creates its {@code sslfactory} by
 * class name, with the connection's properties, so the bundle is registered here under a
 * random key that the JDBC URL carries as {@code sslfactoryarg}; the bundle is looked up
 * for each connection, so a reloaded one is used from the next.
 *
 * @author Library
 */
public class SslBundleSocketFactory extends SSLSocketFactory {

	private static final Map<String, Supplier<SslBundle>> bundles = new ConcurrentHashMap<>();

	private final SSLSocketFactory delegate;

	/**
	 * Called by pgjdbc with the connection's properties.
	 * @param properties the properties, with the registration key as
	 * {@code sslfactoryarg}
	 */
	public SslBundleSocketFactory(Properties properties) {
		String key = properties.getProperty("sslfactoryarg");
		Supplier<SslBundle> bundle = (key != null) ? bundles.get(key) : null;
		if (bundle == null) {
			throw new IllegalStateException("No SSL bundle registered for this JDBC connection");
		}
		this.delegate = bundle.get().createSslContext().getSocketFactory();
	}

	/**
	 * Register a bundle for JDBC connections.
	 * @param bundle supplies the bundle of the moment
	 * @return the key for {@code sslfactoryarg}
	 */
	static String register(Supplier<SslBundle> bundle) {
		String key = UUID.randomUUID().toString();
		bundles.put(key, bundle);
		return key;
	}

	@Override
	public String[] getDefaultCipherSuites() {
		return this.delegate.getDefaultCipherSuites();
	}

	@Override
	public String[] getSupportedCipherSuites() {
		return this.delegate.getSupportedCipherSuites();
	}

	@Override
	public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
		return this.delegate.createSocket(socket, host, port, autoClose);
	}

	@Override
	public Socket createSocket(String host, int port) throws IOException {
		return this.delegate.createSocket(host, port);
	}

	@Override
	public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
		return this.delegate.createSocket(host, port, localHost, localPort);
	}

	@Override
	public Socket createSocket(InetAddress host, int port) throws IOException {
		return this.delegate.createSocket(host, port);
	}

	@Override
	public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
			throws IOException {
		return this.delegate.createSocket(address, port, localAddress, localPort);
	}

}
