/**
 * Alarm notifications: channels (webhook, log), what each is told, delivery with retries
 * and dead letters, and escalation of alarms left unacknowledged.
 */
@NullMarked
package dev.library.observability.alarm.notification;

import org.jspecify.annotations.NullMarked;
