package dev.library.secrets;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import dev.library.core.web.JsonRequestBody;
import dev.library.core.web.ProblemException;
import dev.library.core.web.ProblemTypes;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Handles the {@code /secrets} routes. Every access is audited and counted; a value
 * leaves only in the answer of {@code GET /secrets/{name}}, marked not to be stored.
 * Store calls may block, so they run on the bounded elastic scheduler.
 *
 * @author Library
 */
public class SecretHandler {

	private final SecretStore store;

	private final SecretRotator rotator;

	private final SecretAuditLog audit;

	private final SecretMetrics metrics;

	private final ApplicationEventPublisher events;

	private final DataSize maxValueSize;

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	public SecretHandler(SecretStore store, SecretRotator rotator, SecretAuditLog audit, SecretMetrics metrics,
			ApplicationEventPublisher events, DataSize maxValueSize) {
		this.store = store;
		this.rotator = rotator;
		this.audit = audit;
		this.metrics = metrics;
		this.events = events;
		this.maxValueSize = maxValueSize;
	}

	/**
	 * List every secret's metadata, never a value.
	 * @param request the request
	 * @return {@code 200} with {@link SecretList}
	 */
	public Mono<ServerResponse> list(ServerRequest request) {
		return audited(request, "list", null,
				(principal) -> new SecretList(this.store.list().stream().map(SecretView::of).toList()))
			.flatMap((list) -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(list));
	}

	/**
	 * Read the current value of a secret.
	 * @param request the request
	 * @return {@code 200} with {@link SecretValueView}
	 */
	public Mono<ServerResponse> read(ServerRequest request) {
		String name = request.pathVariable("name");
		return audited(request, "read", name, (principal) -> {
			SecretNames.check(name);
			String backend = "unknown";
			try {
				VersionedValue current = this.store.readCurrent(name);
				backend = current.backend();
				SecretValue value = current.value();
				char[] chars = value.chars();
				value.wipe();
				this.metrics.read(backend, "success");
				return new SecretValueView(name, current.version(), new String(chars));
			}
			catch (RuntimeException ex) {
				this.metrics.read(backend, SecretOutcomes.of(ex));
				throw ex;
			}
		}).flatMap((value) -> ServerResponse.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.cacheControl(CacheControl.noStore())
			.bodyValue(value));
	}

	/**
	 * Write a new version of a secret from {@code {"value": "...", "maxAge": "P30D",
	 * "policy": "default"}}; {@code maxAge} and {@code policy} are optional.
	 * @param request the request
	 * @return {@code 200} with the {@link SecretView} after the write
	 */
	public Mono<ServerResponse> write(ServerRequest request) {
		String name = request.pathVariable("name");
		return readSecretBody(request).onErrorResume((ex) -> auditFailure(request, "write", name, ex))
			.flatMap((body) -> audited(request, "write", name, (principal) -> {
				SecretNames.check(name);
				JsonNode value = body.get("value");
				if (value == null || !value.isString()) {
					throw new ProblemException(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION_FAILED, "Invalid secret",
							"The body must hold the value as a string: {\"value\": \"...\"}");
				}
				SecretValue secret = SecretValue.ofString(value.asString());
				if (secret.length() > this.maxValueSize.toBytes()) {
					throw new SecretValueTooLargeException(this.maxValueSize);
				}
				SecretStore.Rotation rotation = rotation(body);
				String backend = "unknown";
				try {
					SecretMetadata written = this.store.write(name, secret, rotation);
					backend = written.backend();
					this.metrics.write(backend, "success");
					this.events.publishEvent(new SecretRotatedEvent(name, backend, written.currentVersion(),
							SecretRotatedEvent.Reason.WRITTEN));
					return SecretView.of(written);
				}
				catch (RuntimeException ex) {
					this.metrics.write(backend, SecretOutcomes.of(ex));
					throw ex;
				}
				finally {
					secret.wipe();
				}
			}))
			.flatMap((view) -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(view));
	}

	/**
	 * Read the body of a write without Spring's JSON decoder, whose debug logging would
	 * print the decoded value, and without echoing any of it in a parse error.
	 */
	private Mono<JsonNode> readSecretBody(ServerRequest request) {
		MediaType contentType = request.headers().contentType().orElse(null);
		if (contentType == null || !MediaType.APPLICATION_JSON.isCompatibleWith(contentType)) {
			ProblemException problem = new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
					ProblemTypes.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type",
					"Content-Type must be application/json");
			problem.getHeaders().setAccept(List.of(MediaType.APPLICATION_JSON));
			return Mono.error(problem);
		}
		return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers())).map((buffer) -> {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			DataBufferUtils.release(buffer);
			try {
				return this.jsonMapper.readTree(bytes);
			}
			catch (JacksonException ex) {
				throw new ProblemException(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_REQUEST,
						"Malformed request body", "The body is not valid JSON; send {\"value\": \"...\"}");
			}
			finally {
				Arrays.fill(bytes, (byte) 0);
			}
		})
			.switchIfEmpty(Mono.error(() -> new ProblemException(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_REQUEST,
					"Malformed request body", "Request body is empty; send {\"value\": \"...\"}")));
	}

	private SecretStore.@Nullable Rotation rotation(JsonNode body) {
		JsonNode maxAge = body.get("maxAge");
		JsonNode policy = body.get("policy");
		if (maxAge == null && policy == null) {
			return null;
		}
		Duration age = null;
		if (maxAge != null && !maxAge.isNull()) {
			try {
				age = Duration.parse(maxAge.asString());
			}
			catch (DateTimeParseException ex) {
				throw new ProblemException(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION_FAILED, "Invalid secret",
						"maxAge must be an ISO-8601 duration such as P30D");
			}
			if (age.isNegative() || age.isZero()) {
				throw new ProblemException(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION_FAILED, "Invalid secret",
						"maxAge must be positive");
			}
		}
		String policyName = (policy != null && !policy.isNull()) ? policy.asString() : null;
		if (policyName != null && this.rotator.policy(policyName) == null) {
			throw unknownPolicy();
		}
		return new SecretStore.Rotation(age, policyName);
	}

	/**
	 * List the versions kept of a secret.
	 * @param request the request
	 * @return {@code 200} with {@link VersionList}
	 */
	public Mono<ServerResponse> versions(ServerRequest request) {
		String name = request.pathVariable("name");
		return audited(request, "versions", name, (principal) -> new VersionList(name, this.store.versions(name)))
			.flatMap((versions) -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(versions));
	}

	/**
	 * Rotate a secret: generate a new value by the secret's policy, by a named one
	 * ({@code {"policy": "..."}}) or by one given inline ({@code {"length": 32,
	 * "alphabet": "..."}}). The new value is not returned.
	 * @param request the request
	 * @return {@code 200} with the {@link SecretView} after the rotation
	 */
	public Mono<ServerResponse> rotate(ServerRequest request) {
		String name = request.pathVariable("name");
		Mono<JsonNode> body = request.headers().contentType().isPresent()
				? JsonRequestBody.read(request, "a policy, or nothing") : Mono.empty();
		return body.map(this::policy)
			.map((policy) -> new PolicyChoice(policy))
			.defaultIfEmpty(new PolicyChoice(null))
			.onErrorResume((ex) -> auditFailure(request, "rotate", name, ex))
			.flatMap((choice) -> principal(request).publishOn(Schedulers.boundedElastic())
				.map((principal) -> this.rotator.rotate(name, choice.policy(), principal,
						SecretRotatedEvent.Reason.ROTATED)))
			.flatMap((rotated) -> ServerResponse.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(SecretView.of(rotated)));
	}

	private @Nullable SecretPolicy policy(JsonNode body) {
		if (body.has("policy")) {
			SecretPolicy named = this.rotator.policy(body.get("policy").asString());
			if (named == null) {
				throw unknownPolicy();
			}
			return named;
		}
		if (body.has("length") || body.has("alphabet")) {
			SecretPolicy defaults = this.rotator.policy(null);
			int length = body.has("length") ? body.get("length").asInt() : (defaults != null) ? defaults.length() : 32;
			String alphabet = body.has("alphabet") ? body.get("alphabet").asString()
					: (defaults != null) ? defaults.alphabet() : SecretPolicy.ALPHANUMERIC;
			try {
				return new SecretPolicy(length, alphabet);
			}
			catch (IllegalArgumentException ex) {
				throw new ProblemException(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION_FAILED, "Invalid policy",
						ex.getMessage());
			}
		}
		return null;
	}

	private static ProblemException unknownPolicy() {
		return new ProblemException(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION_FAILED, "Unknown policy",
				"No policy has this name; policies are declared under library.secrets.policies");
	}

	/**
	 * Soft-delete a secret.
	 * @param request the request
	 * @return {@code 204}
	 */
	public Mono<ServerResponse> delete(ServerRequest request) {
		String name = request.pathVariable("name");
		return audited(request, "delete", name, (principal) -> {
			String backend = "unknown";
			try {
				backend = this.store.metadata(name).backend();
				this.store.delete(name);
				this.metrics.write(backend, "success");
				return name;
			}
			catch (RuntimeException ex) {
				this.metrics.write(backend, SecretOutcomes.of(ex));
				throw ex;
			}
		}).flatMap((deleted) -> ServerResponse.noContent().build());
	}

	/**
	 * Bring back a soft-deleted secret.
	 * @param request the request
	 * @return {@code 200} with the {@link SecretView}
	 */
	public Mono<ServerResponse> undelete(ServerRequest request) {
		String name = request.pathVariable("name");
		return audited(request, "undelete", name, (principal) -> SecretView.of(this.store.undelete(name)))
			.flatMap((view) -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(view));
	}

	/**
	 * Return the audit log, newest first.
	 * @param request the request
	 * @return {@code 200} with {@link AuditList}
	 */
	public Mono<ServerResponse> audit(ServerRequest request) {
		return ServerResponse.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(new AuditList(this.audit.entries()));
	}

	private <T> Mono<T> audited(ServerRequest request, String action, @Nullable String name,
			Function<String, T> operation) {
		return principal(request).publishOn(Schedulers.boundedElastic()).map((principal) -> {
			String auditedName = (name != null && SecretNames.isValid(name)) ? name : null;
			try {
				T result = operation.apply(principal);
				this.audit.record(principal, action, auditedName, "success");
				return result;
			}
			catch (RuntimeException ex) {
				this.audit.record(principal, action, auditedName, SecretOutcomes.of(ex));
				throw ex;
			}
		});
	}

	private <T> Mono<T> auditFailure(ServerRequest request, String action, String name, Throwable failure) {
		return principal(request)
			.doOnNext((principal) -> this.audit.record(principal, action, SecretNames.isValid(name) ? name : null,
					"bad-request"))
			.then(Mono.error(failure));
	}

	private static Mono<String> principal(ServerRequest request) {
		return request.principal().map(Principal::getName).defaultIfEmpty("anonymous");
	}

	private record PolicyChoice(@Nullable SecretPolicy policy) {

	}

	/**
	 * A secret's metadata as answered.
	 *
	 * @param name the name
	 * @param backend the backend
	 * @param currentVersion the version reads return
	 * @param versions how many versions are kept
	 * @param created when the first version was written
	 * @param lastRotated when the current version was written
	 * @param nextRotation when it is next rotated, or {@code null}
	 * @param maxAge the maximum age, or {@code null}
	 * @param policy the generation policy, or {@code null} for the default
	 * @param deleted whether it is soft-deleted
	 */
	public record SecretView(String name, String backend, int currentVersion, int versions, Instant created,
			Instant lastRotated, @Nullable Instant nextRotation, @Nullable Duration maxAge, @Nullable String policy,
			boolean deleted) {

		static SecretView of(SecretMetadata metadata) {
			return new SecretView(metadata.name(), metadata.backend(), metadata.currentVersion(), metadata.versions(),
					metadata.created(), metadata.lastRotated(), metadata.nextRotation(), metadata.maxAge(),
					metadata.policy(), metadata.deleted());
		}

	}

	/**
	 * Answer of {@code GET /secrets}.
	 *
	 * @param secrets every secret, by name
	 */
	public record SecretList(List<SecretView> secrets) {

	}

	/**
	 * Answer of {@code GET /secrets/{name}}.
	 *
	 * @param name the name
	 * @param version the version
	 * @param value the value
	 */
	public record SecretValueView(String name, int version, String value) {

		@Override
		public String toString() {
			return "SecretValueView[name=" + this.name + ", version=" + this.version + ", value=redacted]";
		}

	}

	/**
	 * Answer of {@code GET /secrets/{name}/versions}.
	 *
	 * @param name the name
	 * @param versions the kept versions, oldest first
	 */
	public record VersionList(String name, List<SecretVersion> versions) {

	}

	/**
	 * Answer of {@code GET /secrets/audit}.
	 *
	 * @param entries the kept entries, newest first
	 */
	public record AuditList(List<SecretAuditLog.Entry> entries) {

	}

}
