package dev.library.core.memory;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

import javax.management.JMException;
import javax.management.ObjectName;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Returns the heap grown for start-up garbage to the operating system once the
 * application is ready, by running one full garbage collection before readiness is
 * reported. Start-up allocates several times the memory the platform keeps; without this
 * the JVM holds on to it, which matters on a Raspberry Pi and in a container with a
 * memory limit. Costs one collection of a small live heap, typically tens of
 * milliseconds.
 * <p>
 * After a full collection the JVM keeps up to {@code MaxHeapFreeRatio} (70 % by default)
 * of the heap free, so most of the start-up heap would stay committed. Both free ratios
 * are manageable options: they are lowered for this one collection and put back at once,
 * so the heap grows and shrinks as configured from then on. An option set on the command
 * line is respected as given.
 * <p>
 * The heap is shrunk to twice the live data, not to the live data alone. G1 counts the
 * pause of this full collection in its recent pause time ratio, and the first requests
 * the ready application serves allocate several MiB: in a heap with almost no free space
 * they start another collection at once, which finds the ratio high and expands the heap
 * by far more than was released (measured: 40 MiB back to 216 MiB, about 30 MiB more
 * resident memory at readiness than with the larger target).
 * <p>
 * Then the C library is asked to return the native memory it freed (the JIT compilers'
 * arenas above all), another 15 to 20 MiB of resident memory on Linux.
 *
 * @author Library
 */
public class StartupMemoryRelease implements ApplicationListener<ApplicationReadyEvent> {

	private static final Log logger = LogFactory.getLog(StartupMemoryRelease.class);

	private static final String MIN_FREE = "MinHeapFreeRatio";

	private static final String MAX_FREE = "MaxHeapFreeRatio";

	/**
	 * Free share of the heap kept by the release collection: half, so the heap is twice
	 * the live data.
	 */
	private static final String RELEASE_MAX_FREE = "50";

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long before = memory.getHeapMemoryUsage().getCommitted();
		long startedAt = System.nanoTime();
		HotSpotDiagnosticMXBean options = hotSpotOptions();
		VMOption minFree = defaultOption(options, MIN_FREE);
		VMOption maxFree = defaultOption(options, MAX_FREE);
		boolean lowered = minFree != null && maxFree != null && setFreeRatios(options, "0", RELEASE_MAX_FREE);
		try {
			memory.gc();
		}
		finally {
			if (lowered) {
				setFreeRatios(options, minFree.getValue(), maxFree.getValue());
			}
		}
		long after = memory.getHeapMemoryUsage().getCommitted();
		String nativeHeap = trimNativeHeap();
		logger.info("Released start-up memory: heap committed " + mebibytes(before) + " MiB -> " + mebibytes(after)
				+ " MiB" + ((nativeHeap != null) ? ", " + nativeHeap : "") + " in "
				+ (System.nanoTime() - startedAt) / 1_000_000 + " ms");
	}

	/**
	 * Give the C library's free native memory back to the operating system, as
	 * {@code jcmd <pid> System.trim_native_heap} does: the JIT compilers' arenas and
	 * start-up buffers, freed but kept by {@code malloc}. Linux with glibc only;
	 * elsewhere the JVM answers that it is not available.
	 * @return what the JVM reports, such as {@code Trim native heap: RSS+Swap: 298M->280M
	 * (-18660K)}, or {@code null} if the command could not run
	 */
	static @Nullable String trimNativeHeap() {
		try {
			Object result = ManagementFactory.getPlatformMBeanServer()
				.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), "systemTrimNativeHeap",
						new Object[] { new String[0] }, new String[] { String[].class.getName() });
			return (result != null) ? result.toString().strip() : null;
		}
		catch (JMException | RuntimeException ex) {
			logger.debug("Could not trim the native heap", ex);
			return null;
		}
	}

	private static @Nullable HotSpotDiagnosticMXBean hotSpotOptions() {
		try {
			return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static @Nullable VMOption defaultOption(@Nullable HotSpotDiagnosticMXBean options, String name) {
		if (options == null) {
			return null;
		}
		try {
			VMOption option = options.getVMOption(name);
			return (option.isWriteable() && option.getOrigin() == VMOption.Origin.DEFAULT) ? option : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/**
	 * Set both ratios in an order the JVM accepts (the minimum may never exceed the
	 * maximum).
	 */
	private static boolean setFreeRatios(@Nullable HotSpotDiagnosticMXBean options, String min, String max) {
		if (options == null) {
			return false;
		}
		try {
			if (Integer.parseInt(min) <= Integer.parseInt(options.getVMOption(MIN_FREE).getValue())) {
				options.setVMOption(MIN_FREE, min);
				options.setVMOption(MAX_FREE, max);
			}
			else {
				options.setVMOption(MAX_FREE, max);
				options.setVMOption(MIN_FREE, min);
			}
			return true;
		}
		catch (RuntimeException ex) {
			logger.debug("Could not set the heap free ratios", ex);
			return false;
		}
	}

	private static long mebibytes(long bytes) {
		return bytes / (1024 * 1024);
	}

}
