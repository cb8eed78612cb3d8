package dev.library.canbus.autoconfigure;

import java.time.Duration;

import dev.library.canbus.CanbusSettings.CanbusDefaults;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Properties of the canbus component, {@code library.canbus.*}: defaults of every CAN bus
 * adapter instance (an instance's {@code settings} override them).
 *
 * @author Library
 */
@ConfigurationProperties("library.canbus")
@Validated
public class CanbusProperties {

	/**
	 * Pattern of the state key of each decoded signal, with the placeholders {interface},
	 * {message}, {signal} and {instance}.
	 */
	@NotBlank
	@Pattern(regexp = ".*\\{signal\\}.*", message = "must contain the {signal} placeholder")
	private String signalKeys = "can.{interface}.{message}.{signal}";

	/**
	 * Whether every decoded signal is written to the state store (else only configured
	 * points are).
	 */
	private boolean publishSignals = true;

	/**
	 * Number of cycle times a message may be missing before its signals go BAD.
	 */
	@DecimalMin(value = "0", inclusive = false)
	private double livenessFactor = 3.0;

	/**
	 * How often message liveness is checked.
	 */
	private Duration livenessCheckInterval = Duration.ofMillis(100);

	/**
	 * State-key prefix each received frame is written under as {prefix}.{interface}.{id
	 * in hex} with the payload in hex, so that state change routes (such as Kafka's)
	 * carry raw frames; empty for none.
	 */
	private String rawFramesPrefix = "";

	/**
	 * Largest DBC file POST /canbus/dbc accepts.
	 */
	private DataSize maxDbcSize = DataSize.ofMegabytes(4);

	public String getRawFramesPrefix() {
		return this.rawFramesPrefix;
	}

	public void setRawFramesPrefix(String rawFramesPrefix) {
		this.rawFramesPrefix = rawFramesPrefix;
	}

	public DataSize getMaxDbcSize() {
		return this.maxDbcSize;
	}

	public void setMaxDbcSize(DataSize maxDbcSize) {
		this.maxDbcSize = maxDbcSize;
	}

	public String getSignalKeys() {
		return this.signalKeys;
	}

	public void setSignalKeys(String signalKeys) {
		this.signalKeys = signalKeys;
	}

	public boolean isPublishSignals() {
		return this.publishSignals;
	}

	public void setPublishSignals(boolean publishSignals) {
		this.publishSignals = publishSignals;
	}

	public double getLivenessFactor() {
		return this.livenessFactor;
	}

	public void setLivenessFactor(double livenessFactor) {
		this.livenessFactor = livenessFactor;
	}

	public Duration getLivenessCheckInterval() {
		return this.livenessCheckInterval;
	}

	public void setLivenessCheckInterval(Duration livenessCheckInterval) {
		this.livenessCheckInterval = livenessCheckInterval;
	}

	CanbusDefaults toDefaults() {
		return new CanbusDefaults(this.signalKeys, this.publishSignals, this.livenessFactor, this.livenessCheckInterval,
				this.rawFramesPrefix);
	}

}
