package dev.library.mtls;

import dev.library.core.component.ComponentDescriptor;
import dev.library.core.component.LibraryComponent;
import org.jspecify.annotations.Nullable;

/**
 * The mtls component: starts and stops publishing the days left of the server
 * certificate, when the server runs with the component's SSL bundle.
 *
 * @author Library
 */
public class MtlsComponent implements LibraryComponent {

	private static final ComponentDescriptor DESCRIPTOR = ComponentDescriptor.optional("mtls")
		.description("Mutual TLS with certificates rotated by cert-manager")
		.dependsOn("secrets", "state")
		.build();

	private final @Nullable ServerCertificateValidity validity;

	/**
	 * Create the component.
	 * @param validity publishes the days left, or {@code null} when the server does not
	 * run with the component's bundle
	 */
	public MtlsComponent(@Nullable ServerCertificateValidity validity) {
		this.validity = validity;
	}

	@Override
	public ComponentDescriptor descriptor() {
		return DESCRIPTOR;
	}

	@Override
	public void start() {
		if (this.validity != null) {
			this.validity.start();
		}
	}

	@Override
	public void stop() {
		if (this.validity != null) {
			this.validity.stop();
		}
	}

}
