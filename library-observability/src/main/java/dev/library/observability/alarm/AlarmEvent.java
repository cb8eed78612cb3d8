package dev.library.observability.alarm;

/**
 * A transition together with the alarm after it, as {@code GET /alarms/watch} streams it
 * and the history keeps it.
 *
 * @param transition the transition
 * @param alarm the alarm after it
 * @author Library
 */
public record AlarmEvent(AlarmTransition transition, Alarm alarm) {

}
