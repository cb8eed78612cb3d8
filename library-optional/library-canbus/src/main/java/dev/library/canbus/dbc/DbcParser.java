package dev.library.canbus.dbc;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.library.canbus.dbc.DbcTokenizer.Kind;
import dev.library.canbus.dbc.DbcTokenizer.Token;
import org.jspecify.annotations.Nullable;

/**
 * Reads DBC text into a {@link Database}. Accepts what real files contain: sections in
 * any order, no header, names starting with a digit, 29-bit ids with or without the
 * bit-31 marker, CRLF line endings, UTF-8 or Windows-1252 text. Errors name the source,
 * line and column.
 *
 * @author Library
 */
public final class DbcParser {

	private static final long EXTENDED_MARKER = 0x8000_0000L;

	private static final String CYCLE_TIME = "GenMsgCycleTime";

	/** Statements the parser reads past, up to their semicolon. */
	private static final Set<String> SKIPPED = Set.of("BA_DEF_REL_", "BA_REL_", "BA_DEF_DEF_REL_", "SIG_GROUP_", "EV_",
			"ENVVAR_DATA_", "SGTYPE_", "SGTYPE_VAL_", "SIG_TYPE_REF_", "BA_DEF_SGTYPE_", "BA_SGTYPE_", "CAT_DEF_",
			"CAT_", "FILTER", "BU_SG_REL_", "BU_EV_REL_", "BU_BO_REL_", "SIGTYPE_VALTYPE_", "NS_DESC_", "EV_DATA_");

	private static final Set<String> KEYWORDS = Set.of("VERSION", "NS_", "BS_", "BU_", "VAL_TABLE_", "BO_", "SG_",
			"CM_", "BA_DEF_", "BA_DEF_DEF_", "BA_", "VAL_", "SIG_VALTYPE_", "SG_MUL_VAL_", "BO_TX_BU_");

	private final String source;

	private List<Token> tokens = List.of();

	private int index;

	private String version = "";

	private final List<String> nodes = new ArrayList<>();

	private final List<MessageDraft> messages = new ArrayList<>();

	private final Map<Long, MessageDraft> messagesById = new HashMap<>();

	private final Map<String, Map<Long, String>> valueTables = new LinkedHashMap<>();

	private final Map<String, Object> attributeDefaults = new HashMap<>();

	private final Map<String, Object> databaseAttributes = new LinkedHashMap<>();

	private DbcParser(String source) {
		this.source = source;
	}

	/**
	 * Read a DBC file; the database is named after the file.
	 * @param file the file
	 * @return the database
	 * @throws IOException if the file cannot be read
	 * @throws DbcException if the text is not valid DBC
	 */
	public static Database parse(Path file) throws IOException {
		String fileName = file.getFileName().toString();
		return parse(fileName, decode(Files.readAllBytes(file)));
	}

	/**
	 * Read the bytes of a DBC file (UTF-8, else Windows-1252).
	 * @param source the name of the source, for the database name and error messages
	 * @param bytes the bytes
	 * @return the database
	 * @throws DbcException if the text is not valid DBC
	 */
	public static Database parse(String source, byte[] bytes) {
		return parse(source, decode(bytes));
	}

	/**
	 * Read DBC text.
	 * @param source the name of the source, for the database name and error messages
	 * @param text the text
	 * @return the database
	 * @throws DbcException if the text is not valid DBC
	 */
	public static Database parse(String source, String text) {
		return new DbcParser(source).parse(text);
	}

	/**
	 * Decode the bytes of a DBC file: UTF-8 if they are valid UTF-8, else Windows-1252
	 * (the encoding of CANdb++).
	 * @param bytes the bytes
	 * @return the text
	 */
	static String decode(byte[] bytes) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (CharacterCodingException ex) {
			return new String(bytes, java.nio.charset.Charset.forName("windows-1252"));
		}
	}

	private Database parse(String text) {
		this.tokens = new DbcTokenizer(this.source, text).tokenize();
		MessageDraft current = null;
		while (peek().kind() != Kind.END) {
			Token keyword = next();
			if (keyword.kind() != Kind.IDENTIFIER) {
				throw error(keyword, "expected a keyword but found " + keyword.shown());
			}
			switch (keyword.text()) {
				case "VERSION" -> this.version = expect(Kind.STRING, "a version string").text();
				case "NS_" -> newSymbols();
				case "BS_" -> bitTiming(keyword);
				case "BU_" -> nodes(keyword);
				case "VAL_TABLE_" -> valueTable();
				case "BO_" -> current = message();
				case "SG_" -> {
					if (current == null) {
						throw error(keyword, "SG_ outside a message (no BO_ before it)");
					}
					current.signals.add(signal());
				}
				case "CM_" -> comment();
				case "BA_DEF_" -> skipStatement();
				case "BA_DEF_DEF_" -> attributeDefault();
				case "BA_" -> attribute();
				case "VAL_" -> choices();
				case "SIG_VALTYPE_" -> signalValueType();
				case "SG_MUL_VAL_" -> extendedMultiplexing();
				case "BO_TX_BU_" -> transmitters();
				default -> {
					if (!SKIPPED.contains(keyword.text())) {
						throw error(keyword, "unknown keyword '" + keyword.text() + "'");
					}
					skipStatement();
				}
			}
		}
		return build();
	}

	// Sections

	private void newSymbols() {
		expect(":");
		// The symbol list is indented under NS_; it ends at BS_ or at the first line that
		// starts at column 1.
		while (peek().kind() == Kind.IDENTIFIER && peek().column() > 1 && !peek().is("BS_")) {
			next();
		}
	}

	private void bitTiming(Token keyword) {
		expect(":");
		while (peek().kind() != Kind.END && peek().line() == keyword.line()) {
			next();
		}
	}

	private void nodes(Token keyword) {
		expect(":");
		// Nodes follow on the same line or, in some files, one per indented line.
		while (peek().kind() == Kind.IDENTIFIER && (peek().line() == keyword.line() || peek().column() > 1)
				&& !KEYWORDS.contains(peek().text())) {
			this.nodes.add(next().text());
		}
	}

	private void valueTable() {
		String name = identifier("a value table name");
		this.valueTables.put(name, valueDescriptions());
	}

	private Map<Long, String> valueDescriptions() {
		Map<Long, String> descriptions = new LinkedHashMap<>();
		while (!peek().is(";")) {
			long value = integer(next());
			descriptions.put(value, expect(Kind.STRING, "a value description").text());
		}
		expect(";");
		return descriptions;
	}

	private MessageDraft message() {
		Token idToken = expect(Kind.NUMBER, "a message id");
		long id = integer(idToken);
		String name = identifier("a message name");
		expect(":");
		int length = (int) integer(expect(Kind.NUMBER, "a message length"));
		if (length < 0 || length > 64) {
			throw error(idToken, "message '" + name + "' length " + length + " is not between 0 and 64");
		}
		String sender = identifier("a sender node");
		boolean extended = (id & EXTENDED_MARKER) != 0 || id > 0x7FF;
		long frameId = id & 0x1FFF_FFFFL;
		MessageDraft message = new MessageDraft(id, frameId, extended, name, length, idToken);
		if (!"Vector__XXX".equals(sender)) {
			message.senders.add(sender);
		}
		this.messages.add(message);
		this.messagesById.putIfAbsent(id, message);
		return message;
	}

	private SignalDraft signal() {
		Token nameToken = peek();
		String name = identifier("a signal name");
		SignalDraft signal = new SignalDraft(name, nameToken);
		if (peek().kind() == Kind.IDENTIFIER) {
			multiplexIndicator(signal, next());
		}
		expect(":");
		signal.startBit = (int) integer(expect(Kind.NUMBER, "a start bit"));
		expect("|");
		Token lengthToken = expect(Kind.NUMBER, "a signal length");
		signal.length = (int) integer(lengthToken);
		if (signal.length < 1 || signal.length > 64) {
			throw error(lengthToken, "signal '" + name + "' length " + signal.length + " is not between 1 and 64");
		}
		expect("@");
		Token order = expect(Kind.NUMBER, "a byte order (0 or 1)");
		signal.byteOrder = switch (order.text()) {
			case "0" -> ByteOrder.BIG_ENDIAN;
			case "1" -> ByteOrder.LITTLE_ENDIAN;
			default -> throw error(order, "byte order must be 0 (Motorola) or 1 (Intel), not " + order.shown());
		};
		Token sign = next();
		if (!sign.is("+") && !sign.is("-")) {
			throw error(sign, "expected '+' or '-' (unsigned or signed) but found " + sign.shown());
		}
		signal.signed = sign.is("-");
		expect("(");
		signal.factor = number(expect(Kind.NUMBER, "a factor"));
		expect(",");
		signal.offset = number(expect(Kind.NUMBER, "an offset"));
		expect(")");
		expect("[");
		signal.minimum = number(expect(Kind.NUMBER, "a minimum"));
		expect("|");
		signal.maximum = number(expect(Kind.NUMBER, "a maximum"));
		expect("]");
		signal.unit = expect(Kind.STRING, "a unit string").text();
		int line = peek().line();
		while (peek().kind() == Kind.IDENTIFIER && peek().line() == line) {
			String receiver = next().text();
			if (!"Vector__XXX".equals(receiver)) {
				signal.receivers.add(receiver);
			}
			if (peek().is(",")) {
				next();
			}
		}
		return signal;
	}

	private void multiplexIndicator(SignalDraft signal, Token indicator) {
		String text = indicator.text();
		// A lone "m" (vw_pq.dbc) is read as "M", as cantools reads it.
		if (text.equals("M") || text.equals("m")) {
			signal.multiplexer = true;
			return;
		}
		if (text.length() > 1 && text.charAt(0) == 'm') {
			boolean alsoMultiplexer = text.endsWith("M");
			String digits = text.substring(1, alsoMultiplexer ? text.length() - 1 : text.length());
			if (!digits.isEmpty() && digits.chars().allMatch(Character::isDigit)) {
				signal.multiplexerValue = Long.parseLong(digits);
				signal.multiplexer = alsoMultiplexer;
				return;
			}
		}
		throw error(indicator,
				"expected ':' or a multiplexer indicator (M, m<n>, m<n>M) but found " + indicator.shown());
	}

	private void comment() {
		Token first = next();
		if (first.kind() == Kind.STRING) {
			expectAfterComment();
			return;
		}
		switch (first.text()) {
			case "BU_", "EV_" -> identifier("a name");
			case "BO_" -> {
				Token id = expect(Kind.NUMBER, "a message id");
				String text = expect(Kind.STRING, "a comment").text();
				expect(";");
				MessageDraft message = this.messagesById.get(integer(id));
				if (message != null) {
					message.comment = text;
				}
				return;
			}
			case "SG_" -> {
				Token id = expect(Kind.NUMBER, "a message id");
				String signalName = identifier("a signal name");
				String text = expect(Kind.STRING, "a comment").text();
				expect(";");
				SignalDraft signal = signal(integer(id), signalName);
				if (signal != null) {
					signal.comment = text;
				}
				return;
			}
			default -> throw error(first, "expected a comment string, BU_, BO_, SG_ or EV_ but found " + first.shown());
		}
		expect(Kind.STRING, "a comment");
		expectAfterComment();
	}

	private void expectAfterComment() {
		Token token = next();
		if (!token.is(";")) {
			throw error(token, "expected ';' to end the comment (CM_) but found " + token.shown());
		}
	}

	private void attributeDefault() {
		String name = expect(Kind.STRING, "an attribute name").text();
		this.attributeDefaults.put(name, attributeValue(next()));
		expect(";");
	}

	private void attribute() {
		String name = expect(Kind.STRING, "an attribute name").text();
		Token target = next();
		switch (target.text()) {
			case "BO_" -> {
				long id = integer(expect(Kind.NUMBER, "a message id"));
				Object value = attributeValue(next());
				MessageDraft message = this.messagesById.get(id);
				if (message != null) {
					message.attributes.put(name, value);
				}
			}
			case "SG_" -> {
				long id = integer(expect(Kind.NUMBER, "a message id"));
				String signalName = identifier("a signal name");
				Object value = attributeValue(next());
				SignalDraft signal = signal(id, signalName);
				if (signal != null) {
					signal.attributes.put(name, value);
				}
			}
			case "BU_", "EV_" -> {
				identifier("a name");
				attributeValue(next());
			}
			default -> {
				if (target.kind() == Kind.IDENTIFIER && !target.text().endsWith("_")) {
					throw error(target, "expected BU_, BO_, SG_, EV_ or a value but found " + target.shown());
				}
				this.databaseAttributes.put(name, attributeValue(target));
			}
		}
		expect(";");
	}

	private Object attributeValue(Token token) {
		return switch (token.kind()) {
			case STRING -> token.text();
			case NUMBER -> {
				double value = number(token);
				yield (value == Math.rint(value) && !token.text().contains(".")) ? (Object) (long) value : value;
			}
			default -> throw error(token, "expected an attribute value but found " + token.shown());
		};
	}

	private void choices() {
		Token first = next();
		if (first.kind() == Kind.IDENTIFIER) {
			// Value descriptions of an environment variable.
			valueDescriptions();
			return;
		}
		long id = integer(first);
		String signalName = identifier("a signal name");
		Map<Long, String> descriptions = valueDescriptions();
		SignalDraft signal = signal(id, signalName);
		if (signal != null) {
			signal.choices.putAll(descriptions);
		}
	}

	private void signalValueType() {
		long id = integer(expect(Kind.NUMBER, "a message id"));
		String signalName = identifier("a signal name");
		if (peek().is(":")) {
			next();
		}
		Token type = expect(Kind.NUMBER, "a value type (0, 1 or 2)");
		expect(";");
		SignalDraft signal = signal(id, signalName);
		if (signal == null) {
			return;
		}
		signal.valueType = switch (type.text()) {
			case "0" -> ValueType.INTEGER;
			case "1" -> ValueType.FLOAT;
			case "2" -> ValueType.DOUBLE;
			default -> throw error(type, "value type must be 0, 1 (float) or 2 (double), not " + type.shown());
		};
		int needed = (signal.valueType == ValueType.FLOAT) ? 32 : (signal.valueType == ValueType.DOUBLE) ? 64 : 0;
		if (needed != 0 && signal.length != needed) {
			throw error(type, "signal '" + signalName + "' is " + signal.length + " bits, an IEEE "
					+ signal.valueType.name().toLowerCase() + " needs " + needed);
		}
	}

	private void extendedMultiplexing() {
		long id = integer(expect(Kind.NUMBER, "a message id"));
		Token signalToken = peek();
		String signalName = identifier("a signal name");
		String multiplexerName = identifier("a multiplexer signal name");
		List<long[]> ranges = new ArrayList<>();
		while (!peek().is(";")) {
			Token from = expect(Kind.NUMBER, "a range start");
			expect("-");
			Token to = expect(Kind.NUMBER, "a range end");
			ranges.add(new long[] { integer(from), integer(to) });
			if (peek().is(",")) {
				next();
			}
		}
		expect(";");
		SignalDraft signal = signal(id, signalName);
		SignalDraft multiplexer = signal(id, multiplexerName);
		if (multiplexer != null) {
			multiplexer.multiplexer = true;
		}
		if (signal == null) {
			throw error(signalToken, "SG_MUL_VAL_ names signal '" + signalName + "' that message " + id + " lacks");
		}
		signal.extendedMultiplexer = multiplexerName;
		signal.extendedRanges.addAll(ranges);
	}

	private void transmitters() {
		long id = integer(expect(Kind.NUMBER, "a message id"));
		expect(":");
		MessageDraft message = this.messagesById.get(id);
		while (!peek().is(";")) {
			Token token = next();
			if (token.kind() == Kind.IDENTIFIER && message != null && !message.senders.contains(token.text())) {
				message.senders.add(token.text());
			}
		}
		expect(";");
	}

	private void skipStatement() {
		while (!peek().is(";")) {
			if (peek().kind() == Kind.END) {
				throw error(peek(), "expected ';' but found end of file");
			}
			next();
		}
		next();
	}

	// Building

	private Database build() {
		List<Message> built = new ArrayList<>();
		for (MessageDraft draft : this.messages) {
			built.add(draft.build(this));
		}
		String name = this.source.replaceFirst("\\.[^.]*$", "");
		return new Database(name, this.version, this.nodes, built, this.valueTables, this.databaseAttributes);
	}

	@Nullable Duration cycleTime(Map<String, Object> attributes) {
		Object value = attributes.getOrDefault(CYCLE_TIME, this.attributeDefaults.get(CYCLE_TIME));
		if (value instanceof Number number && number.doubleValue() > 0) {
			return Duration.ofNanos((long) (number.doubleValue() * 1_000_000));
		}
		return null;
	}

	// Tokens

	private @Nullable SignalDraft signal(long messageId, String name) {
		MessageDraft message = this.messagesById.get(messageId);
		if (message == null) {
			return null;
		}
		for (SignalDraft signal : message.signals) {
			if (signal.name.equals(name)) {
				return signal;
			}
		}
		return null;
	}

	private Token peek() {
		return this.tokens.get(this.index);
	}

	private Token next() {
		Token token = this.tokens.get(this.index);
		if (token.kind() != Kind.END) {
			this.index++;
		}
		return token;
	}

	private Token expect(String punctuation) {
		Token token = next();
		if (!token.is(punctuation)) {
			throw error(token, "expected '" + punctuation + "' but found " + token.shown());
		}
		return token;
	}

	private Token expect(Kind kind, String what) {
		Token token = next();
		if (token.kind() != kind) {
			throw error(token, "expected " + what + " but found " + token.shown());
		}
		return token;
	}

	private String identifier(String what) {
		Token token = next();
		// Names may start with a digit (0_COUNTER); a purely numeric one is still a name
		// here.
		if (token.kind() != Kind.IDENTIFIER && token.kind() != Kind.NUMBER) {
			throw error(token, "expected " + what + " but found " + token.shown());
		}
		return token.text();
	}

	private long integer(Token token) {
		if (token.kind() != Kind.NUMBER) {
			throw error(token, "expected a number but found " + token.shown());
		}
		try {
			return Long.parseLong(token.text());
		}
		catch (NumberFormatException ex) {
			double value = Double.parseDouble(token.text());
			if (value != Math.rint(value)) {
				throw error(token, "expected a whole number but found " + token.shown());
			}
			return (long) value;
		}
	}

	private double number(Token token) {
		return Double.parseDouble(token.text());
	}

	private DbcException error(Token token, String reason) {
		return new DbcException(this.source, token.line(), token.column(), reason);
	}

	private static final class MessageDraft {

		final long rawId;

		final long frameId;

		final boolean extended;

		final String name;

		final int length;

		final Token token;

		final List<String> senders = new ArrayList<>();

		final List<SignalDraft> signals = new ArrayList<>();

		final Map<String, Object> attributes = new LinkedHashMap<>();

		@Nullable String comment;

		MessageDraft(long rawId, long frameId, boolean extended, String name, int length, Token token) {
			this.rawId = rawId;
			this.frameId = frameId;
			this.extended = extended;
			this.name = name;
			this.length = length;
			this.token = token;
		}

		Message build(DbcParser parser) {
			String plainMultiplexer = null;
			for (SignalDraft signal : this.signals) {
				if (signal.multiplexer && signal.multiplexerValue == null) {
					plainMultiplexer = signal.name;
				}
			}
			List<Signal> built = new ArrayList<>();
			for (SignalDraft signal : this.signals) {
				String multiplexer = null;
				List<long[]> ranges = new ArrayList<>();
				if (signal.extendedMultiplexer != null) {
					multiplexer = signal.extendedMultiplexer;
					ranges.addAll(signal.extendedRanges);
				}
				else if (signal.multiplexerValue != null) {
					multiplexer = plainMultiplexer;
					if (multiplexer == null) {
						throw parser.error(signal.token, "signal '" + signal.name + "' of message '" + this.name
								+ "' is multiplexed but the message has no multiplexer (M) signal");
					}
					ranges.add(new long[] { signal.multiplexerValue, signal.multiplexerValue });
				}
				built.add(signal.build(multiplexer, ranges));
			}
			return new Message(this.frameId, this.extended, this.name, this.length, this.senders, built, this.comment,
					this.attributes, parser.cycleTime(this.attributes));
		}

	}

	private static final class SignalDraft {

		final String name;

		final Token token;

		int startBit;

		int length;

		ByteOrder byteOrder = ByteOrder.LITTLE_ENDIAN;

		boolean signed;

		ValueType valueType = ValueType.INTEGER;

		double factor = 1;

		double offset;

		double minimum;

		double maximum;

		String unit = "";

		final List<String> receivers = new ArrayList<>();

		boolean multiplexer;

		@Nullable Long multiplexerValue;

		@Nullable String extendedMultiplexer;

		final List<long[]> extendedRanges = new ArrayList<>();

		final Map<Long, String> choices = new LinkedHashMap<>();

		final Map<String, Object> attributes = new LinkedHashMap<>();

		@Nullable String comment;

		SignalDraft(String name, Token token) {
			this.name = name;
			this.token = token;
		}

		Signal build(@Nullable String multiplexerSignal, List<long[]> ranges) {
			boolean unbounded = this.minimum == 0 && this.maximum == 0;
			return new Signal(this.name, this.startBit, this.length, this.byteOrder, this.signed, this.valueType,
					this.factor, this.offset, unbounded ? null : this.minimum, unbounded ? null : this.maximum,
					this.unit, this.receivers, this.multiplexer, multiplexerSignal, ranges, this.choices, this.comment,
					this.attributes);
		}

	}

}
