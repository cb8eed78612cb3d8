package dev.library.canbus.dbc;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A DBC database: its nodes, messages and attributes. Immutable; read one with
 * {@link DbcParser}.
 *
 * @author Library
 */
public final class Database {

	private static final String INDEPENDENT_SIGNALS = "VECTOR__INDEPENDENT_SIG_MSG";

	private final String name;

	private final String version;

	private final List<String> nodes;

	private final List<Message> messages;

	private final Map<Long, Message> messagesByKey = new HashMap<>();

	private final Map<String, Message> messagesByName = new LinkedHashMap<>();

	private final Map<Integer, Message> messagesByPgn = new HashMap<>();

	private final Map<String, Map<Long, String>> valueTables;

	private final Map<String, Object> attributes;

	Database(String name, String version, List<String> nodes, List<Message> messages,
			Map<String, Map<Long, String>> valueTables, Map<String, Object> attributes) {
		this.name = name;
		this.version = version;
		this.nodes = List.copyOf(nodes);
		this.messages = List.copyOf(messages);
		this.valueTables = Map.copyOf(valueTables);
		this.attributes = Map.copyOf(attributes);
		for (Message message : messages) {
			this.messagesByName.putIfAbsent(message.getName(), message);
			// Vector's pseudo-message for signals without a message is not a frame.
			if (!INDEPENDENT_SIGNALS.equals(message.getName())) {
				this.messagesByKey.putIfAbsent(key(message.getFrameId(), message.isExtended()), message);
				if (message.isExtended()) {
					this.messagesByPgn.putIfAbsent(J1939Id.of(message.getFrameId()).pgn(), message);
				}
			}
		}
	}

	private static long key(long frameId, boolean extended) {
		return extended ? (frameId | 0x1_0000_0000L) : frameId;
	}

	/**
	 * Return the name of the database (its file name without extension).
	 * @return the name
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * Return the {@code VERSION} string, empty if none.
	 * @return the version
	 */
	public String getVersion() {
		return this.version;
	}

	/**
	 * Return the nodes ({@code BU_}).
	 * @return the node names
	 */
	public List<String> getNodes() {
		return this.nodes;
	}

	/**
	 * Return the messages in file order.
	 * @return the messages
	 */
	public List<Message> getMessages() {
		return this.messages;
	}

	/**
	 * Return the message of a frame id.
	 * @param frameId the id, without the extended marker
	 * @param extended whether it is a 29-bit id
	 * @return the message, or {@code null}
	 */
	public @Nullable Message getMessage(long frameId, boolean extended) {
		return this.messagesByKey.get(key(frameId, extended));
	}

	/**
	 * Return the message of a frame id, or for an extended id that no message has, the
	 * message of the same J1939 parameter group (PGN), whatever the frame's priority and
	 * source address: J1939 and NMEA 2000 databases define a PGN once, with a placeholder
	 * source address.
	 * @param frameId the id, without the extended marker
	 * @param extended whether it is a 29-bit id
	 * @return the message, or {@code null}
	 */
	public @Nullable Message matchMessage(long frameId, boolean extended) {
		Message exact = getMessage(frameId, extended);
		if (exact != null || !extended) {
			return exact;
		}
		return this.messagesByPgn.get(J1939Id.of(frameId).pgn());
	}

	/**
	 * Return a message by name.
	 * @param name the name
	 * @return the message, or {@code null}
	 */
	public @Nullable Message getMessage(String name) {
		return this.messagesByName.get(name);
	}

	/**
	 * Return the value tables ({@code VAL_TABLE_}).
	 * @return the tables by name
	 */
	public Map<String, Map<Long, String>> getValueTables() {
		return this.valueTables;
	}

	/**
	 * Return the attributes of the database itself ({@code BA_ "name" value;}).
	 * @return the attributes by name
	 */
	public Map<String, Object> getAttributes() {
		return this.attributes;
	}

	@Override
	public String toString() {
		return this.name + " (" + this.messages.size() + " messages)";
	}

}
