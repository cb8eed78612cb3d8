package dev.library.i2c;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import dev.library.core.web.ProblemException;
import dev.library.core.web.ProblemTypes;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.HttpStatus;

/**
 * Scans an I2C bus for commissioning, as {@code i2cdetect -r} does: a one-byte read at
 * each address from 0x08 to 0x77, through the {@link SharedI2cBus shared bus} so that it
 * takes its turn with the running instances. A chip that an instance has open and that
 * answered its last transaction is not probed (a stray read could disturb it); it is
 * reported from that transaction. The result also names the configured chips that did not
 * answer. The probes block, so the scan runs on the bounded elastic scheduler.
 *
 * @author Library
 */
public class I2cBusScanner {

	static final int FIRST_ADDRESS = 0x08;

	static final int LAST_ADDRESS = 0x77;

	private final Context context;

	private final String providerId;

	private final I2cBuses buses;

	private final Duration timeout;

	/**
	 * Create a scanner.
	 * @param context the Pi4J context
	 * @param providerId the Pi4J I2C provider the adapters use
	 * @param buses the buses in use, whose shared buses the probes go through
	 * @param timeout how long one probe may take
	 */
	public I2cBusScanner(Context context, String providerId, I2cBuses buses, Duration timeout) {
		this.context = context;
		this.providerId = providerId;
		this.buses = buses;
		this.timeout = timeout;
	}

	/**
	 * Scan a bus.
	 * @param bus the bus number ({@code /dev/i2c-N})
	 * @return what answered
	 */
	public Mono<Scan> scan(int bus) {
		return Mono.fromCallable(() -> scanNow(bus)).subscribeOn(Schedulers.boundedElastic());
	}

	private Scan scanNow(int bus) {
		if (this.providerId.startsWith("linuxfs") && !Files.exists(Path.of("/dev/i2c-" + bus))) {
			throw new BusNotFoundException(bus);
		}
		Map<Integer, Owner> configured = new TreeMap<>();
		for (I2cBusAdapter adapter : this.buses.on(bus)) {
			adapter.chipsByAddress()
				.forEach((address, chip) -> configured.put(address, new Owner(adapter.instance(), chip)));
		}
		List<Found> found = new ArrayList<>();
		List<Missing> missing = new ArrayList<>();
		for (int address = FIRST_ADDRESS; address <= LAST_ADDRESS; address++) {
			Owner owner = configured.get(address);
			boolean answers = owner != null && owner.chip().answers();
			boolean answered = answers || probe(bus, address);
			if (answered) {
				found.add(new Found(ChannelAddress.hex(address), !answers, (owner != null) ? owner.chip().name() : null,
						(owner != null) ? owner.instance() : null));
			}
			else if (owner != null) {
				missing.add(new Missing(ChannelAddress.hex(address), owner.chip().name(), owner.instance()));
			}
		}
		return new Scan(bus, ChannelAddress.hex(FIRST_ADDRESS) + "-" + ChannelAddress.hex(LAST_ADDRESS), found,
				missing);
	}

	private boolean probe(int bus, int address) {
		String id = "library-i2c-scan-" + bus + "-" + ChannelAddress.hex(address);
		try {
			I2C i2c = this.context.create(I2C.newConfigBuilder(this.context)
				.id(id)
				.name("scan of bus " + bus)
				.bus(bus)
				.device(address)
				.provider(this.providerId)
				.build());
			try {
				return this.buses.shared(bus)
					.execute("probe of " + ChannelAddress.hex(address) + " on bus " + bus, this.timeout,
							() -> i2c.read() >= 0);
			}
			finally {
				i2c.close();
				if (this.context.registry().exists(id)) {
					this.context.shutdown(id);
				}
			}
		}
		catch (RuntimeException ex) {
			// No ACK, a bus error or a probe that timed out: nothing answers there
			return false;
		}
	}

	private record Owner(String instance, Chip chip) {

	}

	/**
	 * The result of a scan.
	 *
	 * @param bus the bus number
	 * @param range the addresses probed
	 * @param found the addresses that answered, in order
	 * @param missing configured chips that did not answer
	 */
	public record Scan(int bus, String range, List<Found> found, List<Missing> missing) {

	}

	/**
	 * An address that answered.
	 *
	 * @param address the address, such as {@code 0x20}
	 * @param probed whether the scan probed it; {@code false} for a chip an instance has
	 * open, which answered its last transaction
	 * @param chip the chip configured there, if any
	 * @param instance the instance the chip belongs to, if any
	 */
	public record Found(String address, boolean probed, @Nullable String chip, @Nullable String instance) {

	}

	/**
	 * A configured chip that did not answer.
	 *
	 * @param address its address
	 * @param chip the chip
	 * @param instance the instance it belongs to
	 */
	public record Missing(String address, String chip, String instance) {

	}

	/**
	 * No device file for the bus on this machine: rendered as a 404 problem.
	 */
	static class BusNotFoundException extends ProblemException {

		BusNotFoundException(int bus) {
			super(HttpStatus.NOT_FOUND, ProblemTypes.of("i2c-bus-not-found"), "I2C bus not found",
					"This machine has no /dev/i2c-" + bus + " (is the bus enabled in config.txt?)");
			getBody().setProperty("bus", bus);
		}

	}

}
