package dev.library.observability.alarm.notification;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.library.core.component.ComponentDescriptor;
import dev.library.core.component.LibraryComponent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The {@code alarm-notifications} component: delivers alarm notifications and, on a
 * thread of its own ({@code library-alarm-escalation}), checks the escalation steps and
 * the end of floods.
 *
 * @author Library
 */
public class AlarmNotificationsComponent implements LibraryComponent {

	/**
	 * The component's descriptor.
	 */
	public static final ComponentDescriptor DESCRIPTOR = ComponentDescriptor.mandatory("alarm-notifications")
		.description("Alarm notifications (webhook, log) and escalation")
		.dependsOn("alarms")
		.build();

	private static final Log logger = LogFactory.getLog(AlarmNotificationsComponent.class);

	private final NotificationDispatcher dispatcher;

	private final AlarmEscalator escalator;

	private final Duration checkInterval;

	private @Nullable Scheduler timer;

	/**
	 * Create a new instance.
	 * @param dispatcher delivers the notifications
	 * @param escalator checks the escalation steps
	 * @param checkInterval how often the escalation steps are checked
	 */
	public AlarmNotificationsComponent(NotificationDispatcher dispatcher, AlarmEscalator escalator,
			Duration checkInterval) {
		this.dispatcher = dispatcher;
		this.escalator = escalator;
		this.checkInterval = checkInterval;
	}

	@Override
	public ComponentDescriptor descriptor() {
		return DESCRIPTOR;
	}

	@Override
	public synchronized void start() {
		this.dispatcher.start();
		long interval = this.checkInterval.toMillis();
		Scheduler scheduler = Schedulers.newSingle("library-alarm-escalation", true);
		scheduler.schedulePeriodically(this::check, interval, interval, TimeUnit.MILLISECONDS);
		this.timer = scheduler;
	}

	@Override
	public synchronized void stop() {
		if (this.timer != null) {
			this.timer.dispose();
			this.timer = null;
		}
		this.dispatcher.stop();
	}

	private void check() {
		try {
			this.escalator.check();
			this.dispatcher.checkFloods();
		}
		catch (RuntimeException ex) {
			// A failed run must not end the periodic task.
			logger.warn("Alarm escalation check failed", ex);
		}
	}

}
