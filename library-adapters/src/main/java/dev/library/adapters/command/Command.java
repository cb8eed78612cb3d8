package dev.library.adapters.command;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A command to an output and its outcome, as the audit trail keeps it.
 *
 * @param id the command id, given by the client or generated
 * @param device the device id
 * @param point the point name
 * @param value the engineering value to write
 * @param actor who sent it: the request's principal, {@code anonymous}, {@code system} or
 * {@code interlock:<id>}
 * @param requestedAt when it was received
 * @param status its status
 * @param reason why it was rejected, failed or timed out, or why the platform sent it
 * @param readBack the engineering value read back after the write
 * @param startedAt when the adapter began to write it
 * @param completedAt when it got its final status
 * @author Library
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Command(String id, String device, String point, JsonNode value, String actor, Instant requestedAt,
		CommandStatus status, @Nullable String reason, @Nullable JsonNode readBack, @Nullable Instant startedAt,
		@Nullable Instant completedAt) {

	Command started(Instant at) {
		return new Command(this.id, this.device, this.point, this.value, this.actor, this.requestedAt, this.status,
				this.reason, this.readBack, at, this.completedAt);
	}

	Command completed(CommandStatus status, @Nullable String reason, @Nullable JsonNode readBack, Instant at) {
		return new Command(this.id, this.device, this.point, this.value, this.actor, this.requestedAt, status,
				(reason != null) ? reason : this.reason, readBack, this.startedAt, at);
	}

	/**
	 * Return whether another request is the same command: same output and value.
	 * @param device the device id
	 * @param point the point name
	 * @param value the value
	 * @return whether it asks for the same write
	 */
	boolean sameWrite(String device, String point, JsonNode value) {
		return this.device.equals(device) && this.point.equals(point) && this.value.equals(value);
	}

}
