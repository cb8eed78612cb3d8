package dev.library.state;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.Counter;

/**
 * The watchers of a store, fed by its writer thread after each commit.
 *
 * @author Library
 */
final class StateWatchers {

	private final CopyOnWriteArrayList<Watcher> watchers = new CopyOnWriteArrayList<>();

	private final int bufferSize;

	private final Counter dropped;

	StateWatchers(int bufferSize, Counter dropped) {
		this.bufferSize = bufferSize;
		this.dropped = dropped;
	}

	Watcher register(String prefix, long afterSequence, boolean live) {
		Watcher watcher = new Watcher(prefix, this.bufferSize, afterSequence, live);
		this.watchers.add(watcher);
		return watcher;
	}

	void remove(Watcher watcher) {
		this.watchers.remove(watcher);
	}

	int size() {
		return this.watchers.size();
	}

	/**
	 * Hand committed changes to every watcher. Called from the writer thread only.
	 * @param changes the changes, in sequence order
	 */
	void dispatch(List<StateChange> changes) {
		for (Watcher watcher : this.watchers) {
			int outcome = watcher.offer(changes);
			if (outcome != Watcher.LIVE) {
				this.watchers.remove(watcher);
				if (outcome == Watcher.DROPPED) {
					this.dropped.increment();
				}
			}
		}
	}

	/**
	 * Complete every watcher once it has received what is buffered.
	 */
	void closeAll() {
		for (Watcher watcher : this.watchers) {
			watcher.close();
		}
		this.watchers.clear();
	}

}
