package dev.library.adapters;

import dev.library.adapters.spi.PointConfig;
import org.jspecify.annotations.Nullable;

/**
 * Told about every output an {@link AdapterSupervisor} drives to its safe state of its
 * own accord (start-up, lost contact, shutdown, interlock), so that it can be audited.
 *
 * @author Library
 */
@FunctionalInterface
public interface SafeStateListener {

	/**
	 * Called on the supervisor's thread after each attempt.
	 * @param point the output
	 * @param reason why it was driven safe
	 * @param failure why the write failed, or {@code null} if it was confirmed
	 */
	void drivenSafe(PointConfig point, String reason, @Nullable String failure);

}
