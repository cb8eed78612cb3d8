package dev.library.observability.alarm.notification;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.library.observability.alarm.AlarmConditionType;
import dev.library.observability.alarm.AlarmDefinition;
import dev.library.observability.alarm.AlarmEngine;
import dev.library.observability.alarm.AlarmEventPublisher;
import dev.library.observability.alarm.AlarmSeverity;
import dev.library.state.Quality;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.mail.javamail.JavaMailSenderImpl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * E-mail notifications against a real SMTP server in the test's process (GreenMail) on a
 * random local port: the mail a raised alarm sends, and dead letters once the server is
 * gone.
 *
 * @author Library
 */
class EmailDeliveryIntegrationTests {

	private GreenMail smtp;

	private NotificationDispatcher dispatcher;

	private AlarmEngine engine;

	@BeforeEach
	void start() {
		this.smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
		this.smtp.start();
		JavaMailSenderImpl sender = new JavaMailSenderImpl();
		sender.setHost("127.0.0.1");
		sender.setPort(this.smtp.getSmtp().getPort());
		// socket timeouts, so that a silent server fails an attempt instead of holding a
		// thread (as spring.mail.properties.mail.smtp.* does in an application)
		sender.getJavaMailProperties().put("mail.smtp.connectiontimeout", "5000");
		sender.getJavaMailProperties().put("mail.smtp.timeout", "5000");
		EmailNotificationChannel channel = new EmailNotificationChannel("operators", sender, "library@plant.example",
				List.of("shift@plant.example", "maintenance@plant.example"), Duration.ofSeconds(10));
		this.dispatcher = new NotificationDispatcher(List.of(channel),
				List.of(new ChannelSubscription(channel, Set.of(NotificationEvent.RAISED), Set.of(), Set.of())),
				new DeliveryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(200), 100, 1), Clock.systemUTC(),
				new SimpleMeterRegistry());
		AlarmEventPublisher publisher = new AlarmEventPublisher();
		publisher.addListener(this.dispatcher);
		AlarmDefinition definition = new AlarmDefinition("tank-hot", "plant.tank1.temperature", AlarmConditionType.HI,
				80.0, 0, null, Duration.ZERO, Duration.ZERO, null, null, AlarmSeverity.CRITICAL, "", "°C", Set.of(),
				"north", null);
		this.engine = new AlarmEngine(List.of(definition), Clock.systemUTC(), Duration.ofHours(1), publisher);
		this.dispatcher.start();
	}

	@AfterEach
	void stop() {
		this.dispatcher.stop();
		this.smtp.stop();
	}

	@Test
	void aRaisedAlarmIsMailedToEveryRecipient() throws Exception {
		this.engine.update("plant.tank1.temperature", JsonNodeFactory.instance.numberNode(95), Quality.GOOD);
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(this.smtp.getReceivedMessages())
				.as("dead letters: %s", this.dispatcher.deadLetters())
				.hasSize(2));
		MimeMessage[] received = this.smtp.getReceivedMessages();
		assertThat(received).hasSize(2);
		MimeMessage mail = received[0];
		assertThat(mail.getSubject()).isEqualTo("[CRITICAL] Alarm raised: tank-hot.plant.tank1.temperature");
		assertThat(mail.getFrom()[0].toString()).isEqualTo("library@plant.example");
		assertThat(mail.getRecipients(Message.RecipientType.TO)).extracting(Object::toString)
			.containsExactly("shift@plant.example", "maintenance@plant.example");
		String body = (String) mail.getContent();
		assertThat(body).contains("plant.tank1.temperature is 95 °C, above 80")
			.contains("State:     UNACK")
			.contains("Area:      north")
			.contains("Notification id: ");
	}

	@Test
	void aMailServerThatIsGoneLeavesADeadLetterAfterTheLastAttempt() {
		this.smtp.stop();
		this.engine.update("plant.tank1.temperature", JsonNodeFactory.instance.numberNode(95), Quality.GOOD);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.dispatcher.deadLetters()).hasSize(1));
		DeadLetter letter = this.dispatcher.deadLetters().get(0);
		assertThat(letter.channel()).isEqualTo("operators");
		assertThat(letter.attempts()).isEqualTo(3);
		assertThat(letter.reason()).containsIgnoringCase("connect");
	}

}
