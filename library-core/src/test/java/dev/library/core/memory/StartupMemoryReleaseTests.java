package dev.library.core.memory;

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StartupMemoryRelease}.
 *
 * @author Library
 */
class StartupMemoryReleaseTests {

	private final HotSpotDiagnosticMXBean options = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

	@Test
	void shrinksTheHeapToTwiceTheLiveDataAndPutsTheFreeRatiosBack() {
		String minFree = this.options.getVMOption("MinHeapFreeRatio").getValue();
		String maxFree = this.options.getVMOption("MaxHeapFreeRatio").getValue();
		// live data large enough that twice it and the default 70 % free are far apart
		byte[][] live = allocate(48);
		// start-up garbage that the collection may give back
		byte[][] garbage = allocate(96);
		assertThat(garbage.length).isEqualTo(96 * 16);
		garbage = null;
		new StartupMemoryRelease().onApplicationEvent(readyEvent());
		assertThat(this.options.getVMOption("MinHeapFreeRatio").getValue()).isEqualTo(minFree);
		assertThat(this.options.getVMOption("MaxHeapFreeRatio").getValue()).isEqualTo(maxFree);
		long committed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
		long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
		Reference.reachabilityFence(live);
		// About half free, give or take G1's regions and minimum young generation.
		// The default ratios leave 70 % free: about 3.3 times the live data.
		assertThat(committed).isBetween(used * 3 / 2, used * 2 + 16L * 1024 * 1024);
	}

	/**
	 * Allocate in 64 KiB arrays: small enough not to be humongous objects, which G1 keeps
	 * in whole regions of their own.
	 */
	private static byte[][] allocate(int mebibytes) {
		byte[][] arrays = new byte[mebibytes * 16][];
		for (int i = 0; i < arrays.length; i++) {
			arrays[i] = new byte[64 * 1024];
		}
		return arrays;
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void givesFreedNativeMemoryBackOnLinux() {
		// The JVM runs malloc_trim and reports the resident memory before and after
		assertThat(StartupMemoryRelease.trimNativeHeap()).startsWith("Trim native heap: RSS+Swap: ").contains("->");
	}

	private static ApplicationReadyEvent readyEvent() {
		return new ApplicationReadyEvent(new SpringApplication(), new String[0], new GenericApplicationContext(), null);
	}

}
