package dev.library.mtls;

import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * The server's SSL bundle as it is now: Spring Boot reloads it when its PEM files change
 * on disk (cert-manager rotating the certificate), and this class keeps the latest one
 * and when it came.
 *
 * @author Library
 */
public class ServerCertificates {

	private final String bundleName;

	private final Clock clock;

	private volatile SslBundle bundle;

	private volatile @Nullable Instant lastReload;

	private final List<Runnable> reloadListeners = new CopyOnWriteArrayList<>();

	/**
	 * Follow a bundle.
	 * @param bundles the registered bundles
	 * @param bundleName the name of the server's bundle
	 * @param clock the clock
	 */
	public ServerCertificates(SslBundles bundles, String bundleName, Clock clock) {
		this.bundleName = bundleName;
		this.clock = clock;
		this.bundle = bundles.getBundle(bundleName);
		bundles.addBundleUpdateHandler(bundleName, (updated) -> {
			this.bundle = updated;
			this.lastReload = Instant.now(this.clock);
			this.reloadListeners.forEach(Runnable::run);
		});
	}

	/**
	 * Call a listener after each reload of the bundle, once the new bundle is in place.
	 * @param listener the listener
	 */
	public void addReloadListener(Runnable listener) {
		this.reloadListeners.add(listener);
	}

	/**
	 * Return the bundle's name.
	 * @return the name
	 */
	public String bundleName() {
		return this.bundleName;
	}

	/**
	 * Return the bundle as it is now.
	 * @return the latest bundle
	 */
	public SslBundle bundle() {
		return this.bundle;
	}

	/**
	 * Return when the bundle was last reloaded.
	 * @return the time, or {@code null} when it was not reloaded since start-up
	 */
	public @Nullable Instant lastReload() {
		return this.lastReload;
	}

	/**
	 * Return the server's certificate, first of its chain.
	 * @return the certificate, or {@code null} when the bundle holds none
	 */
	public @Nullable X509Certificate serverCertificate() {
		KeyStore keyStore = this.bundle.getStores().getKeyStore();
		if (keyStore == null) {
			return null;
		}
		try {
			String alias = this.bundle.getKey().getAlias();
			if (alias == null) {
				alias = Collections.list(keyStore.aliases()).stream().findFirst().orElse(null);
			}
			Certificate certificate = (alias != null) ? keyStore.getCertificate(alias) : null;
			return (certificate instanceof X509Certificate x509) ? x509 : null;
		}
		catch (KeyStoreException ex) {
			return null;
		}
	}

	/**
	 * Return the CA certificates that client certificates must chain to.
	 * @return the trusted certificates, empty when the bundle trusts none
	 */
	public List<X509Certificate> trustedCertificates() {
		KeyStore trustStore = this.bundle.getStores().getTrustStore();
		List<X509Certificate> trusted = new ArrayList<>();
		if (trustStore == null) {
			return trusted;
		}
		try {
			for (String alias : Collections.list(trustStore.aliases())) {
				if (trustStore.getCertificate(alias) instanceof X509Certificate certificate) {
					trusted.add(certificate);
				}
			}
		}
		catch (KeyStoreException ex) {
			return List.of();
		}
		return trusted;
	}

}
