package dev.library.adapters.command;

import java.net.URI;

import dev.library.core.web.ProblemException;
import dev.library.core.web.ProblemTypes;

import org.springframework.http.HttpStatus;

/**
 * The problems that commands answer with.
 *
 * @author Library
 */
final class CommandProblems {

	static final URI DEVICE_NOT_FOUND = ProblemTypes.of("device-not-found");

	static final URI POINT_NOT_FOUND = ProblemTypes.of("point-not-found");

	static final URI POINT_READ_ONLY = ProblemTypes.of("point-read-only");

	static final URI COMMAND_NOT_FOUND = ProblemTypes.of("command-not-found");

	static final URI COMMAND_ID_REUSED = ProblemTypes.of("command-id-reused");

	static final URI COMMAND_REJECTED = ProblemTypes.of("command-rejected");

	static final URI COMMAND_FAILED = ProblemTypes.of("command-failed");

	static final URI COMMAND_TIMED_OUT = ProblemTypes.of("command-timed-out");

	private CommandProblems() {
	}

	static ProblemException deviceNotFound(String device) {
		return new ProblemException(HttpStatus.NOT_FOUND, DEVICE_NOT_FOUND, "Device not found",
				"No device '" + abbreviate(device) + "'; GET /devices lists them");
	}

	static ProblemException pointNotFound(String device, String point) {
		return new ProblemException(HttpStatus.NOT_FOUND, POINT_NOT_FOUND, "Point not found", "Device '" + device
				+ "' has no point '" + abbreviate(point) + "'; GET /devices/" + device + " lists them");
	}

	static ProblemException readOnly(String pointId) {
		return new ProblemException(HttpStatus.CONFLICT, POINT_READ_ONLY, "Point is read only",
				"Point '" + pointId + "' is an input: it can be read, not written");
	}

	static ProblemException commandNotFound(String id) {
		return new ProblemException(HttpStatus.NOT_FOUND, COMMAND_NOT_FOUND, "Command not found",
				"No command '" + abbreviate(id) + "' in the audit trail");
	}

	static ProblemException idReused(Command existing) {
		ProblemException problem = new ProblemException(HttpStatus.CONFLICT, COMMAND_ID_REUSED, "Command id reused",
				"Command id '" + existing.id() + "' was already used for " + existing.value() + " to "
						+ existing.device() + "." + existing.point() + "; use a new id for another command");
		problem.getBody().setProperty("commandId", existing.id());
		return problem;
	}

	/**
	 * Return the problem of a command that did not end confirmed.
	 * @param command the command
	 * @return the problem
	 */
	static ProblemException of(Command command) {
		ProblemException problem = switch (command.status()) {
			case REJECTED -> new ProblemException(HttpStatus.CONFLICT, COMMAND_REJECTED, "Command rejected",
					String.valueOf(command.reason()));
			case TIMED_OUT -> new ProblemException(HttpStatus.GATEWAY_TIMEOUT, COMMAND_TIMED_OUT, "Command timed out",
					String.valueOf(command.reason()));
			default -> new ProblemException(HttpStatus.BAD_GATEWAY, COMMAND_FAILED, "Command failed",
					String.valueOf(command.reason()));
		};
		problem.getBody().setProperty("commandId", command.id());
		problem.getBody().setProperty("commandStatus", command.status().name());
		return problem;
	}

	static String abbreviate(String value) {
		return (value.length() <= 64) ? value : value.substring(0, 64) + "...";
	}

}
