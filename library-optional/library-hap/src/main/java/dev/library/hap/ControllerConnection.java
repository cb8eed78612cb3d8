package dev.library.hap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import io.github.hapjava.server.impl.http.HomekitClientConnection;
import io.github.hapjava.server.impl.http.HttpMethod;
import io.github.hapjava.server.impl.http.HttpRequest;
import io.github.hapjava.server.impl.http.HttpResponse;
import javax.json.Json;
import javax.json.JsonArray;
import javax.json.JsonArrayBuilder;
import javax.json.JsonObject;
import javax.json.JsonReader;
import javax.json.JsonValue;
import javax.json.JsonWriter;
import org.jspecify.annotations.Nullable;

/**
 * A controller's connection to the bridge: hap-java's connection, plus who the controller
 * is (learnt during pair-verify) and the HAP status of each write. A write that was not
 * done answers {@code 207 Multi-Status} with a status per characteristic, as the HAP
 * specification asks, where hap-java alone would answer 204.
 *
 * @author Library
 */
final class ControllerConnection implements HomekitClientConnection {

	private final HomekitClientConnection delegate;

	private volatile @Nullable String controller;

	ControllerConnection(HomekitClientConnection delegate) {
		this.delegate = delegate;
	}

	@Nullable String controller() {
		return this.controller;
	}

	void verified(String controller) {
		this.controller = controller;
	}

	@Override
	public HttpResponse handleRequest(HttpRequest request) throws IOException {
		ControllerRequest current = ControllerRequest.begin(this);
		try {
			if (request.getMethod() == HttpMethod.PUT && "/characteristics".equals(request.getUri())) {
				// hap-java's request reads its body once: keep it for the statuses
				byte[] body = request.getBody();
				HttpResponse response = this.delegate.handleRequest(new WriteRequest(request.getUri(), body));
				if (current.writes().stream().anyMatch((status) -> status != HapStatus.SUCCESS)) {
					return multiStatus(body, current.writes());
				}
				return response;
			}
			return this.delegate.handleRequest(request);
		}
		finally {
			current.end();
		}
	}

	private static HttpResponse multiStatus(byte[] body, List<HapStatus> writes) throws IOException {
		JsonArray requested;
		try (JsonReader reader = Json.createReader(new java.io.ByteArrayInputStream(body))) {
			requested = reader.readObject().getJsonArray("characteristics");
		}
		JsonArrayBuilder statuses = Json.createArrayBuilder();
		int write = 0;
		for (JsonValue value : requested) {
			JsonObject entry = (JsonObject) value;
			// hap-java calls setValue once per entry that carries a value, in order
			HapStatus status = HapStatus.SUCCESS;
			if (entry.containsKey("value")) {
				status = (write < writes.size()) ? writes.get(write) : HapStatus.NOT_FOUND;
				write++;
			}
			statuses.add(Json.createObjectBuilder()
				.add("aid", entry.getInt("aid"))
				.add("iid", entry.getInt("iid"))
				.add("status", status.code()));
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (JsonWriter writer = Json.createWriter(out)) {
			writer.write(Json.createObjectBuilder().add("characteristics", statuses).build());
		}
		byte[] bytes = out.toByteArray();
		return new HttpResponse() {

			@Override
			public int getStatusCode() {
				return 207;
			}

			@Override
			public ByteBuffer getBody() {
				return ByteBuffer.wrap(bytes);
			}

			@Override
			public Map<String, String> getHeaders() {
				return Map.of("Content-type", "application/hap+json");
			}

		};
	}

	private record WriteRequest(String getUri, byte[] getBody) implements HttpRequest {

		@Override
		public HttpMethod getMethod() {
			return HttpMethod.PUT;
		}

	}

	@Override
	public byte[] decryptRequest(byte[] ciphertext) {
		return this.delegate.decryptRequest(ciphertext);
	}

	@Override
	public byte[] encryptResponse(byte[] plaintext) throws IOException {
		return this.delegate.encryptResponse(plaintext);
	}

	@Override
	public void close() {
		this.delegate.close();
	}

	@Override
	public void outOfBand(HttpResponse message) {
		this.delegate.outOfBand(message);
	}

}
