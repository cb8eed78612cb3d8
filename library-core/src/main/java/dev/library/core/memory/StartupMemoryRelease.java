package dev.library.core.memory;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Returns the heap grown for start-up garbage to the operating system once the
 * application is ready, by running one full garbage collection before readiness is
 * reported. Start-up allocates several times the memory the platform keeps; without this
 * the JVM holds on to it, which matters on a Raspberry Pi and in a container with a
 * memory limit. Costs one collection of a small live heap, typically tens of
 * milliseconds.
 *
 * @author Library
 */
public class StartupMemoryRelease implements ApplicationListener<ApplicationReadyEvent> {

	private static final Log logger = LogFactory.getLog(StartupMemoryRelease.class);

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long before = memory.getHeapMemoryUsage().getCommitted();
		long startedAt = System.nanoTime();
		memory.gc();
		long after = memory.getHeapMemoryUsage().getCommitted();
		logger.info("Released start-up memory: heap committed " + mebibytes(before) + " MiB -> " + mebibytes(after)
				+ " MiB in " + (System.nanoTime() - startedAt) / 1_000_000 + " ms");
	}

	private static long mebibytes(long bytes) {
		return bytes / (1024 * 1024);
	}

}
