package dev.library.observability.alarm.notification;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLPeerUnverifiedException;

import dev.library.observability.alarm.AlarmConditionType;
import dev.library.observability.alarm.AlarmDefinition;
import dev.library.observability.alarm.AlarmEngine;
import dev.library.observability.alarm.AlarmEventPublisher;
import dev.library.observability.alarm.AlarmSeverity;
import dev.library.security.tls.SslBundleClientHttpConnector;
import dev.library.state.Quality;
import dev.library.vault.OpensslCertificates;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhook notifications over real TLS handshakes with mutual authentication, the client's
 * TLS taken from a Spring Boot SSL bundle: certificates made at test time with openssl, a
 * receiver that requires a client certificate of its CA, rotation of the bundle without a
 * new client, and a bundle that trusts another CA refused by the handshake.
 *
 * @author Library
 */
class WebhookTlsIntegrationTests {

	private static final JsonMapper jsonMapper = JsonMapper.builder().build();

	private final List<String> clientsSeen = new CopyOnWriteArrayList<>();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final DefaultSslBundleRegistry bundles = new DefaultSslBundleRegistry();

	private OpensslCertificates ca;

	private DisposableServer receiver;

	private NotificationDispatcher dispatcher;

	private AlarmEngine engine;

	@BeforeEach
	void startReceiverRequiringClientCertificates(@TempDir Path directory) throws Exception {
		this.ca = OpensslCertificates.authority(directory, "webhook-ca");
		this.ca.issue("webhook-ca", "receiver", "IP:127.0.0.1,DNS:localhost");
		this.ca.issue("webhook-ca", "alarm-client", null);
		this.ca.issue("webhook-ca", "alarm-client-renewed", null);
		OpensslCertificates.authority(directory, "other-ca");
		this.receiver = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.secure((spec) -> spec.sslContext(Http11SslContextSpec
				.forServer(this.ca.file("receiver.crt").toFile(), this.ca.file("receiver.key").toFile())
				.configure((builder) -> builder.trustManager(this.ca.file("webhook-ca.crt").toFile())
					.clientAuth(ClientAuth.REQUIRE))))
			.route((routes) -> routes.post("/alarms", (request, response) -> {
				request.withConnection((connection) -> this.clientsSeen
					.add(clientName(connection.channel().pipeline().get(SslHandler.class))));
				return response.status(200).sendString(request.receive().aggregate().asString().map((body) -> "ok"));
			}))
			.bindNow();
	}

	@AfterEach
	void stop() {
		if (this.dispatcher != null) {
			this.dispatcher.stop();
		}
		this.receiver.disposeNow();
	}

	@Test
	void aNotificationIsPostedOverMutualTlsAndTheRenewedClientCertificateIsPresentedWithoutRestart() throws Exception {
		this.bundles.registerBundle("webhook", bundle("alarm-client", "webhook-ca"));
		start(webhook());
		raise();
		await().untilAsserted(() -> assertThat(this.clientsSeen).containsExactly("CN=alarm-client"));
		await().untilAsserted(() -> assertThat(count("delivered")).isEqualTo(1));
		this.bundles.updateBundle("webhook", bundle("alarm-client-renewed", "webhook-ca"));
		clear();
		raise();
		await().untilAsserted(
				() -> assertThat(this.clientsSeen).containsExactly("CN=alarm-client", "CN=alarm-client-renewed"));
	}

	@Test
	void aBundleThatTrustsAnotherCaFailsTheHandshakeAndNothingIsPosted() throws Exception {
		this.bundles.registerBundle("webhook", bundle("alarm-client", "other-ca"));
		start(webhook());
		raise();
		await().untilAsserted(() -> assertThat(this.dispatcher.deadLetters()).hasSize(1));
		assertThat(this.dispatcher.deadLetters().get(0).reason()).containsIgnoringCase("certificate");
		assertThat(this.clientsSeen).isEmpty();
		assertThat(count("delivered")).isZero();
	}

	private SslBundle bundle(String client, String trusted) throws Exception {
		return SslBundle.of(new PemSslStoreBundle(
				PemSslStoreDetails.forCertificate(this.ca.pem(client + ".crt"))
					.withPrivateKey(this.ca.pem(client + ".key")),
				PemSslStoreDetails.forCertificate(this.ca.pem(trusted + ".crt"))));
	}

	private WebhookNotificationChannel webhook() {
		URI url = URI.create("https://127.0.0.1:" + this.receiver.port() + "/alarms");
		WebClient client = WebClient.builder()
			.clientConnector(new SslBundleClientHttpConnector(this.bundles, "webhook", HttpClient.create()))
			.build();
		return new WebhookNotificationChannel("secure", url,
				new WebhookSignature("a-shared-webhook-signing-key".getBytes(StandardCharsets.UTF_8)),
				Duration.ofSeconds(10), client, jsonMapper, Clock.systemUTC());
	}

	private void start(NotificationChannel channel) {
		this.dispatcher = new NotificationDispatcher(List.of(channel),
				List.of(new ChannelSubscription(channel, Set.of(NotificationEvent.RAISED), Set.of(), Set.of())),
				new DeliveryPolicy(2, Duration.ofMillis(50), Duration.ofMillis(200), 100, 4), Clock.systemUTC(),
				this.meters);
		AlarmEventPublisher publisher = new AlarmEventPublisher();
		publisher.addListener(this.dispatcher);
		AlarmDefinition definition = new AlarmDefinition("tank-hot", "plant.tank1.temperature", AlarmConditionType.HI,
				80.0, 0, null, Duration.ZERO, Duration.ZERO, null, null, AlarmSeverity.CRITICAL, "", "°C", Set.of(),
				null, null);
		this.engine = new AlarmEngine(List.of(definition), Clock.systemUTC(), Duration.ofHours(1), publisher);
		this.dispatcher.start();
	}

	private void raise() {
		this.engine.update("plant.tank1.temperature", JsonNodeFactory.instance.numberNode(95), Quality.GOOD);
	}

	private void clear() {
		this.engine.update("plant.tank1.temperature", JsonNodeFactory.instance.numberNode(20), Quality.GOOD);
		this.engine.acknowledge("tank-hot.plant.tank1.temperature", "token:operator", null);
	}

	private double count(String outcome) {
		return this.meters.get("library.alarms.notifications")
			.tag("channel", "secure")
			.tag("outcome", outcome)
			.counter()
			.count();
	}

	private static String clientName(SslHandler ssl) {
		try {
			return ((X509Certificate) ssl.engine().getSession().getPeerCertificates()[0]).getSubjectX500Principal()
				.getName();
		}
		catch (SSLPeerUnverifiedException ex) {
			return "none";
		}
	}

}
