package dev.library.canbus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.library.canbus.CanbusAdapter.BusStatistics;
import dev.library.canbus.CanbusAdapter.MessageStatistics;
import dev.library.canbus.dbc.Database;
import dev.library.canbus.dbc.Message;
import dev.library.canbus.dbc.Signal;
import dev.library.core.web.ProblemException;
import dev.library.core.web.ProblemTypes;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Handles the CAN bus routes: the connected interfaces, the frames seen per id, and the
 * loaded DBC databases.
 *
 * @author Library
 */
public class CanbusHandler {

	private final CanbusRegistry registry;

	/**
	 * Create the handler.
	 * @param registry the connected buses
	 */
	public CanbusHandler(CanbusRegistry registry) {
		this.registry = registry;
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
		CanbusAdapter bus = this.registry.bus(adapter);
		if (bus == null) {
			throw new ProblemException(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "CAN bus not found",
					"No CAN bus adapter '" + adapter + "' is connected");
		}
		return List.of(bus);
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
