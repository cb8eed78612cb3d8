package dev.library.hap;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The HAP request being handled on this thread: which controller sent it and how its
 * writes went. hap-java hands neither to characteristics, so {@link ControllerConnection}
 * sets it around each request (hap-java handles a connection's requests one at a time on
 * one thread).
 *
 * @author Library
 */
final class ControllerRequest {

	private static final ThreadLocal<ControllerRequest> current = new ThreadLocal<>();

	private final ControllerConnection connection;

	private final List<HapStatus> writes = new ArrayList<>();

	private ControllerRequest(ControllerConnection connection) {
		this.connection = connection;
	}

	static ControllerRequest begin(ControllerConnection connection) {
		ControllerRequest request = new ControllerRequest(connection);
		current.set(request);
		return request;
	}

	void end() {
		current.remove();
	}

	static Optional<ControllerRequest> current() {
		return Optional.ofNullable(current.get());
	}

	/**
	 * Return who sent the current request: the controller's pairing id, or
	 * {@code unverified}.
	 * @return the controller
	 */
	static String controller() {
		ControllerRequest request = current.get();
		String controller = (request != null) ? request.connection.controller() : null;
		return (controller != null) ? controller : "unverified";
	}

	static void record(HapStatus status) {
		ControllerRequest request = current.get();
		if (request != null) {
			request.writes.add(status);
		}
	}

	ControllerConnection connection() {
		return this.connection;
	}

	List<HapStatus> writes() {
		return this.writes;
	}

	static @Nullable ControllerConnection currentConnection() {
		ControllerRequest request = current.get();
		return (request != null) ? request.connection : null;
	}

}
