package dev.library.kafka;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns {@link CloudEvent}s into Kafka records as the CloudEvents Kafka protocol binding
 * (1.0) lays them out, in structured or binary content mode.
 *
 * @author Library
 */
public class CloudEventRecords {

	/**
	 * Content type of a structured-mode record.
	 */
	public static final String STRUCTURED_CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";

	private static final String SPEC_VERSION = "1.0";

	private final JsonMapper mapper;

	private final CloudEventMode mode;

	private final String source;

	/**
	 * Create a writer.
	 * @param mapper writes the JSON
	 * @param mode structured or binary
	 * @param source the source attribute of every event
	 */
	public CloudEventRecords(JsonMapper mapper, CloudEventMode mode, String source) {
		this.mapper = mapper;
		this.mode = mode;
		this.source = source;
	}

	/**
	 * Return the record of an event.
	 * @param topic the topic
	 * @param event the event
	 * @return the record, keyed by the event's key
	 */
	public ProducerRecord<String, byte[]> toRecord(String topic, CloudEvent event) {
		Headers headers = new RecordHeaders();
		byte[] value;
		if (this.mode == CloudEventMode.STRUCTURED) {
			value = this.mapper.writeValueAsBytes(new StructuredEvent(SPEC_VERSION, event.id(), this.source,
					event.type(), event.subject(), event.time().toString(), "application/json", event.data()));
			header(headers, "content-type", STRUCTURED_CONTENT_TYPE);
		}
		else {
			value = this.mapper.writeValueAsBytes(event.data());
			header(headers, "ce_specversion", SPEC_VERSION);
			header(headers, "ce_id", event.id());
			header(headers, "ce_source", this.source);
			header(headers, "ce_type", event.type());
			header(headers, "ce_subject", event.subject());
			header(headers, "ce_time", event.time().toString());
			header(headers, "content-type", "application/json");
		}
		return new ProducerRecord<>(topic, null, event.key(), value, headers);
	}

	private static void header(Headers headers, String name, String value) {
		headers.add(name, value.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The JSON of a structured-mode record, its attributes in the specification's order.
	 * Written as a record rather than built as a tree: one allocation instead of a map
	 * per event.
	 */
	private record StructuredEvent(String specversion, String id, String source, String type, String subject,
			String time, String datacontenttype, Object data) {

	}

}
