package dev.library.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.library.config.EffectiveConfiguration.PropertyDelta;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

/**
 * Decides what a valid configuration change does: which beans are re-bound in place and
 * which changes wait for a restart.
 * <p>
 * A bean is re-bound only if every property in which its running values would differ from
 * the new configuration is declared reloadable by a component and the bean can take it in
 * place. Otherwise the bean keeps all its values and each of those changes is reported as
 * needing a restart; such a change stays <em>pending</em> (the bean runs with a value the
 * configuration no longer says) until a later change brings the two back together or lets
 * the bean be re-bound.
 *
 * @param changes what each property change does, in name order
 * @param rebind the beans to re-bind in place, each with its properties that are no
 * longer set
 * @param pending after this change, the properties whose running value differs from the
 * configuration: {@code previous} is the running value and {@code value} the configured
 * one
 * @author Library
 */
record ReloadPlan(List<PlannedChange> changes, Map<String, Set<ConfigurationPropertyName>> rebind,
		Map<ConfigurationPropertyName, PropertyDelta> pending) {

	private static final String UNOWNED = "";

	/**
	 * Plan a change.
	 * @param deltas the properties whose configured value changes
	 * @param pending the properties whose running value already differs from the
	 * configuration, from earlier changes
	 * @param owner the bean that binds a property, or {@code null} if none does
	 * @param reloadable whether a property is declared reloadable
	 * @param canRebind whether a bean can be re-bound in place, given its properties that
	 * would no longer be set
	 * @return the plan
	 */
	static ReloadPlan create(List<PropertyDelta> deltas, Map<ConfigurationPropertyName, PropertyDelta> pending,
			Function<ConfigurationPropertyName, @Nullable String> owner,
			Predicate<ConfigurationPropertyName> reloadable,
			BiPredicate<String, Set<ConfigurationPropertyName>> canRebind) {
		Map<ConfigurationPropertyName, PropertyDelta> divergent = new LinkedHashMap<>(pending);
		for (PropertyDelta delta : deltas) {
			PropertyDelta earlier = pending.get(delta.name());
			String running = (earlier != null) ? earlier.previous() : delta.previous();
			divergent.put(delta.name(), new PropertyDelta(delta.name(), running, delta.value()));
		}
		divergent.values().removeIf((delta) -> Objects.equals(delta.previous(), delta.value()));
		Map<String, List<PropertyDelta>> byOwner = new LinkedHashMap<>();
		for (PropertyDelta delta : divergent.values()) {
			String bean = owner.apply(delta.name());
			byOwner.computeIfAbsent((bean != null) ? bean : UNOWNED, (key) -> new ArrayList<>()).add(delta);
		}
		Map<String, Set<ConfigurationPropertyName>> rebind = new LinkedHashMap<>();
		Map<ConfigurationPropertyName, PropertyDelta> stillPending = new LinkedHashMap<>();
		byOwner.forEach((bean, beanDeltas) -> {
			Set<ConfigurationPropertyName> unset = new LinkedHashSet<>();
			beanDeltas.stream().filter((delta) -> delta.value() == null).forEach((delta) -> unset.add(delta.name()));
			boolean applies = !bean.equals(UNOWNED)
					&& beanDeltas.stream().allMatch((delta) -> reloadable.test(delta.name()))
					&& canRebind.test(bean, unset);
			if (applies) {
				rebind.put(bean, unset);
			}
			else {
				beanDeltas.forEach((delta) -> stillPending.put(delta.name(), delta));
			}
		});
		List<PlannedChange> changes = new ArrayList<>();
		Set<ConfigurationPropertyName> reported = new LinkedHashSet<>();
		for (PropertyDelta delta : deltas) {
			changes.add(new PlannedChange(delta.name(), delta.previous(), delta.value(),
					stillPending.containsKey(delta.name()) ? ChangeStatus.RESTART_REQUIRED : ChangeStatus.APPLIED));
			reported.add(delta.name());
		}
		for (PropertyDelta earlier : pending.values()) {
			if (!reported.contains(earlier.name()) && !stillPending.containsKey(earlier.name())) {
				changes
					.add(new PlannedChange(earlier.name(), earlier.previous(), earlier.value(), ChangeStatus.APPLIED));
			}
		}
		changes.sort((a, b) -> a.name().toString().compareTo(b.name().toString()));
		return new ReloadPlan(Collections.unmodifiableList(changes), Collections.unmodifiableMap(rebind),
				Collections.unmodifiableMap(stillPending));
	}

	/**
	 * Return the outcome of carrying out this plan.
	 * @return the outcome
	 */
	ReloadOutcome outcome() {
		if (this.changes.isEmpty()) {
			return ReloadOutcome.UNCHANGED;
		}
		boolean anyApplied = this.changes.stream().anyMatch((change) -> change.status() == ChangeStatus.APPLIED);
		boolean anyRestart = this.changes.stream()
			.anyMatch((change) -> change.status() == ChangeStatus.RESTART_REQUIRED);
		if (anyApplied && anyRestart) {
			return ReloadOutcome.PARTIALLY_APPLIED;
		}
		return anyRestart ? ReloadOutcome.RESTART_REQUIRED : ReloadOutcome.APPLIED;
	}

	/**
	 * What one property change does.
	 *
	 * @param name the property
	 * @param previous the value configured before (for a change applied late: the value
	 * the bean ran with)
	 * @param value the value configured now
	 * @param status whether it took effect
	 */
	record PlannedChange(ConfigurationPropertyName name, @Nullable String previous, @Nullable String value,
			ChangeStatus status) {

	}

}
