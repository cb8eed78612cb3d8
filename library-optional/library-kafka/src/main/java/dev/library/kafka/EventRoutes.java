package dev.library.kafka;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The routing rules of published events, first match wins: state key prefixes and event
 * types to topics.
 *
 * @author Library
 */
public class EventRoutes {

	private final List<Rule> rules;

	/**
	 * Create the routes.
	 * @param rules the rules, in order
	 */
	public EventRoutes(List<Rule> rules) {
		this.rules = List.copyOf(rules);
	}

	/**
	 * Return the topic of a state change.
	 * @param key the state key
	 * @return the topic, or {@code null} when no rule matches
	 */
	public @Nullable String stateTopic(String key) {
		for (Rule rule : this.rules) {
			for (String prefix : rule.statePrefixes()) {
				if (key.startsWith(prefix)) {
					return rule.topic();
				}
			}
		}
		return null;
	}

	/**
	 * Return the topic of an event type.
	 * @param type the CloudEvents type
	 * @return the topic, or {@code null} when no rule matches
	 */
	public @Nullable String eventTopic(String type) {
		for (Rule rule : this.rules) {
			for (String pattern : rule.eventTypes()) {
				if (pattern.endsWith("*") ? type.startsWith(pattern.substring(0, pattern.length() - 1))
						: type.equals(pattern)) {
					return rule.topic();
				}
			}
		}
		return null;
	}

	/**
	 * Return whether any rule routes state changes.
	 * @return whether state changes are published at all
	 */
	public boolean routesState() {
		return this.rules.stream().anyMatch((rule) -> !rule.statePrefixes().isEmpty());
	}

	/**
	 * Return every topic a rule names.
	 * @return the topics
	 */
	public List<String> topics() {
		return this.rules.stream().map(Rule::topic).distinct().toList();
	}

	/**
	 * One rule.
	 *
	 * @param topic the topic
	 * @param statePrefixes state key prefixes, an empty one matching every key
	 * @param eventTypes event types, a trailing '*' matching any rest
	 */
	public record Rule(String topic, List<String> statePrefixes, List<String> eventTypes) {

	}

}
