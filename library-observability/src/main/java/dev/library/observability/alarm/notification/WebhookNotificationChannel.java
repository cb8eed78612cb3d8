package dev.library.observability.alarm.notification;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Posts each notification as JSON to a URL, signed with HMAC-SHA256
 * ({@link WebhookSignature}) and carrying its id in {@value #ID_HEADER} so that the
 * receiver can drop a duplicate delivery. A {@code 2xx} answer is a delivery;
 * {@code 408}, {@code 429}, {@code 5xx}, a timeout or a connection failure may be
 * retried; any other answer is a rejection that retrying cannot change.
 *
 * @author Library
 */
public class WebhookNotificationChannel implements NotificationChannel {

	/**
	 * The header that carries the notification id.
	 */
	public static final String ID_HEADER = "Library-Notification-Id";

	private final String name;

	private final URI url;

	private final WebhookSignature signature;

	private final Duration timeout;

	private final WebClient webClient;

	private final JsonMapper jsonMapper;

	private final Clock clock;

	/**
	 * Create a new instance.
	 * @param name the channel name
	 * @param url where to post
	 * @param signature signs each body
	 * @param timeout the longest one attempt may take
	 * @param webClient the client to post with
	 * @param jsonMapper writes the body
	 * @param clock the clock of the signature's timestamp
	 */
	public WebhookNotificationChannel(String name, URI url, WebhookSignature signature, Duration timeout,
			WebClient webClient, JsonMapper jsonMapper, Clock clock) {
		Assert.hasText(name, "'name' must not be empty");
		Assert.isTrue(url.isAbsolute() && ("http".equals(url.getScheme()) || "https".equals(url.getScheme())),
				"A webhook URL must be an absolute http or https URL");
		this.name = name;
		this.url = url;
		this.signature = signature;
		this.timeout = timeout;
		this.webClient = webClient;
		this.jsonMapper = jsonMapper;
		this.clock = clock;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public Mono<Void> deliver(AlarmNotification notification) {
		return Mono.defer(() -> {
			byte[] body = this.jsonMapper.writeValueAsBytes(notification);
			String signed = this.signature.sign(this.clock.instant().getEpochSecond(), body);
			return this.webClient.post()
				.uri(this.url)
				.contentType(MediaType.APPLICATION_JSON)
				.header(WebhookSignature.HEADER, signed)
				.header(ID_HEADER, notification.id())
				.bodyValue(body)
				.exchangeToMono((response) -> {
					HttpStatusCode status = response.statusCode();
					if (status.is2xxSuccessful()) {
						return response.releaseBody();
					}
					Mono<Void> release = response.releaseBody();
					if (status.is5xxServerError() || status.value() == 408 || status.value() == 429) {
						return release.then(Mono.error(new IllegalStateException(
								"Webhook " + this.url + " answered " + status.value() + ", will retry")));
					}
					return release.then(Mono.error(
							new NotificationRejectedException("Webhook " + this.url + " answered " + status.value())));
				})
				.timeout(this.timeout);
		});
	}

	@Override
	public String toString() {
		return "webhook '" + this.name + "' to " + this.url;
	}

}
