package dev.library.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Binary layout of the records that {@link EmbeddedStatePersistence} keeps in its file.
 * <p>
 * Each record starts with a format byte, so that a later layout can be told from this
 * one. An event record puts its timestamp and key first: the event log is filtered by
 * them without decoding the value. Enum constants are stored by name, values as compact
 * JSON in UTF-8.
 *
 * @author Library
 */
final class EmbeddedStateRecords {

	private static final byte FORMAT = 1;

	private static final int TIMESTAMP_OFFSET = 1;

	private static final int KEY_OFFSET = TIMESTAMP_OFFSET + Long.BYTES;

	private EmbeddedStateRecords() {
	}

	/**
	 * Write an event record: format, timestamp, key, type, version, source, quality,
	 * created, value.
	 */
	static byte[] event(StateChange change, byte @Nullable [] json) {
		return event(change.key(), change.type().name(), change.version(), epochNanos(change.timestamp()),
				change.source(), (change.quality() != null) ? change.quality().name() : null, change.created(), json);
	}

	/**
	 * Write an event record from the columns of the SQL file that held the store before.
	 */
	static byte[] event(String key, String type, long version, long epochNanos, String source, @Nullable String quality,
			boolean created, byte @Nullable [] json) {
		return write((out) -> {
			out.writeLong(epochNanos);
			out.writeUTF(key);
			out.writeUTF(type);
			out.writeLong(version);
			out.writeUTF(source);
			out.writeUTF((quality != null) ? quality : "");
			out.writeBoolean(created);
			writeJson(out, json);
		});
	}

	static long eventTimestamp(byte[] record) {
		checkFormat(record);
		return ByteBuffer.wrap(record).getLong(TIMESTAMP_OFFSET);
	}

	static String eventKey(byte[] record) {
		checkFormat(record);
		return read(record, KEY_OFFSET, (in) -> in.readUTF());
	}

	static StateChange readEvent(long sequence, byte[] record, JsonMapper jsonMapper) {
		checkFormat(record);
		return read(record, TIMESTAMP_OFFSET, (in) -> {
			Instant timestamp = instant(in.readLong());
			String key = in.readUTF();
			StateChange.Type type = StateChange.Type.valueOf(in.readUTF());
			long version = in.readLong();
			String source = in.readUTF();
			String quality = in.readUTF();
			boolean created = in.readBoolean();
			JsonNode value = readJson(in, jsonMapper);
			return new StateChange(sequence, type, key, version, timestamp, source,
					quality.isEmpty() ? null : Quality.valueOf(quality), value, created);
		});
	}

	/**
	 * Write the record of a key after a change: format, version, sequence, deleted,
	 * timestamp, source, quality, value.
	 */
	static byte[] entry(StateChange change, byte @Nullable [] json) {
		return entry(change.version(), change.sequence(), change.type() == StateChange.Type.DELETE,
				epochNanos(change.timestamp()), change.source(),
				(change.quality() != null) ? change.quality().name() : null, json);
	}

	static byte[] entry(long version, long sequence, boolean deleted, long epochNanos, String source,
			@Nullable String quality, byte @Nullable [] json) {
		return write((out) -> {
			out.writeLong(version);
			out.writeLong(sequence);
			out.writeBoolean(deleted);
			out.writeLong(epochNanos);
			out.writeUTF(source);
			out.writeUTF((quality != null) ? quality : "");
			writeJson(out, json);
		});
	}

	static StateSnapshot.Entry readEntry(String key, byte[] record, JsonMapper jsonMapper) {
		checkFormat(record);
		return read(record, 1, (in) -> {
			long version = in.readLong();
			in.readLong();
			boolean deleted = in.readBoolean();
			Instant timestamp = instant(in.readLong());
			String source = in.readUTF();
			String quality = in.readUTF();
			JsonNode value = readJson(in, jsonMapper);
			return new StateSnapshot.Entry(key, version, (deleted || value == null) ? null
					: new StateValue(key, value, version, timestamp, source, Quality.valueOf(quality)));
		});
	}

	static long epochNanos(Instant instant) {
		return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
	}

	static Instant instant(long epochNanos) {
		return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L),
				Math.floorMod(epochNanos, 1_000_000_000L));
	}

	private static void writeJson(DataOutputStream out, byte @Nullable [] json) throws IOException {
		if (json == null) {
			out.writeInt(-1);
		}
		else {
			out.writeInt(json.length);
			out.write(json);
		}
	}

	private static @Nullable JsonNode readJson(DataInputStream in, JsonMapper jsonMapper) throws IOException {
		int length = in.readInt();
		if (length < 0) {
			return null;
		}
		byte[] json = in.readNBytes(length);
		if (json.length != length) {
			throw new IOException("Value cut short: " + json.length + " of " + length + " bytes");
		}
		return jsonMapper.readTree(json);
	}

	private static void checkFormat(byte[] record) {
		if (record.length == 0 || record[0] != FORMAT) {
			throw new StatePersistenceException(
					"Unknown record format " + ((record.length != 0) ? record[0] : "(empty)")
							+ " in the state store file: it was written " + "by a newer version of Library");
		}
	}

	private static byte[] write(RecordWriter writer) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(FORMAT);
			writer.write(out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	private static <T> T read(byte[] record, int offset, RecordReader<T> reader) {
		try (DataInputStream in = new DataInputStream(
				new ByteArrayInputStream(record, offset, record.length - offset))) {
			return reader.read(in);
		}
		catch (IOException ex) {
			throw new StatePersistenceException("Damaged record in the state store file: " + ex.getMessage(), ex);
		}
	}

	@FunctionalInterface
	private interface RecordWriter {

		void write(DataOutputStream out) throws IOException;

	}

	@FunctionalInterface
	private interface RecordReader<T> {

		T read(DataInputStream in) throws IOException;

	}

}
