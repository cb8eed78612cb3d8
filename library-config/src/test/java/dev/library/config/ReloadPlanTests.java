package dev.library.config;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.library.config.EffectiveConfiguration.PropertyDelta;
import dev.library.config.ReloadPlan.PlannedChange;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReloadPlan}.
 *
 * @author Library
 */
class ReloadPlanTests {

	private static final ConfigurationPropertyName STOP = ConfigurationPropertyName.of("library.core.stop-timeout");

	private static final ConfigurationPropertyName START = ConfigurationPropertyName.of("library.core.start-timeout");

	private static final ConfigurationPropertyName BODY = ConfigurationPropertyName.of("library.api.max-body-size");

	private static final ConfigurationPropertyName UNKNOWN = ConfigurationPropertyName.of("library.typo.value");

	private static final Map<ConfigurationPropertyName, String> OWNERS = Map.of(STOP, "core", START, "core", BODY,
			"api");

	private static final Set<ConfigurationPropertyName> RELOADABLE = Set.of(STOP);

	@Test
	void changeOfReloadablePropertiesReBindsTheirBean() {
		ReloadPlan plan = plan(List.of(delta(STOP, "10s", "5s")), Map.of());
		assertThat(plan.rebind()).containsOnlyKeys("core");
		assertThat(plan.changes()).containsExactly(new PlannedChange(STOP, "10s", "5s", ChangeStatus.APPLIED));
		assertThat(plan.pending()).isEmpty();
		assertThat(plan.outcome()).isEqualTo(ReloadOutcome.APPLIED);
	}

	@Test
	void changeOfAPropertyThatIsNotReloadableLeavesItsBeanAndIsPending() {
		ReloadPlan plan = plan(List.of(delta(BODY, "1MB", "2MB")), Map.of());
		assertThat(plan.rebind()).isEmpty();
		assertThat(plan.changes())
			.containsExactly(new PlannedChange(BODY, "1MB", "2MB", ChangeStatus.RESTART_REQUIRED));
		assertThat(plan.pending()).containsEntry(BODY, delta(BODY, "1MB", "2MB"));
		assertThat(plan.outcome()).isEqualTo(ReloadOutcome.RESTART_REQUIRED);
	}

	@Test
	void beanWithOneChangeThatIsNotReloadableKeepsAllItsValues() {
		ReloadPlan plan = plan(List.of(delta(STOP, "10s", "5s"), delta(START, "30s", "40s")), Map.of());
		assertThat(plan.rebind()).isEmpty();
		assertThat(plan.changes()).extracting(PlannedChange::status).containsOnly(ChangeStatus.RESTART_REQUIRED);
		assertThat(plan.pending()).containsOnlyKeys(STOP, START);
	}

	@Test
	void changesOfSeveralBeansAreDecidedBeanByBean() {
		ReloadPlan plan = plan(List.of(delta(STOP, "10s", "5s"), delta(BODY, "1MB", "2MB")), Map.of());
		assertThat(plan.rebind()).containsOnlyKeys("core");
		assertThat(plan.changes()).containsExactly(new PlannedChange(BODY, "1MB", "2MB", ChangeStatus.RESTART_REQUIRED),
				new PlannedChange(STOP, "10s", "5s", ChangeStatus.APPLIED));
		assertThat(plan.outcome()).isEqualTo(ReloadOutcome.PARTIALLY_APPLIED);
	}

	@Test
	void reloadableChangeOfABeanWithAPendingChangeWaitsForTheRestartToo() {
		Map<ConfigurationPropertyName, PropertyDelta> pending = Map.of(START, delta(START, "30s", "40s"));
		ReloadPlan plan = plan(List.of(delta(STOP, "10s", "5s")), pending);
		assertThat(plan.rebind()).isEmpty();
		assertThat(plan.changes()).containsExactly(new PlannedChange(STOP, "10s", "5s", ChangeStatus.RESTART_REQUIRED));
		assertThat(plan.pending()).containsOnlyKeys(START, STOP);
	}

	@Test
	void revertingAPendingChangeLetsTheBeanBeReBoundAgain() {
		Map<ConfigurationPropertyName, PropertyDelta> pending = Map.of(START, delta(START, "30s", "40s"), STOP,
				delta(STOP, "10s", "5s"));
		ReloadPlan plan = plan(List.of(delta(START, "40s", "30s")), pending);
		assertThat(plan.rebind()).containsOnlyKeys("core");
		assertThat(plan.changes()).containsExactly(new PlannedChange(START, "40s", "30s", ChangeStatus.APPLIED),
				new PlannedChange(STOP, "10s", "5s", ChangeStatus.APPLIED));
		assertThat(plan.pending()).isEmpty();
	}

	@Test
	void changeBackToTheRunningValueIsAppliedWithoutReBinding() {
		Map<ConfigurationPropertyName, PropertyDelta> pending = Map.of(BODY, delta(BODY, "1MB", "2MB"));
		ReloadPlan plan = plan(List.of(delta(BODY, "2MB", "1MB")), pending);
		assertThat(plan.rebind()).isEmpty();
		assertThat(plan.changes()).containsExactly(new PlannedChange(BODY, "2MB", "1MB", ChangeStatus.APPLIED));
		assertThat(plan.pending()).isEmpty();
	}

	@Test
	void propertyNoBeanBindsNeedsARestart() {
		ReloadPlan plan = plan(List.of(delta(UNKNOWN, null, "x")), Map.of());
		assertThat(plan.changes())
			.containsExactly(new PlannedChange(UNKNOWN, null, "x", ChangeStatus.RESTART_REQUIRED));
	}

	@Test
	void removedPropertyIsPassedAsUnsetToTheBeanThatCanReset() {
		ReloadPlan plan = plan(List.of(delta(STOP, "5s", null)), Map.of());
		assertThat(plan.rebind()).containsEntry("core", Set.of(STOP));
	}

	@Test
	void beanThatCannotBeReBoundKeepsItsValues() {
		ReloadPlan plan = ReloadPlan.create(List.of(delta(STOP, "10s", "5s")), Map.of(), OWNERS::get,
				RELOADABLE::contains, (bean, unset) -> false);
		assertThat(plan.rebind()).isEmpty();
		assertThat(plan.outcome()).isEqualTo(ReloadOutcome.RESTART_REQUIRED);
	}

	@Test
	void noChangeIsUnchanged() {
		assertThat(plan(List.of(), Map.of()).outcome()).isEqualTo(ReloadOutcome.UNCHANGED);
	}

	private static ReloadPlan plan(List<PropertyDelta> deltas, Map<ConfigurationPropertyName, PropertyDelta> pending) {
		return ReloadPlan.create(deltas, pending, OWNERS::get, RELOADABLE::contains, (bean, unset) -> true);
	}

	private static PropertyDelta delta(ConfigurationPropertyName name, String previous, String value) {
		return new PropertyDelta(name, previous, value);
	}

}
