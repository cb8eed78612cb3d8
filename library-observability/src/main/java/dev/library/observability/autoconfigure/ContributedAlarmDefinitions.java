package dev.library.observability.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.library.observability.alarm.AlarmDefinition;

/**
 * The alarm definitions that components contribute as {@link AlarmDefinition} beans (the
 * mtls component's certificate expiry, for one), added to those of
 * {@code library.alarms.definitions} at start-up and on every reload. A configured
 * definition of the same name replaces a contributed one, so that an operator can change
 * its limit, severity or message.
 *
 * @author Library
 */
final class ContributedAlarmDefinitions {

	private final List<AlarmDefinition> contributed;

	ContributedAlarmDefinitions(List<AlarmDefinition> contributed) {
		this.contributed = List.copyOf(contributed);
	}

	/**
	 * Return the configured definitions followed by the contributed ones they do not
	 * replace.
	 * @param configured the definitions of {@code library.alarms.definitions}
	 * @return all the definitions
	 */
	List<AlarmDefinition> with(List<AlarmDefinition> configured) {
		Set<String> names = configured.stream().map(AlarmDefinition::name).collect(Collectors.toSet());
		List<AlarmDefinition> all = new ArrayList<>(configured);
		this.contributed.stream().filter((definition) -> !names.contains(definition.name())).forEach(all::add);
		return all;
	}

}
