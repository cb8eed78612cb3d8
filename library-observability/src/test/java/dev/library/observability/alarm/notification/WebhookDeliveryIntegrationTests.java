package dev.library.observability.alarm.notification;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.library.observability.alarm.AlarmConditionType;
import dev.library.observability.alarm.AlarmDefinition;
import dev.library.observability.alarm.AlarmEngine;
import dev.library.observability.alarm.AlarmEventPublisher;
import dev.library.observability.alarm.AlarmSeverity;
import dev.library.state.Quality;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhook notifications against a real HTTP server on a random local port: signature,
 * retries with back-off, dead letters, and a hanging receiver that holds up nothing else.
 *
 * @author Library
 */
class WebhookDeliveryIntegrationTests {

	private static final byte[] KEY = "a-shared-webhook-signing-key".getBytes(StandardCharsets.UTF_8);

	private static final JsonMapper jsonMapper = JsonMapper.builder().build();

	/** What each path answers, in turn; the last answer repeats. 0 means never answer. */
	private final Map<String, Queue<Integer>> answers = new ConcurrentHashMap<>();

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private DisposableServer server;

	private NotificationDispatcher dispatcher;

	private AlarmEngine engine;

	record Received(String path, HttpHeaders headers, byte[] body) {

		JsonNode json() {
			return jsonMapper.readTree(this.body);
		}

	}

	@BeforeEach
	void startServer() {
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route((routes) -> routes.post("/{path}",
					(request, response) -> request.receive()
						.aggregate()
						.asByteArray()
						.defaultIfEmpty(new byte[0])
						.flatMap((body) -> {
							String path = request.param("path");
							this.received.add(new Received(path, request.requestHeaders().copy(), body));
							Queue<Integer> queue = this.answers.getOrDefault(path,
									new ConcurrentLinkedQueue<>(List.of(200)));
							Integer status = (queue.size() > 1) ? queue.poll() : queue.peek();
							if (status == null || status == 0) {
								return Mono.never();
							}
							return response.status(status).sendString(Mono.just("answer " + status)).then();
						})))
			.bindNow();
	}

	@AfterEach
	void stop() {
		if (this.dispatcher != null) {
			this.dispatcher.stop();
		}
		this.server.disposeNow();
	}

	private void answer(String path, Integer... statuses) {
		this.answers.put(path, new ConcurrentLinkedQueue<>(List.of(statuses)));
	}

	private WebhookNotificationChannel webhook(String name, String path, Duration timeout) {
		URI url = URI.create("http://127.0.0.1:" + this.server.port() + "/" + path);
		WebClient client = WebClient.builder().clientConnector(new ReactorClientHttpConnector()).build();
		return new WebhookNotificationChannel(name, url, new WebhookSignature(KEY), timeout, client, jsonMapper,
				Clock.systemUTC());
	}

	private void start(NotificationChannel... channels) {
		List<ChannelSubscription> subscriptions = java.util.Arrays.stream(channels)
			.map((channel) -> new ChannelSubscription(channel, Set.of(NotificationEvent.RAISED), Set.of(), Set.of()))
			.toList();
		this.dispatcher = new NotificationDispatcher(List.of(channels), subscriptions,
				new DeliveryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(200), 100, 4), Clock.systemUTC(),
				this.meters);
		AlarmEventPublisher publisher = new AlarmEventPublisher();
		publisher.addListener(this.dispatcher);
		AlarmDefinition definition = new AlarmDefinition("tank-hot", "plant.tank1.temperature", AlarmConditionType.HI,
				80.0, 0, null, Duration.ZERO, Duration.ZERO, null, null, AlarmSeverity.CRITICAL, "", "°C", Set.of(),
				"north", null);
		this.engine = new AlarmEngine(List.of(definition), Clock.systemUTC(), Duration.ofHours(1), publisher);
		this.dispatcher.start();
	}

	private void raise() {
		this.engine.update("plant.tank1.temperature", JsonNodeFactory.instance.numberNode(95), Quality.GOOD);
	}

	private double count(String channel, String outcome) {
		return this.meters.get("library.alarms.notifications")
			.tag("channel", channel)
			.tag("outcome", outcome)
			.counter()
			.count();
	}

	@Test
	void aRaisedAlarmIsPostedSignedWithItsId() {
		start(webhook("ops", "ops", Duration.ofSeconds(5)));
		raise();
		await().untilAsserted(() -> assertThat(this.received).hasSize(1));
		Received request = this.received.get(0);
		JsonNode body = request.json();
		assertThat(body.get("event").asString()).isEqualTo("RAISED");
		assertThat(body.get("alarm").get("id").asString()).isEqualTo("tank-hot.plant.tank1.temperature");
		assertThat(body.get("alarm").get("severity").asString()).isEqualTo("CRITICAL");
		assertThat(body.get("alarm").get("state").asString()).isEqualTo("UNACK");
		assertThat(request.headers().get(WebhookNotificationChannel.ID_HEADER)).isEqualTo(body.get("id").asString());
		assertThat(request.headers().get("Content-Type")).startsWith("application/json");
		String signature = request.headers().get(WebhookSignature.HEADER);
		assertThat(signature).matches("t=\\d+,v1=[0-9a-f]{64}");
		assertThat(new WebhookSignature(KEY).verify(signature, request.body())).isTrue();
		assertThat(new WebhookSignature("another-key-of-sixteen-bytes".getBytes(StandardCharsets.UTF_8))
			.verify(signature, request.body())).isFalse();
		byte[] tampered = request.body().clone();
		tampered[tampered.length - 2] ^= 1;
		assertThat(new WebhookSignature(KEY).verify(signature, tampered)).isFalse();
		await().untilAsserted(() -> assertThat(count("ops", "delivered")).isEqualTo(1));
	}

	@Test
	void serverErrorsAreRetriedUntilTheReceiverTakesTheNotification() {
		answer("flaky", 503, 503, 200);
		start(webhook("flaky", "flaky", Duration.ofSeconds(5)));
		raise();
		await().untilAsserted(() -> assertThat(count("flaky", "delivered")).isEqualTo(1));
		assertThat(this.received).hasSize(3);
		assertThat(this.received).extracting((request) -> request.headers().get(WebhookNotificationChannel.ID_HEADER))
			.containsOnly(this.received.get(0).headers().get(WebhookNotificationChannel.ID_HEADER));
		assertThat(count("flaky", "retried")).isEqualTo(2);
		assertThat(this.dispatcher.deadLetters()).isEmpty();
	}

	@Test
	void aNotificationThatKeepsFailingGoesToTheDeadLettersAfterTheLastAttempt() {
		answer("down", 500);
		start(webhook("down", "down", Duration.ofSeconds(5)));
		raise();
		await().untilAsserted(() -> assertThat(this.dispatcher.deadLetters()).hasSize(1));
		DeadLetter letter = this.dispatcher.deadLetters().get(0);
		assertThat(letter.channel()).isEqualTo("down");
		assertThat(letter.attempts()).isEqualTo(3);
		assertThat(letter.reason()).contains("500");
		assertThat(letter.notification().alarm().id()).isEqualTo("tank-hot.plant.tank1.temperature");
		assertThat(this.received).hasSize(3);
		assertThat(count("down", "dead-lettered")).isEqualTo(1);
		assertThat(count("down", "delivered")).isZero();
	}

	@Test
	void aRejectionIsNotRetried() {
		answer("refusing", 401);
		start(webhook("refusing", "refusing", Duration.ofSeconds(5)));
		raise();
		await().untilAsserted(() -> assertThat(this.dispatcher.deadLetters()).hasSize(1));
		assertThat(this.dispatcher.deadLetters().get(0).attempts()).isEqualTo(1);
		assertThat(this.dispatcher.deadLetters().get(0).reason()).contains("401");
		assertThat(this.received).hasSize(1);
	}

	@Test
	void aReceiverThatNeverAnswersHoldsUpNeitherTheEngineNorTheOtherChannels() {
		answer("hanging", 0);
		start(webhook("hanging", "hanging", Duration.ofSeconds(30)), webhook("ops", "ops", Duration.ofSeconds(5)));
		raise();
		this.engine.update("plant.tank1.temperature", JsonNodeFactory.instance.numberNode(20), Quality.GOOD);
		this.engine.acknowledge("tank-hot.plant.tank1.temperature", "token:operator", null);
		raise();
		// both activations reach the healthy channel while the first attempt to the
		// hanging one is still open (its timeout is 30 s)
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(
					() -> assertThat(this.received).filteredOn((request) -> request.path().equals("ops")).hasSize(2));
		// its first attempt reaches the receiver, which keeps it open
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.received).filteredOn((request) -> request.path().equals("hanging"))
				.isNotEmpty());
		assertThat(count("hanging", "delivered")).isZero();
		assertThat(this.dispatcher.deadLetters()).isEmpty();
	}

}
