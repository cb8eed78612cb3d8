package dev.library.core.component;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Dependency graph of the enabled components: start order, and who depends on whom.
 *
 * @author Library
 */
final class ComponentGraph {

	private final List<ComponentDescriptor> startOrder;

	private final Map<String, Set<String>> dependents;

	private ComponentGraph(List<ComponentDescriptor> startOrder, Map<String, Set<String>> dependents) {
		this.startOrder = startOrder;
		this.dependents = dependents;
	}

	/**
	 * Order the components so that each comes after everything it depends on; among
	 * independent components, by name, so the order is the same at every start.
	 * @param components the enabled components
	 * @param disabledOptional names of optional components that exist but are disabled
	 * @return the graph
	 * @throws ComponentDependencyException on a duplicate name, a missing dependency or a
	 * cycle
	 */
	static ComponentGraph of(Collection<ComponentDescriptor> components, Set<String> disabledOptional) {
		Map<String, ComponentDescriptor> byName = new TreeMap<>();
		for (ComponentDescriptor component : components) {
			if (byName.putIfAbsent(component.name(), component) != null) {
				throw new ComponentDependencyException("Two components are named '" + component.name() + "'",
						"Give each component bean a unique name.");
			}
		}
		Map<String, Integer> unmetDependencies = new HashMap<>();
		Map<String, Set<String>> directDependents = new HashMap<>();
		for (ComponentDescriptor component : byName.values()) {
			for (String dependency : component.dependsOn()) {
				if (!byName.containsKey(dependency)) {
					throw missingDependency(component, dependency, disabledOptional);
				}
				directDependents.computeIfAbsent(dependency, (key) -> new TreeSet<>()).add(component.name());
			}
			unmetDependencies.put(component.name(), component.dependsOn().size());
		}
		List<ComponentDescriptor> order = new ArrayList<>(byName.size());
		TreeSet<String> ready = byName.keySet()
			.stream()
			.filter((name) -> unmetDependencies.get(name) == 0)
			.collect(Collectors.toCollection(TreeSet::new));
		while (!ready.isEmpty()) {
			String name = ready.pollFirst();
			order.add(byName.get(name));
			for (String dependent : directDependents.getOrDefault(name, Set.of())) {
				if (unmetDependencies.merge(dependent, -1, Integer::sum) == 0) {
					ready.add(dependent);
				}
			}
		}
		if (order.size() != byName.size()) {
			Map<String, ComponentDescriptor> unordered = new TreeMap<>(byName);
			order.forEach((component) -> unordered.remove(component.name()));
			String cycle = String.join(" -> ", cycle(unordered));
			throw new ComponentDependencyException("Components depend on each other in a cycle: " + cycle,
					"Remove one of the dependencies in the cycle " + cycle + " (each depends on the next).");
		}
		return new ComponentGraph(List.copyOf(order), transitiveDependents(order, directDependents));
	}

	/**
	 * Find one cycle among components that could not be ordered. Each of them depends on
	 * at least one other of them, so following dependencies must come back to a component
	 * already seen; components that merely depend on the cycle are left out.
	 */
	private static List<String> cycle(Map<String, ComponentDescriptor> unordered) {
		List<String> path = new ArrayList<>();
		String current = unordered.keySet().iterator().next();
		while (!path.contains(current)) {
			path.add(current);
			current = new TreeSet<>(unordered.get(current).dependsOn()).stream()
				.filter(unordered::containsKey)
				.findFirst()
				.orElseThrow();
		}
		List<String> cycle = new ArrayList<>(path.subList(path.indexOf(current), path.size()));
		cycle.add(current);
		return cycle;
	}

	private static ComponentDependencyException missingDependency(ComponentDescriptor component, String dependency,
			Set<String> disabledOptional) {
		if (disabledOptional.contains(dependency)) {
			return new ComponentDependencyException(
					"Component '" + component.name() + "' depends on component '" + dependency
							+ "', which is not enabled",
					"Set library.enabled-components." + dependency + "=true, or disable '" + component.name() + "'.");
		}
		return new ComponentDependencyException(
				"Component '" + component.name() + "' depends on component '" + dependency + "', which does not exist",
				"Add the module that provides '" + dependency + "' to the application.");
	}

	private static Map<String, Set<String>> transitiveDependents(List<ComponentDescriptor> order,
			Map<String, Set<String>> directDependents) {
		Map<String, Integer> position = new HashMap<>();
		for (int i = 0; i < order.size(); i++) {
			position.put(order.get(i).name(), i);
		}
		Map<String, Set<String>> result = new LinkedHashMap<>();
		for (ComponentDescriptor component : order) {
			Set<String> reached = new TreeSet<>((a, b) -> Integer.compare(position.get(a), position.get(b)));
			Deque<String> pending = new ArrayDeque<>(directDependents.getOrDefault(component.name(), Set.of()));
			while (!pending.isEmpty()) {
				String next = pending.pop();
				if (reached.add(next)) {
					pending.addAll(directDependents.getOrDefault(next, Set.of()));
				}
			}
			result.put(component.name(), new LinkedHashSet<>(reached));
		}
		return result;
	}

	List<ComponentDescriptor> startOrder() {
		return this.startOrder;
	}

	List<String> dependents(String name) {
		return List.copyOf(this.dependents.getOrDefault(name, Set.of()));
	}

}
