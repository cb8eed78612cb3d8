package dev.library.adapters.spi;

import java.util.List;

/**
 * An adapter type: creates the {@link Adapter} of each configured instance of the type,
 * as a PLC4X driver creates connections or an EdgeX device service serves its devices.
 * <p>
 * Providers are discovered as Spring beans and through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.library.adapters.spi.AdapterProvider}), so a jar on the
 * class path adds a type without a change to the platform. Two providers of one type stop
 * the start-up.
 *
 * @author Library
 */
public interface AdapterProvider {

	/**
	 * Return the name of the type, as instances name it in
	 * {@code library.adapters.instances[].type}: lower case, such as {@code virtual}.
	 * @return the type name
	 */
	String type();

	/**
	 * Return a one-line description of the type for {@code GET /adapters}.
	 * @return the description
	 */
	default String description() {
		return type();
	}

	/**
	 * Create the adapter of one instance. Must not do I/O: the platform calls
	 * {@link Adapter#connect()} on a thread of the instance's own.
	 * @param config the instance's configuration, already checked by the platform for
	 * ids, data types and limits
	 * @return the adapter, not yet connected
	 * @throws AdapterConfigurationException if the settings or point addresses are not
	 * valid for this type; the message names the setting or point and is shown at
	 * start-up
	 */
	Adapter create(AdapterConfig config) throws AdapterConfigurationException;

	/**
	 * Check the instances of this type together, for what no single instance shows: two
	 * instances on one bus that drive one address, or one pin claimed by two instances.
	 * Called after {@link #create(AdapterConfig)} succeeded for each of them, at start-up
	 * and for each new version of the configuration. Must not do I/O.
	 * @param configs the configurations of every instance of this type, enabled or not
	 * @throws AdapterConfigurationException naming the instances and what they share
	 */
	default void checkInstances(List<AdapterConfig> configs) throws AdapterConfigurationException {
	}

}
