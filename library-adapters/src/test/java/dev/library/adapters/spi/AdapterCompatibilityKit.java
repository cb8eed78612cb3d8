package dev.library.adapters.spi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The contract every {@link AdapterProvider} and its {@link Adapter} must meet, as
 * Micrometer's {@code MeterRegistryCompatibilityKit}: extend it in the adapter's tests
 * (the class is in the {@code library-adapters} test jar, classifier {@code tests}) and
 * supply a provider and a configuration with at least one input and one output.
 *
 * @author Library
 */
public abstract class AdapterCompatibilityKit {

	private final List<Adapter> created = new ArrayList<>();

	/**
	 * Return the provider under test.
	 * @return the provider
	 */
	protected abstract AdapterProvider provider();

	/**
	 * Return a configuration the provider accepts, with at least one readable input and
	 * one output; every point must be reachable once connected.
	 * @return the configuration
	 */
	protected abstract AdapterConfig config();

	/**
	 * Return a configuration the provider must refuse, such as one with an address its
	 * devices do not have.
	 * @return the configuration
	 */
	protected abstract AdapterConfig invalidConfig();

	/**
	 * Return a raw value, other than the safe value, that the output accepts.
	 * @param point the output
	 * @return the value
	 */
	protected Object sampleValue(PointConfig point) {
		return switch (point.dataType()) {
			case BOOLEAN -> !Boolean.TRUE.equals(point.safeValue());
			case INTEGER -> (point.maximum() != null) ? point.maximum().longValue() : 42L;
			case FLOAT -> (point.maximum() != null) ? point.maximum() / 2 : 12.5;
			case STRING -> "kit";
		};
	}

	@AfterEach
	void closeAdapters() {
		this.created.forEach(Adapter::close);
	}

	@Test
	void typeIsALowerCaseNameWithADescription() {
		assertThat(provider().type()).matches("[a-z][a-z0-9-]*");
		assertThat(provider().description()).isNotBlank();
	}

	@Test
	void createdAdapterIsNotConnected() {
		assertThat(create().isConnected()).isFalse();
	}

	@Test
	void invalidConfigurationIsRefusedWithAMessage() {
		assertThatExceptionOfType(AdapterConfigurationException.class)
			.isThrownBy(() -> provider().create(invalidConfig()))
			.withMessageContaining(invalidConfig().id());
	}

	@Test
	void readBeforeConnectFailsWithAnAdapterException() {
		Adapter adapter = create();
		assertThatExceptionOfType(AdapterException.class).isThrownBy(() -> adapter.read(input()));
	}

	@Test
	void everyPointReadsAsItsDataType() {
		Adapter adapter = connected();
		for (PointConfig point : config().points()) {
			assertThat(adapter.read(point)).as(point.id()).isInstanceOf(javaType(point.dataType()));
		}
	}

	@Test
	void everyOutputReadsBackWhatWasWritten() {
		Adapter adapter = connected();
		for (PointConfig output : outputs()) {
			Object value = sampleValue(output);
			adapter.write(output, value);
			assertThat(adapter.read(output)).as(output.id()).isEqualTo(value);
			adapter.write(output, output.safeValue());
			assertThat(adapter.read(output)).as(output.id()).isEqualTo(output.safeValue());
		}
	}

	@Test
	void closeDisconnectsIsIdempotentAndAllowsConnectingAgain() {
		Adapter adapter = connected();
		adapter.close();
		adapter.close();
		assertThat(adapter.isConnected()).isFalse();
		assertThatExceptionOfType(AdapterException.class).isThrownBy(() -> adapter.read(input()));
		adapter.connect();
		assertThat(adapter.isConnected()).isTrue();
		assertThat(adapter.read(input())).isInstanceOf(javaType(input().dataType()));
	}

	@Test
	void readingSourceDeliversReadingsOfEventDrivenPoints() {
		Adapter adapter = connected();
		if (!(adapter instanceof ReadingSource source)) {
			assertThat(config().points()).as("points without a poll interval need a ReadingSource adapter")
				.allMatch((point) -> point.pollInterval() != null);
			return;
		}
		List<String> readings = new CopyOnWriteArrayList<>();
		source.subscribe((point, value) -> {
			assertThat(value).isInstanceOf(javaType(point.dataType()));
			readings.add(point.id());
		});
		List<PointConfig> eventOutputs = outputs().stream().filter((point) -> point.pollInterval() == null).toList();
		eventOutputs.forEach((output) -> adapter.write(output, sampleValue(output)));
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(readings).containsAll(eventOutputs.stream().map(PointConfig::id).toList()));
	}

	@Test
	void watchdogCanBeArmedAndFedWhileConnected() {
		Adapter adapter = connected();
		if (adapter instanceof Watchdog watchdog) {
			watchdog.arm(Duration.ofSeconds(5));
			watchdog.feed();
			adapter.close();
			assertThatExceptionOfType(AdapterException.class).isThrownBy(watchdog::feed);
		}
	}

	/**
	 * Return a new adapter of {@link #config()}, closed after the test.
	 * @return the adapter
	 */
	protected Adapter create() {
		Adapter adapter = provider().create(config());
		this.created.add(adapter);
		return adapter;
	}

	private Adapter connected() {
		Adapter adapter = create();
		adapter.connect();
		assertThat(adapter.isConnected()).isTrue();
		return adapter;
	}

	private PointConfig input() {
		return config().points().stream().filter((point) -> !point.writable()).findFirst().orElseThrow();
	}

	private List<PointConfig> outputs() {
		List<PointConfig> outputs = config().points().stream().filter(PointConfig::writable).toList();
		assertThat(outputs).as("outputs of the configuration").isNotEmpty();
		return outputs;
	}

	private static Class<?> javaType(DataType type) {
		return switch (type) {
			case BOOLEAN -> Boolean.class;
			case INTEGER -> Long.class;
			case FLOAT -> Double.class;
			case STRING -> String.class;
		};
	}

}
