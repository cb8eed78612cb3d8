package dev.library.observability.alarm.notification;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.library.observability.alarm.Alarm;
import org.jspecify.annotations.Nullable;

/**
 * Counts raised alarms per area in a sliding window and tells the
 * {@link NotificationDispatcher} when an area starts and stops flooding.
 *
 * @author Library
 */
final class FloodDetector {

	private final FloodPolicy policy;

	private final Map<String, Area> areas = new HashMap<>();

	FloodDetector(FloodPolicy policy) {
		this.policy = policy;
	}

	FloodPolicy policy() {
		return this.policy;
	}

	/**
	 * Count a raised alarm.
	 * @param alarm the alarm
	 * @param at when it was raised
	 * @return what to do with its notification
	 */
	synchronized Verdict raised(Alarm alarm, Instant at) {
		if (!this.policy.isEnabled()) {
			return Verdict.SEND;
		}
		Area area = this.areas.computeIfAbsent(name(alarm), (name) -> new Area());
		area.raised.addLast(at);
		prune(area, at);
		area.lastAlarm = alarm;
		if (area.flooding) {
			area.heldBack++;
			return Verdict.HOLD;
		}
		if (area.raised.size() > this.policy.maxRaised()) {
			area.flooding = true;
			area.heldBack = 1;
			return Verdict.FLOOD_STARTED;
		}
		return Verdict.SEND;
	}

	/**
	 * End the floods of areas whose rate fell back to the limit.
	 * @param now the time now
	 * @return the floods that ended
	 */
	synchronized List<EndedFlood> endFloods(Instant now) {
		List<EndedFlood> ended = new ArrayList<>();
		for (Map.Entry<String, Area> entry : this.areas.entrySet()) {
			Area area = entry.getValue();
			prune(area, now);
			if (area.flooding && area.raised.size() <= this.policy.maxRaised() && area.lastAlarm != null) {
				area.flooding = false;
				ended.add(new EndedFlood(entry.getKey(), area.heldBack, area.lastAlarm));
				area.heldBack = 0;
			}
		}
		this.areas.values().removeIf((area) -> !area.flooding && area.raised.isEmpty());
		return ended;
	}

	/**
	 * Return the areas flooding now.
	 * @return the area names ({@code ""} for alarms without an area)
	 */
	synchronized List<String> flooding() {
		return this.areas.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().flooding)
			.map(Map.Entry::getKey)
			.sorted()
			.toList();
	}

	private void prune(Area area, Instant now) {
		Instant since = now.minus(this.policy.window());
		while (!area.raised.isEmpty() && !area.raised.peekFirst().isAfter(since)) {
			area.raised.removeFirst();
		}
	}

	static String name(Alarm alarm) {
		return (alarm.area() != null) ? alarm.area() : "";
	}

	/**
	 * What to do with the notification of a raised alarm.
	 */
	enum Verdict {

		/**
		 * Send it.
		 */
		SEND,

		/**
		 * Its area started flooding with it: send a flood notification instead.
		 */
		FLOOD_STARTED,

		/**
		 * Its area is flooding: hold it back.
		 */
		HOLD

	}

	record EndedFlood(String area, int heldBack, Alarm lastAlarm) {
	}

	private static final class Area {

		private final Deque<Instant> raised = new ArrayDeque<>();

		private boolean flooding;

		private int heldBack;

		private @Nullable Alarm lastAlarm;

	}

}
