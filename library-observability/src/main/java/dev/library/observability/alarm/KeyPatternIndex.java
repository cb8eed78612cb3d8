package dev.library.observability.alarm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Finds the values registered under the key patterns that match a key, walking a tree of
 * segments ({@code *} being a branch of its own) instead of trying every pattern, so that
 * the cost of a lookup grows with the length of the key, not with the number of patterns.
 *
 * @param <T> the type of the values
 * @author Library
 */
final class KeyPatternIndex<T> {

	private final Node<T> root = new Node<>();

	private int added;

	/**
	 * Register a value under a pattern.
	 * @param pattern dot-separated segments, {@code *} standing for exactly one
	 * @param value the value
	 */
	void add(String pattern, T value) {
		Node<T> node = this.root;
		for (String segment : pattern.split("\\.", -1)) {
			node = node.child(segment);
		}
		node.values.add(new Entry<>(this.added++, value));
	}

	/**
	 * Return the values whose pattern matches a key.
	 * @param key the key
	 * @return the values, in the order they were added
	 */
	List<T> matching(String key) {
		List<Entry<T>> found = new ArrayList<>(2);
		collect(this.root, key.split("\\.", -1), 0, found);
		if (found.size() > 1) {
			found.sort(Comparator.comparingInt(Entry::order));
		}
		List<T> values = new ArrayList<>(found.size());
		for (Entry<T> entry : found) {
			values.add(entry.value());
		}
		return values;
	}

	private static <T> void collect(Node<T> node, String[] segments, int index, List<Entry<T>> found) {
		if (index == segments.length) {
			found.addAll(node.values);
			return;
		}
		Node<T> literal = node.literals.get(segments[index]);
		if (literal != null) {
			collect(literal, segments, index + 1, found);
		}
		if (node.wildcard != null) {
			collect(node.wildcard, segments, index + 1, found);
		}
	}

	private record Entry<T>(int order, T value) {
	}

	private static final class Node<T> {

		private final Map<String, Node<T>> literals = new HashMap<>();

		private @Nullable Node<T> wildcard;

		private final List<Entry<T>> values = new ArrayList<>(1);

		Node<T> child(String segment) {
			if ("*".equals(segment)) {
				if (this.wildcard == null) {
					this.wildcard = new Node<>();
				}
				return this.wildcard;
			}
			return this.literals.computeIfAbsent(segment, (ignored) -> new Node<>());
		}

	}

}
