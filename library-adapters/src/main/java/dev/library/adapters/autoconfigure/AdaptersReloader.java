package dev.library.adapters.autoconfigure;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import dev.library.adapters.AdapterRegistry;
import dev.library.adapters.AdapterSupervisor;
import dev.library.adapters.AdapterSupervisors;
import dev.library.adapters.command.CommandExecutor;
import dev.library.adapters.interlock.InterlockMonitor;
import dev.library.config.ChangeStatus;
import dev.library.config.ConfigurationReloadEvent;
import dev.library.config.PropertyChange;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationListener;

/**
 * Applies a reload of the watched configuration file that changed
 * {@code library.adapters.instances} or {@code library.adapters.interlocks}: instances
 * are matched by id; a removed one is stopped (its outputs driven safe, its queued
 * commands failed, its meters and health entry gone), an added one is started, a changed
 * one (any field) is stopped and started again with its new configuration, and an
 * unchanged one is left alone. The interlocks are rebuilt. A configuration that does not
 * pass the checks of start-up never gets here: {@link AdaptersConfigurationCheck} has the
 * reload rejected.
 *
 * @author Library
 */
class AdaptersReloader implements ApplicationListener<ConfigurationReloadEvent> {

	private static final Log logger = LogFactory.getLog(AdaptersReloader.class);

	private static final List<String> RELOADED = List.of("library.adapters.instances", "library.adapters.interlocks");

	private final AdaptersProperties properties;

	private final AdapterRegistry registry;

	private final JsonMapper mapper;

	private final AdapterSupervisors supervisors;

	private final Function<ConfiguredAdapters.ConfiguredInstance, AdapterSupervisor> supervisorFactory;

	private final CommandExecutor executor;

	private final InterlockMonitor monitor;

	private final Duration stopTimeout;

	AdaptersReloader(AdaptersProperties properties, AdapterRegistry registry, JsonMapper mapper,
			AdapterSupervisors supervisors,
			Function<ConfiguredAdapters.ConfiguredInstance, AdapterSupervisor> supervisorFactory,
			CommandExecutor executor, InterlockMonitor monitor, Duration stopTimeout) {
		this.properties = properties;
		this.registry = registry;
		this.mapper = mapper;
		this.supervisors = supervisors;
		this.supervisorFactory = supervisorFactory;
		this.executor = executor;
		this.monitor = monitor;
		this.stopTimeout = stopTimeout;
	}

	@Override
	public void onApplicationEvent(ConfigurationReloadEvent event) {
		boolean adaptersChanged = event.getReload()
			.changes()
			.stream()
			.anyMatch((change) -> change.status() == ChangeStatus.APPLIED && isReloaded(change));
		if (adaptersChanged) {
			reload();
		}
	}

	private static boolean isReloaded(PropertyChange change) {
		return RELOADED.stream()
			.anyMatch((name) -> change.property().equals(name) || change.property().startsWith(name + "["));
	}

	/**
	 * Bring the running instances and interlocks in line with the properties, which the
	 * reload has re-bound.
	 */
	synchronized void reload() {
		ConfiguredAdapters next;
		try {
			next = ConfiguredAdapters.of(this.properties, this.registry, this.mapper);
		}
		catch (AdaptersConfigurationException ex) {
			// Checked before the reload was applied; never stop working adapters over it
			logger
				.error("Adapter configuration not applied, the running instances stay as they are: " + ex.getMessage());
			return;
		}
		Map<String, ConfiguredAdapters.ConfiguredInstance> instances = new LinkedHashMap<>();
		next.instances().forEach((instance) -> instances.put(instance.config().id(), instance));
		Set<String> used = new HashSet<>();
		AdapterSupervisors.Reconfiguration done = this.supervisors.reconfigure(List.copyOf(instances.keySet()),
				(running) -> unchanged(running, instances.get(running.config().id())), (id) -> {
					used.add(id);
					AdapterSupervisor supervisor = this.supervisorFactory.apply(instances.get(id));
					supervisor.setSafeStateListener(this.executor);
					return supervisor;
				}, (id) -> instances.containsKey(id) ? "instance changed by a configuration reload"
						: "instance removed by a configuration reload",
				this.stopTimeout);
		// The adapters of unchanged instances were created only to be compared: never
		// connected
		instances.values()
			.stream()
			.filter((instance) -> !used.contains(instance.config().id()))
			.forEach((instance) -> instance.adapter().close());
		this.executor.setInterlocks(next.interlocks());
		this.monitor.setInterlocks(next.interlocks());
		if (!done.stopped().isEmpty() || !done.started().isEmpty()) {
			logger.info("Adapter instances reloaded: stopped " + done.stopped() + ", started " + done.started());
		}
	}

	private static boolean unchanged(AdapterSupervisor running, ConfiguredAdapters.ConfiguredInstance instance) {
		return running.config().equals(instance.config()) && running.enabled() == instance.enabled()
				&& Objects.equals(running.watchdogTimeout(), instance.watchdogTimeout());
	}

}
