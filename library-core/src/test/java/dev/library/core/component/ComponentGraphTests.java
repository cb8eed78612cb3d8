package dev.library.core.component;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Property-based tests for {@link ComponentGraph}.
 *
 * @author Library
 */
class ComponentGraphTests {

	@Property
	void everyComponentStartsAfterAllItsDependencies(@ForAll("dags") List<ComponentDescriptor> components) {
		List<String> order = names(ComponentGraph.of(components, Set.of()).startOrder());
		assertThat(order)
			.containsExactlyInAnyOrderElementsOf(components.stream().map(ComponentDescriptor::name).toList());
		for (ComponentDescriptor component : components) {
			for (String dependency : component.dependsOn()) {
				assertThat(order.indexOf(dependency)).as("%s before %s", dependency, component.name())
					.isLessThan(order.indexOf(component.name()));
			}
		}
	}

	@Property
	void startOrderIsTheSameWhateverOrderTheComponentsAreGivenIn(
			@ForAll("shuffledDags") List<List<ComponentDescriptor>> twoOrders) {
		assertThat(names(ComponentGraph.of(twoOrders.get(0), Set.of()).startOrder()))
			.isEqualTo(names(ComponentGraph.of(twoOrders.get(1), Set.of()).startOrder()));
	}

	@Property
	void independentComponentsStartInOrderOfTheirNames(@ForAll("dags") List<ComponentDescriptor> components) {
		assertThat(names(ComponentGraph.of(components, Set.of()).startOrder()))
			.isEqualTo(smallestTopologicalOrder(components));
	}

	@Property
	void dependentsAreTheTransitiveClosureOfReverseEdgesInStartOrder(
			@ForAll("dags") List<ComponentDescriptor> components) {
		ComponentGraph graph = ComponentGraph.of(components, Set.of());
		List<String> order = names(graph.startOrder());
		for (ComponentDescriptor component : components) {
			Set<String> expected = reachableThroughReverseEdges(component.name(), components);
			List<String> dependents = graph.dependents(component.name());
			assertThat(dependents).as("dependents of %s", component.name())
				.containsExactlyInAnyOrderElementsOf(expected);
			assertThat(dependents).isSortedAccordingTo((a, b) -> Integer.compare(order.indexOf(a), order.indexOf(b)));
		}
	}

	@Property
	void graphsWithACycleAreRejectedNamingARealCycle(@ForAll("cyclicGraphs") List<ComponentDescriptor> components) {
		ComponentDependencyException ex = catchThrowableOfType(ComponentDependencyException.class,
				() -> ComponentGraph.of(components, Set.of()));
		assertThat(ex).isNotNull();
		assertThat(ex.getMessage()).startsWith("Components depend on each other in a cycle: ");
		List<String> cycle = List.of(ex.getMessage().substring(ex.getMessage().indexOf(": ") + 2).split(" -> "));
		assertThat(cycle).hasSizeGreaterThanOrEqualTo(3);
		assertThat(cycle.get(0)).isEqualTo(cycle.get(cycle.size() - 1));
		assertThat(new LinkedHashSet<>(cycle)).hasSize(cycle.size() - 1);
		Map<String, ComponentDescriptor> byName = new HashMap<>();
		components.forEach((component) -> byName.put(component.name(), component));
		for (int i = 0; i < cycle.size() - 1; i++) {
			assertThat(byName.get(cycle.get(i)).dependsOn()).contains(cycle.get(i + 1));
		}
		assertThat(ex.getAction()).contains(String.join(" -> ", cycle));
	}

	@Example
	void cycleMessageLeavesOutComponentsThatOnlyDependOnTheCycle() {
		List<ComponentDescriptor> components = List.of(component("alpha", "beta"), component("beta", "gamma"),
				component("gamma", "alpha"), component("aardvark", "alpha"), component("zebra"));
		assertThatExceptionOfType(ComponentDependencyException.class)
			.isThrownBy(() -> ComponentGraph.of(components, Set.of()))
			.withMessage("Components depend on each other in a cycle: alpha -> beta -> gamma -> alpha");
	}

	@Example
	void dependencyOnADisabledOptionalComponentTellsWhichPropertyToSet() {
		assertThatExceptionOfType(ComponentDependencyException.class)
			.isThrownBy(() -> ComponentGraph.of(List.of(component("adapters", "kafka")), Set.of("kafka")))
			.withMessage("Component 'adapters' depends on component 'kafka', which is not enabled")
			.satisfies((ex) -> assertThat(ex.getAction()).contains("library.enabled-components.kafka=true"));
	}

	@Example
	void dependencyOnAnUnknownComponentSaysItDoesNotExist() {
		assertThatExceptionOfType(ComponentDependencyException.class)
			.isThrownBy(() -> ComponentGraph.of(List.of(component("adapters", "kafka")), Set.of()))
			.withMessage("Component 'adapters' depends on component 'kafka', which does not exist");
	}

	@Example
	void twoComponentsWithTheSameNameAreRejected() {
		assertThatExceptionOfType(ComponentDependencyException.class)
			.isThrownBy(() -> ComponentGraph.of(List.of(component("core"), component("core")), Set.of()))
			.withMessage("Two components are named 'core'");
	}

	@Example
	void dependentsOfAnUnknownComponentAreEmpty() {
		assertThat(ComponentGraph.of(List.of(component("core")), Set.of()).dependents("other")).isEmpty();
	}

	@Provide
	Arbitrary<List<ComponentDescriptor>> dags() {
		return names()
			.flatMap((names) -> edges(names.size()).map((edges) -> dag(names, edges)).flatMap(Arbitraries::shuffle));
	}

	@Provide
	Arbitrary<List<List<ComponentDescriptor>>> shuffledDags() {
		return dags().flatMap((dag) -> Combinators.combine(Arbitraries.shuffle(dag), Arbitraries.shuffle(dag))
			.as((first, second) -> List.of(first, second)));
	}

	@Provide
	Arbitrary<List<ComponentDescriptor>> cyclicGraphs() {
		Arbitrary<List<String>> names = names().filter((candidate) -> candidate.size() >= 2);
		return names.flatMap((list) -> Combinators
			.combine(edges(list.size()), Arbitraries.shuffle(list), Arbitraries.integers().between(2, list.size()))
			.as((edges, shuffled, cycleLength) -> {
				List<ComponentDescriptor> dag = dag(list, edges);
				List<String> cycle = shuffled.subList(0, cycleLength);
				List<ComponentDescriptor> result = new ArrayList<>();
				for (ComponentDescriptor component : dag) {
					Set<String> dependsOn = new TreeSet<>(component.dependsOn());
					int index = cycle.indexOf(component.name());
					if (index >= 0) {
						dependsOn.add(cycle.get((index + 1) % cycle.size()));
					}
					result.add(component(component.name(), dependsOn.toArray(String[]::new)));
				}
				Collections.reverse(result);
				return result;
			}));
	}

	private static Arbitrary<List<String>> names() {
		return Arbitraries.strings()
			.withCharRange('a', 'z')
			.ofMinLength(1)
			.ofMaxLength(4)
			.list()
			.uniqueElements()
			.ofMinSize(1)
			.ofMaxSize(12);
	}

	/**
	 * Flags for every pair (i, j) with j < i: whether component i depends on component j.
	 */
	private static Arbitrary<List<Boolean>> edges(int size) {
		return Arbitraries.of(true, false).list().ofSize(size * (size - 1) / 2);
	}

	private static List<ComponentDescriptor> dag(List<String> names, List<Boolean> edges) {
		List<ComponentDescriptor> components = new ArrayList<>();
		int flag = 0;
		for (int i = 0; i < names.size(); i++) {
			List<String> dependsOn = new ArrayList<>();
			for (int j = 0; j < i; j++) {
				if (edges.get(flag++)) {
					dependsOn.add(names.get(j));
				}
			}
			components.add(component(names.get(i), dependsOn.toArray(String[]::new)));
		}
		return components;
	}

	private static List<String> smallestTopologicalOrder(List<ComponentDescriptor> components) {
		List<String> order = new ArrayList<>();
		List<ComponentDescriptor> remaining = new ArrayList<>(components);
		while (!remaining.isEmpty()) {
			ComponentDescriptor next = remaining.stream()
				.filter((component) -> order.containsAll(component.dependsOn()))
				.min((a, b) -> a.name().compareTo(b.name()))
				.orElseThrow();
			order.add(next.name());
			remaining.remove(next);
		}
		return order;
	}

	private static Set<String> reachableThroughReverseEdges(String name, List<ComponentDescriptor> components) {
		Set<String> reached = new TreeSet<>();
		boolean grew = true;
		while (grew) {
			grew = false;
			for (ComponentDescriptor component : components) {
				boolean dependsOnReached = component.dependsOn().contains(name)
						|| component.dependsOn().stream().anyMatch(reached::contains);
				if (dependsOnReached && reached.add(component.name())) {
					grew = true;
				}
			}
		}
		return reached;
	}

	private static List<String> names(List<ComponentDescriptor> components) {
		return components.stream().map(ComponentDescriptor::name).toList();
	}

	private static ComponentDescriptor component(String name, String... dependsOn) {
		return ComponentDescriptor.mandatory(name).description(name).dependsOn(dependsOn).build();
	}

}
