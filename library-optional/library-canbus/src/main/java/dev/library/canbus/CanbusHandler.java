package dev.library.canbus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import java.util.regex.Pattern;

import dev.library.adapters.spi.AdapterConfigurationException;
import dev.library.canbus.CanbusAdapter.BusStatistics;
import dev.library.canbus.CanbusAdapter.MessageStatistics;
import dev.library.canbus.dbc.Database;
import dev.library.canbus.dbc.DbcException;
import dev.library.canbus.dbc.DbcParser;
import dev.library.canbus.dbc.Message;
import dev.library.canbus.dbc.Signal;
import dev.library.core.web.InvalidParameterException;
import dev.library.core.web.ProblemException;
import dev.library.core.web.ProblemTypes;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Handles the CAN bus routes: the connected interfaces, the frames seen per id, the
 * loaded DBC databases and their upload.
 *
 * @author Library
 */
public class CanbusHandler {

	private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,200}");

	private final CanbusRegistry registry;

	private final DataSize maxDbcSize;

	/**
	 * Create the handler.
	 * @param registry the connected buses
	 * @param maxDbcSize the largest DBC file an upload may have
	 */
	public CanbusHandler(CanbusRegistry registry, DataSize maxDbcSize) {
		this.registry = registry;
		this.maxDbcSize = maxDbcSize;
	}

	/**
	 * {@code POST /canbus/dbc?adapter=&name=}: load a DBC file (the body) into a bus,
	 * replacing its database of the same name or adding one. Parsed off the event loop;
	 * the bus decodes with it from the next frame on.
	 * @param request the request
	 * @return the loaded database
	 */
	public Mono<ServerResponse> uploadDatabase(ServerRequest request) {
		String adapter = request.queryParam("adapter")
			.orElseThrow(() -> new InvalidParameterException("adapter", "Parameter 'adapter' is required"));
		String name = request.queryParam("name")
			.orElseThrow(() -> new InvalidParameterException("name",
					"Parameter 'name' (the file name, such as tesla_can.dbc) is required"));
		if (!FILE_NAME.matcher(name).matches()) {
			throw new InvalidParameterException("name",
					"Parameter 'name' must be a file name of letters, digits, '.', '_' and '-', not '" + name + "'");
		}
		CanbusAdapter bus = bus(adapter);
		int limit = (int) Math.min(Integer.MAX_VALUE, this.maxDbcSize.toBytes());
		return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), limit)
			.onErrorMap(DataBufferLimitException.class,
					(ex) -> new ProblemException(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE,
							"DBC file too large",
							"DBC file exceeds the limit of " + limit + " bytes (library.canbus.max-dbc-size)"))
			.map((buffer) -> {
				byte[] bytes = new byte[buffer.readableByteCount()];
				buffer.read(bytes);
				DataBufferUtils.release(buffer);
				return bytes;
			})
			.filter((bytes) -> bytes.length > 0)
			.switchIfEmpty(Mono.error(() -> new ProblemException(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_REQUEST,
					"Empty DBC file", "The request body holds no DBC file")))
			.publishOn(Schedulers.boundedElastic())
			.map((bytes) -> load(bus, name, bytes))
			.flatMap((database) -> ServerResponse.ok().bodyValue(DatabaseDescription.of(adapter, database)));
	}

	private static Database load(CanbusAdapter bus, String name, byte[] bytes) {
		Database database;
		try {
			database = DbcParser.parse(name, bytes);
		}
		catch (DbcException ex) {
			ProblemException problem = new ProblemException(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION_FAILED,
					"Invalid DBC file", ex.getMessage());
			problem.getBody().setProperty("file", ex.getSource());
			problem.getBody().setProperty("line", ex.getLine());
			problem.getBody().setProperty("column", ex.getColumn());
			throw problem;
		}
		try {
			bus.replaceDatabase(database);
		}
		catch (AdapterConfigurationException ex) {
			throw new ProblemException(HttpStatus.CONFLICT, ProblemTypes.CONFLICT,
					"DBC file does not fit the bus configuration", ex.getMessage());
		}
		return database;
	}

	/**
	 * {@code GET /canbus/interfaces}.
	 * @param request the request
	 * @return the interfaces with their counters
	 */
	public Mono<ServerResponse> interfaces(ServerRequest request) {
		List<BusStatistics> buses = this.registry.buses().stream().map(CanbusAdapter::statistics).toList();
		return ServerResponse.ok().bodyValue(buses);
	}

	/**
	 * {@code GET /canbus/messages?adapter=}.
	 * @param request the request
	 * @return per bus, the last frame, rate and decoded values of each id
	 */
	public Mono<ServerResponse> messages(ServerRequest request) {
		List<BusMessages> result = new ArrayList<>();
		for (CanbusAdapter bus : selected(request)) {
			result.add(new BusMessages(bus.getId(), bus.getInterfaceName(), bus.messages()));
		}
		return ServerResponse.ok().bodyValue(result);
	}

	/**
	 * {@code GET /canbus/dbc?adapter=}.
	 * @param request the request
	 * @return per bus, its databases with their messages and signals
	 */
	public Mono<ServerResponse> databases(ServerRequest request) {
		List<DatabaseDescription> result = new ArrayList<>();
		for (CanbusAdapter bus : selected(request)) {
			for (Database database : bus.getDatabases()) {
				result.add(DatabaseDescription.of(bus.getId(), database));
			}
		}
		return ServerResponse.ok().bodyValue(result);
	}

	private List<CanbusAdapter> selected(ServerRequest request) {
		String adapter = request.queryParam("adapter").orElse(null);
		if (adapter == null) {
			return this.registry.buses();
		}
		return List.of(bus(adapter));
	}

	private CanbusAdapter bus(String adapter) {
		CanbusAdapter bus = this.registry.bus(adapter);
		if (bus == null) {
			throw new ProblemException(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "CAN bus not found",
					"No CAN bus adapter '" + adapter + "' is connected");
		}
		return bus;
	}

	/**
	 * The frames seen on one bus.
	 *
	 * @param adapter the adapter instance id
	 * @param interfaceName the interface
	 * @param messages one entry per frame id
	 */
	public record BusMessages(String adapter, String interfaceName, List<MessageStatistics> messages) {

	}

	/**
	 * A loaded DBC database.
	 *
	 * @param adapter the adapter instance that loaded it
	 * @param name the database name (file name without extension)
	 * @param version its {@code VERSION}
	 * @param nodes its nodes
	 * @param messages its messages
	 */
	public record DatabaseDescription(String adapter, String name, String version, List<String> nodes,
			List<MessageDescription> messages) {

		static DatabaseDescription of(String adapter, Database database) {
			return new DatabaseDescription(adapter, database.getName(), database.getVersion(), database.getNodes(),
					database.getMessages().stream().map(MessageDescription::of).toList());
		}

	}

	/**
	 * A message of a DBC database.
	 *
	 * @param id the frame id
	 * @param extended whether the id is 29-bit
	 * @param name the name
	 * @param length the payload length in bytes
	 * @param senders the sending nodes
	 * @param cycleTimeMillis the cycle time, or {@code null}
	 * @param comment the comment, or {@code null}
	 * @param signals the signals
	 */
	public record MessageDescription(long id, boolean extended, String name, int length, List<String> senders,
			@Nullable Long cycleTimeMillis, @Nullable String comment, List<SignalDescription> signals) {

		static MessageDescription of(Message message) {
			return new MessageDescription(message.getFrameId(), message.isExtended(), message.getName(),
					message.getLength(), message.getSenders(),
					(message.getCycleTime() != null) ? message.getCycleTime().toMillis() : null, message.getComment(),
					message.getSignals().stream().map(SignalDescription::of).toList());
		}

	}

	/**
	 * A signal of a DBC message.
	 *
	 * @param name the name
	 * @param startBit the start bit
	 * @param length the length in bits
	 * @param byteOrder the byte order
	 * @param signed whether it is signed
	 * @param valueType integer, float or double
	 * @param factor the scale factor
	 * @param offset the offset
	 * @param minimum the minimum, or {@code null}
	 * @param maximum the maximum, or {@code null}
	 * @param unit the unit
	 * @param multiplexer the multiplexer signal that selects it, or {@code null}
	 * @param choices the named raw values
	 * @param comment the comment, or {@code null}
	 */
	public record SignalDescription(String name, int startBit, int length, String byteOrder, boolean signed,
			String valueType, double factor, double offset, @Nullable Double minimum, @Nullable Double maximum,
			String unit, @Nullable String multiplexer, Map<Long, String> choices, @Nullable String comment) {

		static SignalDescription of(Signal signal) {
			return new SignalDescription(signal.getName(), signal.getStartBit(), signal.getLength(),
					signal.getByteOrder().name(), signal.isSigned(), signal.getValueType().name(), signal.getFactor(),
					signal.getOffset(), signal.getMinimum(), signal.getMaximum(), signal.getUnit(),
					signal.getMultiplexerSignal(), new java.util.TreeMap<>(signal.getChoices()), signal.getComment());
		}

	}

}
