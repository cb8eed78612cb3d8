package dev.library.core.memory;

import java.lang.management.ManagementFactory;

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
	void shrinksTheHeapAndPutsTheFreeRatiosBack() {
		String minFree = this.options.getVMOption("MinHeapFreeRatio").getValue();
		String maxFree = this.options.getVMOption("MaxHeapFreeRatio").getValue();
		// start-up garbage that the collection may give back
		byte[][] garbage = new byte[64][];
		for (int i = 0; i < garbage.length; i++) {
			garbage[i] = new byte[1024 * 1024];
		}
		assertThat(garbage.length).isEqualTo(64);
		garbage = null;
		new StartupMemoryRelease().onApplicationEvent(readyEvent());
		assertThat(this.options.getVMOption("MinHeapFreeRatio").getValue()).isEqualTo(minFree);
		assertThat(this.options.getVMOption("MaxHeapFreeRatio").getValue()).isEqualTo(maxFree);
		long committed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
		long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
		// within the lowered ratio of the live data (and G1's region granularity), not 70
		// %
		// free as the defaults would leave it
		assertThat(committed).isLessThan(used * 2 + 32L * 1024 * 1024);
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
