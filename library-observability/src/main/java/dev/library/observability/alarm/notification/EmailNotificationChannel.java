package dev.library.observability.alarm.notification;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.util.Assert;

/**
 * Sends each notification as a plain-text e-mail through SMTP (Spring Boot's
 * {@code spring.mail.*} settings). Sending blocks, so it runs on the bounded elastic
 * scheduler, never on an event loop. An authentication failure or an address SMTP refuses
 * to parse is a rejection that retrying cannot change; any other failure may be retried.
 *
 * @author Library
 */
public class EmailNotificationChannel implements NotificationChannel {

	private final String name;

	private final JavaMailSender mailSender;

	private final String from;

	private final List<String> to;

	private final Duration timeout;

	/**
	 * Create a new instance.
	 * @param name the channel name
	 * @param mailSender sends the mail
	 * @param from the sender address
	 * @param to the recipients
	 * @param timeout the longest one attempt may take
	 */
	public EmailNotificationChannel(String name, JavaMailSender mailSender, String from, List<String> to,
			Duration timeout) {
		Assert.hasText(name, "'name' must not be empty");
		Assert.hasText(from, "'from' must not be empty");
		Assert.notEmpty(to, "'to' must not be empty");
		this.name = name;
		this.mailSender = mailSender;
		this.from = from;
		this.to = List.copyOf(to);
		this.timeout = timeout;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public Mono<Void> deliver(AlarmNotification notification) {
		return Mono.<Void>fromRunnable(() -> send(notification))
			.subscribeOn(Schedulers.boundedElastic())
			.timeout(this.timeout)
			.onErrorMap(
					(ex) -> ex instanceof MailAuthenticationException || ex instanceof MailParseException
							|| ex instanceof MailPreparationException,
					(ex) -> new NotificationRejectedException("SMTP refused the mail: " + ex.getMessage()));
	}

	private void send(AlarmNotification notification) {
		SimpleMailMessage message = new SimpleMailMessage();
		message.setFrom(this.from);
		message.setTo(this.to.toArray(String[]::new));
		message.setSubject(subject(notification));
		message.setText(text(notification));
		this.mailSender.send(message);
	}

	static String subject(AlarmNotification notification) {
		return "[" + notification.alarm().severity().name() + "] Alarm "
				+ notification.event().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": "
				+ notification.alarm().id();
	}

	static String text(AlarmNotification notification) {
		var alarm = notification.alarm();
		StringBuilder text = new StringBuilder();
		text.append(alarm.message()).append("\n\n");
		text.append("Alarm:     ").append(alarm.id()).append('\n');
		text.append("State:     ").append(alarm.state()).append('\n');
		text.append("Severity:  ").append(alarm.severity().name().toLowerCase(Locale.ROOT)).append('\n');
		if (alarm.area() != null) {
			text.append("Area:      ").append(alarm.area()).append('\n');
		}
		text.append("Event:     ").append(notification.event().name().toLowerCase(Locale.ROOT)).append('\n');
		text.append("Reason:    ").append(notification.reason()).append('\n');
		text.append("At:        ").append(notification.at()).append('\n');
		if (notification.escalationStep() != null) {
			text.append("Escalation step: ").append(notification.escalationStep()).append('\n');
		}
		text.append("Notification id: ").append(notification.id()).append('\n');
		return text.toString();
	}

	@Override
	public String toString() {
		return "e-mail '" + this.name + "' to " + this.to.size() + " recipient(s)";
	}

}
