package dev.library.config;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * The most recent reloads, newest first. How many are kept may change at run time.
 *
 * @author Library
 */
public class ReloadHistory {

	private final IntSupplier capacity;

	private final Deque<ConfigurationReload> reloads = new ArrayDeque<>();

	/**
	 * Create a history.
	 * @param capacity how many reloads to keep, read on every use
	 */
	public ReloadHistory(IntSupplier capacity) {
		this.capacity = capacity;
	}

	/**
	 * Record a reload, dropping the oldest ones beyond the capacity.
	 * @param reload the reload
	 */
	public synchronized void add(ConfigurationReload reload) {
		this.reloads.addFirst(reload);
		trim();
	}

	/**
	 * Return the most recent reloads.
	 * @param limit the most to return
	 * @return the reloads, newest first
	 */
	public synchronized List<ConfigurationReload> latest(int limit) {
		trim();
		List<ConfigurationReload> latest = new ArrayList<>();
		Iterator<ConfigurationReload> iterator = this.reloads.iterator();
		while (iterator.hasNext() && latest.size() < limit) {
			latest.add(iterator.next());
		}
		return latest;
	}

	/**
	 * Return how many reloads are kept.
	 * @return the capacity, at least 1
	 */
	public int capacity() {
		return Math.max(1, this.capacity.getAsInt());
	}

	private void trim() {
		while (this.reloads.size() > capacity()) {
			this.reloads.removeLast();
		}
	}

}
