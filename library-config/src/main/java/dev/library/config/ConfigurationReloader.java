package dev.library.config;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.library.config.EffectiveConfiguration.ConfiguredValue;
import dev.library.config.EffectiveConfiguration.PropertyDelta;
import dev.library.config.LibraryPropertiesBinder.FreshBinding;
import dev.library.core.component.ComponentRegistry;
import dev.library.core.component.OptionalComponentCatalog;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.validation.Validator;

/**
 * Applies a new version of the watched configuration file to the running application.
 * <p>
 * The new version is checked first: parsed, then every {@code library.*}
 * {@code @ConfigurationProperties} bean is bound into a fresh instance from the
 * configuration it would give and validated as at start-up. If anything is invalid the
 * whole version is rejected, the previous values stay in force and the rejection is
 * reported by {@link ConfigReloadHealthIndicator} until a good version arrives. If it is
 * valid, the file's property source is swapped, the beans whose changed properties are
 * all reloadable are re-bound in place, the others keep their values until a restart, and
 * a {@link ConfigurationReloadEvent} is published.
 *
 * @author Library
 */
public class ConfigurationReloader {

	/**
	 * Name of the component that reports a rejected file.
	 */
	public static final String COMPONENT = "config";

	private static final Log logger = LogFactory.getLog(ConfigurationReloader.class);

	private static final ConfigurationPropertyName ENABLED_COMPONENTS = ConfigurationPropertyName
		.of("library.enabled-components");

	private final ConfigurableEnvironment environment;

	private final LibraryPropertiesBinder binder;

	private final ConfigurationMetadataCatalog names;

	private final ComponentRegistry registry;

	private final @Nullable OptionalComponentCatalog optionalComponents;

	private final ReloadHistory history;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final List<ConfigurationCheck> checks;

	private volatile Map<ConfigurationPropertyName, PropertyDelta> pending = Map.of();

	private volatile @Nullable ConfigurationReload rejection;

	/**
	 * Create a reloader.
	 * @param context the application context whose beans are re-bound
	 * @param environment its environment
	 * @param validator validates beans annotated with {@code @Validated}, or {@code null}
	 * @param names the configuration metadata
	 * @param registry the component registry, whose descriptors say what is reloadable
	 * @param optionalComponents the optional components that may be enabled, or
	 * {@code null} not to check {@code library.enabled-components}
	 * @param history where reloads are recorded
	 * @param events where reload events are published
	 * @param clock the clock
	 */
	public ConfigurationReloader(ApplicationContext context, ConfigurableEnvironment environment,
			@Nullable Validator validator, ConfigurationMetadataCatalog names, ComponentRegistry registry,
			@Nullable OptionalComponentCatalog optionalComponents, ReloadHistory history,
			ApplicationEventPublisher events, Clock clock) {
		this(context, environment, validator, names, registry, optionalComponents, history, events, clock, List.of());
	}

	/**
	 * Create a reloader.
	 * @param context the application context whose beans are re-bound
	 * @param environment its environment
	 * @param validator validates beans annotated with {@code @Validated}, or {@code null}
	 * @param names the configuration metadata
	 * @param registry the component registry, whose descriptors say what is reloadable
	 * @param optionalComponents the optional components that may be enabled, or
	 * {@code null} not to check {@code library.enabled-components}
	 * @param history where reloads are recorded
	 * @param events where reload events are published
	 * @param clock the clock
	 * @param checks the components' checks of a whole configuration, run once every bean
	 * is bound and valid
	 */
	public ConfigurationReloader(ApplicationContext context, ConfigurableEnvironment environment,
			@Nullable Validator validator, ConfigurationMetadataCatalog names, ComponentRegistry registry,
			@Nullable OptionalComponentCatalog optionalComponents, ReloadHistory history,
			ApplicationEventPublisher events, Clock clock, List<ConfigurationCheck> checks) {
		this.checks = List.copyOf(checks);
		this.environment = environment;
		this.binder = new LibraryPropertiesBinder(new LibraryPropertiesBeans(context), validator, names);
		this.names = names;
		this.registry = registry;
		this.optionalComponents = optionalComponents;
		this.history = history;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Apply a version of the watched file. Blocks; never call it on a Netty or Reactor
	 * thread.
	 * @param snapshot the file's content
	 * @return what became of it, also recorded in the history and published
	 */
	public synchronized ConfigurationReload reload(ConfigFileSnapshot snapshot) {
		ConfigurationReload reload = attempt(snapshot);
		this.history.add(reload);
		report(reload);
		this.events.publishEvent(new ConfigurationReloadEvent(this, reload));
		return reload;
	}

	/**
	 * Return the properties whose new value waits for a restart: the running beans still
	 * use the value they had.
	 * @return the property names
	 */
	public Set<ConfigurationPropertyName> pendingRestart() {
		return this.pending.keySet();
	}

	private ConfigurationReload attempt(ConfigFileSnapshot snapshot) {
		Instant now = this.clock.instant();
		String file = snapshot.path().toString();
		if (!snapshot.exists()) {
			return new ConfigurationReload(now, file, ReloadOutcome.FILE_MISSING, List.of(), List.of(),
					"The file no longer exists; the values last applied stay in force");
		}
		ConfigFilePropertySource source;
		try {
			source = ConfigFilePropertySource.load(snapshot);
		}
		catch (ConfigFileException ex) {
			return rejected(now, file, List.of(new ConfigurationError(null, null, ex.getMessage())));
		}
		MutablePropertySources candidate = candidate(source);
		EffectiveConfiguration next = EffectiveConfiguration.of(candidate);
		List<ConfigurationError> errors = new ArrayList<>(unknownOptionalComponents(next));
		FreshBinding checked = this.binder.bindFresh(candidate, true);
		errors.addAll(checked.errors());
		if (errors.isEmpty()) {
			errors.addAll(check(checked));
		}
		if (!errors.isEmpty()) {
			return rejected(now, file, errors);
		}
		MutablePropertySources live = this.environment.getPropertySources();
		EffectiveConfiguration current = EffectiveConfiguration.of(live);
		FreshBinding running = this.binder.bindFresh(live, false);
		ReloadPlan plan = ReloadPlan.create(current.changesTo(next), this.pending,
				(name) -> (checked.owner(name) != null) ? checked.owner(name) : running.owner(name), this::isReloadable,
				this.binder::canRebind);
		ConfigFilePropertySource.install(live, source);
		plan.rebind().forEach((bean, unset) -> this.binder.rebind(bean, live, checked.instances().get(bean), unset));
		this.pending = plan.pending();
		List<PropertyChange> changes = plan.changes()
			.stream()
			.map((change) -> change(change.name(), change.previous(), change.value(), change.status()))
			.toList();
		return new ConfigurationReload(now, file, plan.outcome(), changes, List.of(), detail(plan.outcome()));
	}

	private List<ConfigurationError> check(FreshBinding checked) {
		ConfigurationCheck.Candidate candidate = new ConfigurationCheck.Candidate() {

			@Override
			public <T> Optional<T> properties(Class<T> type) {
				return checked.instances().values().stream().filter(type::isInstance).map(type::cast).findFirst();
			}

		};
		List<ConfigurationError> errors = new ArrayList<>();
		for (ConfigurationCheck check : this.checks) {
			try {
				errors.addAll(check.check(candidate));
			}
			catch (RuntimeException ex) {
				logger.warn("A configuration check failed", ex);
				errors.add(new ConfigurationError(null, null, "A configuration check failed: " + ex.getMessage()));
			}
		}
		return errors;
	}

	private MutablePropertySources candidate(ConfigFilePropertySource source) {
		MutablePropertySources candidate = new MutablePropertySources();
		for (PropertySource<?> propertySource : this.environment.getPropertySources()) {
			if (!ConfigurationPropertySources.isAttachedConfigurationPropertySource(propertySource)) {
				candidate.addLast(propertySource);
			}
		}
		ConfigFilePropertySource.install(candidate, source);
		return candidate;
	}

	private List<ConfigurationError> unknownOptionalComponents(EffectiveConfiguration configuration) {
		if (this.optionalComponents == null) {
			return List.of();
		}
		List<ConfigurationError> errors = new ArrayList<>();
		for (ConfiguredValue value : configuration.values().values()) {
			ConfigurationPropertyName name = value.name();
			if (ENABLED_COMPONENTS.isParentOf(name)) {
				String component = name.getLastElement(ConfigurationPropertyName.Form.ORIGINAL);
				if (!this.optionalComponents.contains(component)) {
					errors.add(new ConfigurationError(this.names.canonicalName(name), value.value(),
							"'" + component + "' is not an optional component; known optional components are "
									+ this.optionalComponents.components().keySet()));
				}
			}
		}
		return errors;
	}

	private boolean isReloadable(ConfigurationPropertyName name) {
		String canonical = this.names.canonicalName(name);
		return this.registry.components()
			.stream()
			.anyMatch((component) -> component.descriptor().isReloadable(canonical));
	}

	private PropertyChange change(ConfigurationPropertyName name, @Nullable String previous, @Nullable String value,
			ChangeStatus status) {
		String property = this.names.canonicalName(name);
		return new PropertyChange(property, SecretRedactor.redact(property, previous),
				SecretRedactor.redact(property, value), status);
	}

	private ConfigurationReload rejected(Instant now, String file, List<ConfigurationError> errors) {
		return new ConfigurationReload(now, file, ReloadOutcome.REJECTED, List.of(), errors,
				"The file was rejected; the previous values stay in force");
	}

	private static @Nullable String detail(ReloadOutcome outcome) {
		return switch (outcome) {
			case PARTIALLY_APPLIED -> "Some changes need a restart to take effect; the others are applied";
			case RESTART_REQUIRED -> "The changes need a restart to take effect";
			case UNCHANGED -> "No effective library.* value changed";
			default -> null;
		};
	}

	private void report(ConfigurationReload reload) {
		switch (reload.outcome()) {
			case REJECTED -> {
				String errors = reload.errors()
					.stream()
					.map(ConfigurationError::toString)
					.collect(Collectors.joining("; "));
				logger.warn("Rejected " + reload.file() + ", the previous values stay in force: " + errors);
				this.rejection = reload;
			}
			case FILE_MISSING -> logger.warn("Watched configuration file " + reload.file()
					+ " no longer exists; the values last applied stay in force");
			default -> {
				logger.info("Reloaded " + reload.file() + " (" + reload.outcome() + ")" + changeSummary(reload));
				this.rejection = null;
			}
		}
	}

	/**
	 * Return the latest reload if it was rejected and no good version has been applied
	 * since. The platform keeps running on the previous values meanwhile, so a rejection
	 * does not make the config component (or readiness) fail: it is reported by
	 * {@link ConfigReloadHealthIndicator}, the reload history and
	 * {@code library.config.reloads}.
	 * @return the pending rejection, if any
	 */
	public Optional<ConfigurationReload> rejection() {
		return Optional.ofNullable(this.rejection);
	}

	private static String changeSummary(ConfigurationReload reload) {
		return reload.changes().isEmpty() ? ""
				: reload.changes()
					.stream()
					.map((change) -> change.property() + " " + change.status())
					.collect(Collectors.joining(", ", ": ", ""));
	}

}
