package dev.library.hap.autoconfigure;

import java.util.List;

import dev.library.adapters.AdapterRegistry;
import dev.library.adapters.autoconfigure.AdaptersProperties;
import dev.library.config.ChangeStatus;
import dev.library.config.ConfigurationReloadEvent;
import dev.library.hap.AccessoryDefinition;
import dev.library.hap.HapBridge;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationListener;

/**
 * Applies a reload of the watched configuration file that changed
 * {@code library.hap.accessories}: the bridge adds, remakes or removes accessories by id
 * and bumps its configuration number. The points are resolved against the adapters'
 * properties as re-bound by the same reload (not the running instances, which the
 * adapters' own listener may not have reconfigured yet). A configuration that does not
 * pass the checks of start-up never gets here: {@link HapConfigurationCheck} has the
 * reload rejected.
 *
 * @author Library
 */
class HapReloader implements ApplicationListener<ConfigurationReloadEvent> {

	private static final Log logger = LogFactory.getLog(HapReloader.class);

	private static final String ACCESSORIES = "library.hap.accessories";

	private final HapProperties properties;

	private final AdaptersProperties adapters;

	private final AdapterRegistry registry;

	private final JsonMapper mapper;

	private final HapBridge bridge;

	HapReloader(HapProperties properties, AdaptersProperties adapters, AdapterRegistry registry, JsonMapper mapper,
			HapBridge bridge) {
		this.properties = properties;
		this.adapters = adapters;
		this.registry = registry;
		this.mapper = mapper;
		this.bridge = bridge;
	}

	@Override
	public void onApplicationEvent(ConfigurationReloadEvent event) {
		boolean changed = event.getReload()
			.changes()
			.stream()
			.anyMatch((change) -> change.status() == ChangeStatus.APPLIED
					&& (change.property().equals(ACCESSORIES) || change.property().startsWith(ACCESSORIES + "[")));
		if (changed) {
			reload();
		}
	}

	synchronized void reload() {
		List<AccessoryDefinition> next;
		try {
			next = HapAccessoryDefinitions.of(this.properties,
					HapAccessoryDefinitions.points(this.adapters, this.registry, this.mapper));
		}
		catch (RuntimeException ex) {
			// Checked before the reload was applied; never drop working accessories over
			// it
			logger.error("HomeKit accessories not reloaded, the bridge keeps its accessories: " + ex.getMessage());
			return;
		}
		try {
			this.bridge.reload(next);
		}
		catch (Exception ex) {
			logger.error("HomeKit accessories not reloaded: " + ex.getMessage(), ex);
		}
	}

}
