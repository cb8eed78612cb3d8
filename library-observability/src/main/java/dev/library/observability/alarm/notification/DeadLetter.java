package dev.library.observability.alarm.notification;

import java.time.Instant;

/**
 * A notification a channel could not deliver.
 *
 * @param channel the channel's name
 * @param notification the notification
 * @param attempts how many attempts were made (0 when the channel's queue was full)
 * @param reason the last failure
 * @param at when it was given up
 * @author Library
 */
public record DeadLetter(String channel, AlarmNotification notification, int attempts, String reason, Instant at) {

}
