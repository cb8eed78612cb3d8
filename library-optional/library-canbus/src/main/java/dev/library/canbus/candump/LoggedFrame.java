package dev.library.canbus.candump;

import dev.library.canbus.CanFrame;
import org.jspecify.annotations.Nullable;

/**
 * A frame read from a candump log.
 *
 * @param timestampNanos when it was logged, in nanoseconds since the log's epoch, or
 * {@code null} for the screen format without timestamps
 * @param interfaceName the interface it was logged on
 * @param frame the frame
 * @author Library
 */
public record LoggedFrame(@Nullable Long timestampNanos, String interfaceName, CanFrame frame) {

}
