package dev.library.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.library.adapters.command.Command;
import dev.library.adapters.command.CommandExecutor;
import dev.library.adapters.command.CommandStatus;
import dev.library.core.web.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListener;

/**
 * Executes the commands of the command topic through the same {@link CommandExecutor} as
 * {@code POST /devices/{id}/points/{point}}: the same validation, interlocks, serialized
 * write, read-back confirmation and audit trail.
 * <p>
 * A record's value is {@code {"commandId": "...", "device": "...", "point": "...",
 * "value": <JSON value>}}; the command id is required, so that a redelivered record is
 * recognised (the audit trail already holds it) and not executed twice. The sender is
 * named in the {@value CommandSignature#PRINCIPAL_HEADER} header and proven by the HMAC
 * of {@value CommandSignature#SIGNATURE_HEADER}; the command's actor is
 * {@code kafka:<principal>}.
 * <p>
 * A record that is oversized, malformed, unsigned or wrongly signed, names an unknown
 * device or point, carries a value that does not fit, reuses a command id for another
 * write, or is rejected (an interlock, a disabled instance) is copied to the dead-letter
 * topic with the reason in {@value #REASON_HEADER} and {@value #REASON_CODE_HEADER}. The
 * consumer goes on with the next record; its offset is committed only once the record was
 * executed or dead-lettered.
 *
 * @author Library
 */
public class CommandRecordListener implements MessageListener<String, byte[]> {

	/**
	 * Dead-letter header: why the record was refused, in words.
	 */
	public static final String REASON_HEADER = "library-dlt-reason";

	/**
	 * Dead-letter header: why the record was refused, as a stable code such as
	 * {@code malformed}, {@code signature}, {@code device-not-found} or
	 * {@code command-rejected}.
	 */
	public static final String REASON_CODE_HEADER = "library-dlt-reason-code";

	/**
	 * Dead-letter header: topic, partition and offset of the original record.
	 */
	public static final String ORIGIN_HEADER = "library-dlt-origin";

	private static final Log logger = LogFactory.getLog(CommandRecordListener.class);

	private static final Set<String> FIELDS = Set.of("commandId", "device", "point", "value");

	private static final String FORMAT = "{\"commandId\": \"<id>\", \"device\": \"<device>\", \"point\": \"<point>\", "
			+ "\"value\": <value>}";

	private final CommandExecutor executor;

	private final @Nullable CommandSignature signature;

	private final KafkaTemplate<String, byte[]> template;

	private final JsonMapper mapper;

	private final String deadLetterTopic;

	private final int maxRecordSize;

	private final Duration timeout;

	private final Counter executed;

	private final Counter duplicates;

	private final MeterRegistry registry;

	/**
	 * Create a listener.
	 * @param executor executes the commands
	 * @param signature checks the signatures, or {@code null} to refuse every command
	 * @param template sends refused records to the dead-letter topic
	 * @param mapper reads the commands
	 * @param deadLetterTopic the dead-letter topic
	 * @param maxRecordSize the largest value accepted, in bytes
	 * @param timeout how long a command may take to reach its final status
	 * @param registry where the counters go
	 */
	public CommandRecordListener(CommandExecutor executor, @Nullable CommandSignature signature,
			KafkaTemplate<String, byte[]> template, JsonMapper mapper, String deadLetterTopic, int maxRecordSize,
			Duration timeout, MeterRegistry registry) {
		this.executor = executor;
		this.signature = signature;
		this.template = template;
		this.mapper = mapper;
		this.deadLetterTopic = deadLetterTopic;
		this.maxRecordSize = maxRecordSize;
		this.timeout = timeout;
		this.registry = registry;
		this.executed = Counter.builder("library.kafka.commands.executed")
			.description("Commands from the command topic that reached a final status")
			.register(registry);
		this.duplicates = Counter.builder("library.kafka.commands.duplicates")
			.description("Redelivered commands recognised by their id and not executed again")
			.register(registry);
	}

	@Override
	public void onMessage(ConsumerRecord<String, byte[]> record) {
		try {
			execute(record);
		}
		catch (RefusedCommandException ex) {
			deadLetter(record, ex.code, ex.getMessage());
		}
	}

	private void execute(ConsumerRecord<String, byte[]> record) {
		byte[] value = record.value();
		if (value == null || value.length == 0) {
			throw new RefusedCommandException("malformed", "The record has no value; a command is " + FORMAT);
		}
		if (value.length > this.maxRecordSize) {
			throw new RefusedCommandException("oversized",
					"The record's value has " + value.length + " bytes, more than the " + this.maxRecordSize
							+ " accepted (library.kafka.commands.max-record-size)");
		}
		String principal = authenticate(record, value);
		JsonNode body;
		try {
			body = this.mapper.readTree(value);
		}
		catch (JacksonException ex) {
			throw new RefusedCommandException("malformed",
					"The record's value is not JSON: " + ex.getOriginalMessage() + "; a command is " + FORMAT);
		}
		String commandId = text(body, "commandId");
		String device = text(body, "device");
		String point = text(body, "point");
		JsonNode target = body.get("value");
		Command existing = this.executor.find(commandId).orElse(null);
		if (existing != null && existing.device().equals(device) && existing.point().equals(point)
				&& existing.value().equals(target)) {
			this.duplicates.increment();
			logger.debug("Command " + commandId + " was already executed (" + existing.status() + "); skipped");
			return;
		}
		Command command;
		try {
			command = this.executor.execute(device, point, target, commandId, "kafka:" + principal)
				.toFuture()
				.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof ProblemException problem) {
				throw new RefusedCommandException(code(problem), String.valueOf(problem.getBody().getDetail()));
			}
			throw new RefusedCommandException("failed", "The command could not be executed: " + ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new RefusedCommandException("timed-out",
					"The command " + commandId + " had no final status within " + this.timeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while executing command " + commandId, ex);
		}
		this.executed.increment();
		if (command == null) {
			return;
		}
		if (command.status() == CommandStatus.REJECTED) {
			throw new RefusedCommandException("command-rejected",
					"Command " + commandId + " was rejected: " + command.reason());
		}
	}

	private String authenticate(ConsumerRecord<String, byte[]> record, byte[] value) {
		String principal = header(record.headers(), CommandSignature.PRINCIPAL_HEADER);
		String signed = header(record.headers(), CommandSignature.SIGNATURE_HEADER);
		if (principal == null || principal.isBlank() || signed == null) {
			throw new RefusedCommandException("signature", "The record must carry the headers "
					+ CommandSignature.PRINCIPAL_HEADER + " and " + CommandSignature.SIGNATURE_HEADER);
		}
		if (this.signature == null) {
			throw new RefusedCommandException("signature",
					"No command is accepted: library.kafka.commands.signing-secret is not set");
		}
		if (!this.signature.verify(principal, value, signed)) {
			throw new RefusedCommandException("signature",
					"The signature does not match the principal and the value (HMAC-SHA256 with the shared secret)");
		}
		return principal;
	}

	private static String text(JsonNode body, String field) {
		if (!body.isObject()) {
			throw new RefusedCommandException("malformed", "The record's value must be a JSON object: " + FORMAT);
		}
		for (String name : body.propertyNames()) {
			if (!FIELDS.contains(name)) {
				throw new RefusedCommandException("malformed",
						"Unknown field '" + abbreviate(name) + "'; a command is " + FORMAT);
			}
		}
		JsonNode value = body.get("value");
		if (value == null || value.isNull()) {
			throw new RefusedCommandException("malformed", "Field 'value' is missing: give the value to write");
		}
		JsonNode node = body.get(field);
		if (node == null || !node.isString() || node.stringValue().isBlank()) {
			throw new RefusedCommandException("malformed", "Field '" + field + "' must be a non-empty string");
		}
		return node.stringValue();
	}

	private static String code(ProblemException problem) {
		String type = String.valueOf(problem.getBody().getType());
		return type.substring(type.lastIndexOf('/') + 1);
	}

	private void deadLetter(ConsumerRecord<String, byte[]> record, String code, String reason) {
		Headers headers = new RecordHeaders();
		for (Header header : record.headers()) {
			headers.add(header);
		}
		headers.add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
		headers.add(REASON_CODE_HEADER, code.getBytes(StandardCharsets.UTF_8));
		headers.add(ORIGIN_HEADER,
				(record.topic() + "-" + record.partition() + "@" + record.offset()).getBytes(StandardCharsets.UTF_8));
		try {
			// The offset is committed only once the dead letter is on the broker
			this.template.send(new ProducerRecord<>(this.deadLetterTopic, null, record.key(), record.value(), headers))
				.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while dead-lettering " + record.topic() + "-"
					+ record.partition() + "@" + record.offset(), ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Command record " + record.topic() + "-" + record.partition() + "@"
					+ record.offset() + " could not be dead-lettered; it is read again", ex);
		}
		Counter.builder("library.kafka.commands.dead-lettered")
			.description("Command records copied to the dead-letter topic")
			.tag("reason", code)
			.register(this.registry)
			.increment();
		logger.info("Command record " + record.topic() + "-" + record.partition() + "@" + record.offset()
				+ " dead-lettered (" + code + "): " + reason);
	}

	private static @Nullable String header(Headers headers, String name) {
		Header header = headers.lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static String abbreviate(String value) {
		return (value.length() > 64) ? value.substring(0, 64) + "..." : value;
	}

	/**
	 * A record refused, with a stable code and the reason.
	 */
	private static final class RefusedCommandException extends RuntimeException {

		private final String code;

		RefusedCommandException(String code, String message) {
			super(message, null, false, false);
			this.code = code;
		}

	}

}
