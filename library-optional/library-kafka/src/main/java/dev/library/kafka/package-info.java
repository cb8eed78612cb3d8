/**
 * Kafka event streaming: state changes, alarm transitions and command results published
 * as CloudEvents, commands consumed from a topic, and the declared topics.
 */
@NullMarked
package dev.library.kafka;

import org.jspecify.annotations.NullMarked;
