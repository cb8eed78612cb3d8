package dev.library.state;

/**
 * Ends a watch whose subscriber fell too far behind: its buffer of
 * {@code library.state.watch-buffer-size} changes was full. The changes it had not yet
 * received are discarded; it may resume with {@link StateStore#watch(String, long)} from
 * {@link #getLastSequence()} and miss nothing, as long as the event log still holds them.
 *
 * @author Library
 */
public class StateWatchDroppedException extends RuntimeException {

	private final long lastSequence;

	private final int bufferSize;

	public StateWatchDroppedException(long lastSequence, int bufferSize) {
		super("Watcher dropped: it fell behind by more than " + bufferSize
				+ " changes (library.state.watch-buffer-size); resume after sequence " + lastSequence);
		this.lastSequence = lastSequence;
		this.bufferSize = bufferSize;
	}

	/**
	 * Return the sequence of the last change delivered before the watcher was dropped, 0
	 * if none was.
	 * @return the last sequence delivered
	 */
	public long getLastSequence() {
		return this.lastSequence;
	}

	/**
	 * Return the size of the buffer that overflowed.
	 * @return the buffer size
	 */
	public int getBufferSize() {
		return this.bufferSize;
	}

}
