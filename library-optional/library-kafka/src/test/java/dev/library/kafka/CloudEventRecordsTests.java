package dev.library.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CloudEventRecords}.
 *
 * @author Library
 */
class CloudEventRecordsTests {

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final CloudEvent event = new CloudEvent("state-7", CloudEvent.STATE_CHANGED, "plant.tank1.level",
			Instant.parse("2026-01-01T00:00:00Z"), "plant.tank1.level", this.mapper.readTree("{\"value\": 42}"));

	@Test
	void structuredModeWritesTheWholeEventAsTheValue() {
		ProducerRecord<String, byte[]> record = new CloudEventRecords(this.mapper, CloudEventMode.STRUCTURED, "/plant1")
			.toRecord("library.state", this.event);
		assertThat(record.key()).isEqualTo("plant.tank1.level");
		assertThat(header(record, "content-type")).isEqualTo(CloudEventRecords.STRUCTURED_CONTENT_TYPE);
		JsonNode json = this.mapper.readTree(record.value());
		assertThat(json.get("specversion").stringValue()).isEqualTo("1.0");
		assertThat(json.get("id").stringValue()).isEqualTo("state-7");
		assertThat(json.get("source").stringValue()).isEqualTo("/plant1");
		assertThat(json.get("type").stringValue()).isEqualTo(CloudEvent.STATE_CHANGED);
		assertThat(json.get("time").stringValue()).isEqualTo("2026-01-01T00:00:00Z");
		assertThat(json.get("data").get("value").intValue()).isEqualTo(42);
		assertThat(record.headers().lastHeader("ce_id")).isNull();
	}

	@Test
	void binaryModeWritesAttributesAsHeadersAndTheDataAsTheValue() {
		ProducerRecord<String, byte[]> record = new CloudEventRecords(this.mapper, CloudEventMode.BINARY, "/plant1")
			.toRecord("library.state", this.event);
		assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
		assertThat(header(record, "ce_id")).isEqualTo("state-7");
		assertThat(header(record, "ce_source")).isEqualTo("/plant1");
		assertThat(header(record, "ce_type")).isEqualTo(CloudEvent.STATE_CHANGED);
		assertThat(header(record, "ce_subject")).isEqualTo("plant.tank1.level");
		assertThat(header(record, "content-type")).isEqualTo("application/json");
		assertThat(this.mapper.readTree(record.value()).get("value").intValue()).isEqualTo(42);
	}

	private static String header(ProducerRecord<String, byte[]> record, String name) {
		return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
	}

}
