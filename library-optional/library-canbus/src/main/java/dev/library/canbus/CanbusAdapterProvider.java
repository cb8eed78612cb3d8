package dev.library.canbus;

import dev.library.adapters.spi.Adapter;
import dev.library.adapters.spi.AdapterConfig;
import dev.library.adapters.spi.AdapterProvider;
import dev.library.canbus.CanbusSettings.CanbusDefaults;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Base of the CAN bus adapter types: each type makes its transport from the instance's
 * settings; the bus, its DBC databases, publishing, liveness and writes are shared.
 *
 * @author Library
 */
public abstract class CanbusAdapterProvider implements AdapterProvider {

	private final SignalPublisher publisher;

	private final @Nullable MeterRegistry meterRegistry;

	private final CanbusDefaults defaults;

	private final CanbusRegistry registry;

	private StateValueSource valueSource = StateValueSource.none();

	/**
	 * Create the provider.
	 * @param publisher where decoded signals go
	 * @param meterRegistry where meters go, or {@code null}
	 * @param defaults the defaults of {@code library.canbus.*}
	 * @param registry the registry connected buses join
	 */
	protected CanbusAdapterProvider(SignalPublisher publisher, @Nullable MeterRegistry meterRegistry,
			CanbusDefaults defaults, CanbusRegistry registry) {
		this.publisher = publisher;
		this.meterRegistry = meterRegistry;
		this.defaults = defaults;
		this.registry = registry;
	}

	@Override
	public Adapter create(AdapterConfig config) {
		CanbusSettings settings = CanbusSettings.of(config, this.defaults);
		CanTransport transport = createTransport(config, settings);
		CanbusAdapter adapter = new CanbusAdapter(config, settings, transport, type(), this.publisher,
				this.meterRegistry, this.defaults);
		adapter.setRegistry(this.registry);
		adapter.setValueSource(this.valueSource);
		return adapter;
	}

	/**
	 * Set where cyclic sends read the signals they take from state keys.
	 * @param valueSource the source
	 */
	public void setValueSource(StateValueSource valueSource) {
		this.valueSource = valueSource;
	}

	/**
	 * Create the transport of an instance. Must not do I/O.
	 * @param config the instance configuration
	 * @param settings the shared settings
	 * @return the transport, not yet open
	 * @throws dev.library.adapters.spi.AdapterConfigurationException naming a wrong
	 * setting
	 */
	protected abstract CanTransport createTransport(AdapterConfig config, CanbusSettings settings);

}
