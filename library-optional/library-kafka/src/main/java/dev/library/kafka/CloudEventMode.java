package dev.library.kafka;

/**
 * How a CloudEvent is laid out in a Kafka record (CloudEvents Kafka protocol binding).
 *
 * @author Library
 */
public enum CloudEventMode {

	/**
	 * The whole event, attributes and data, as an {@code application/cloudevents+json}
	 * value.
	 */
	STRUCTURED,

	/**
	 * The attributes in {@code ce_*} headers, the data alone as an
	 * {@code application/json} value.
	 */
	BINARY

}
