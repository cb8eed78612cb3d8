package dev.library.observability.autoconfigure;

import java.time.Duration;
import java.util.List;

import dev.library.config.ChangeStatus;
import dev.library.config.ConfigurationReloadEvent;
import dev.library.observability.alarm.AlarmDefinition;
import dev.library.observability.alarm.AlarmEngine;
import dev.library.state.StatePage;
import dev.library.state.StateStore;
import dev.library.state.StateValue;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.ApplicationListener;

/**
 * Applies a reload of the watched configuration file that changed
 * {@code library.alarms.definitions}: the engine takes the new definitions
 * ({@link AlarmEngine#redefine}), then the current values of the keys of new and changed
 * definitions are evaluated at once rather than at their next change. A version that does
 * not pass the checks of start-up never gets here: {@link AlarmDefinitionsCheck} has the
 * reload rejected.
 *
 * @author Library
 */
class AlarmsReloader implements ApplicationListener<ConfigurationReloadEvent> {

	private static final Log logger = LogFactory.getLog(AlarmsReloader.class);

	static final String DEFINITIONS = "library.alarms.definitions";

	private static final int PAGE = 1_000;

	private final AlarmProperties properties;

	private final AlarmEngine engine;

	private final StateStore store;

	private final ContributedAlarmDefinitions contributed;

	AlarmsReloader(AlarmProperties properties, AlarmEngine engine, StateStore store,
			ContributedAlarmDefinitions contributed) {
		this.properties = properties;
		this.engine = engine;
		this.store = store;
		this.contributed = contributed;
	}

	@Override
	public void onApplicationEvent(ConfigurationReloadEvent event) {
		boolean changed = event.getReload()
			.changes()
			.stream()
			.anyMatch((change) -> change.status() == ChangeStatus.APPLIED
					&& (change.property().equals(DEFINITIONS) || change.property().startsWith(DEFINITIONS + "[")));
		if (changed) {
			reload();
		}
	}

	void reload() {
		List<AlarmDefinition> definitions;
		try {
			definitions = this.contributed.with(this.properties.toAlarmDefinitions());
		}
		catch (RuntimeException ex) {
			// checked before the reload was applied; never drop working alarms over it
			logger.error("Alarm definitions not applied, the running ones stay: " + ex.getMessage());
			return;
		}
		List<AlarmDefinition> changed = this.engine.redefine(definitions, "configuration reload");
		logger.info(
				"Alarm definitions reloaded: " + definitions.size() + " in all, " + changed.size() + " new or changed");
		Flux.fromIterable(changed)
			.concatMap(this::currentValues)
			.doOnNext((value) -> this.engine.update(value.key(), value.value(), value.quality()))
			.subscribeOn(Schedulers.boundedElastic())
			.timeout(Duration.ofMinutes(1))
			.subscribe(null, (ex) -> logger.warn("Could not evaluate the current values for the reloaded alarm "
					+ "definitions; they are evaluated at the next change of each key", ex));
	}

	private Flux<StateValue> currentValues(AlarmDefinition definition) {
		if (!definition.isPattern()) {
			return this.store.get(definition.key()).flux();
		}
		// the literal segments before the first '*' narrow the listing
		String key = definition.key();
		int wildcard = key.indexOf('*');
		String prefix = (wildcard > 0) ? key.substring(0, wildcard - 1) : "";
		return page(prefix, null).filter((value) -> definition.appliesTo(value.key()));
	}

	private Flux<StateValue> page(String prefix, @Nullable String cursor) {
		return this.store.list(prefix, PAGE, cursor).flatMapMany((StatePage page) -> {
			Flux<StateValue> values = Flux.fromIterable(page.values());
			String next = page.nextCursor();
			return (next != null) ? values.concatWith(Flux.defer(() -> page(prefix, next))) : values;
		});
	}

}
