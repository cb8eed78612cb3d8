package dev.library.canbus;

import org.jspecify.annotations.Nullable;

/**
 * What the kernel tells of a CAN interface ({@code ip -details -statistics -json link}):
 * link state, controller state, bitrate, error counters and restarts.
 *
 * @param operState the link's operational state ({@code UP}, {@code DOWN}), or
 * {@code null}
 * @param kind the link kind ({@code can}, {@code vcan}), or {@code null}
 * @param state the controller state, {@link ControllerState#UNKNOWN} if the kernel gives
 * none (a vcan interface)
 * @param bitrate the nominal bitrate in bit/s, or {@code null}
 * @param samplePoint the sample point (0.875), or {@code null}
 * @param dataBitrate the CAN FD data bitrate, or {@code null}
 * @param txErrors the transmit error counter, or {@code null}
 * @param rxErrors the receive error counter, or {@code null}
 * @param restartMs the kernel's automatic restart delay after bus-off in ms (0: none), or
 * {@code null}
 * @param busOffs the times the controller went bus-off, or {@code null}
 * @param restarts the times it was restarted, or {@code null}
 * @author Library
 */
public record CanLinkDetails(@Nullable String operState, @Nullable String kind, ControllerState state,
		@Nullable Long bitrate, @Nullable Double samplePoint, @Nullable Long dataBitrate, @Nullable Long txErrors,
		@Nullable Long rxErrors, @Nullable Long restartMs, @Nullable Long busOffs, @Nullable Long restarts) {

}
