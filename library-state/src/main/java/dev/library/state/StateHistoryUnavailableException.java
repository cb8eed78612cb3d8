package dev.library.state;

/**
 * A watch cannot resume after the requested sequence: the changes after it are no longer
 * in the event log (retention removed them), or the sequence is unknown (newer than any
 * committed change, as after the data directory was replaced). The subscriber should read
 * the current state again and resume after {@link #getResumeAfter()}.
 *
 * @author Library
 */
public class StateHistoryUnavailableException extends RuntimeException {

	private final Reason reason;

	private final long requested;

	private final long resumeAfter;

	public StateHistoryUnavailableException(Reason reason, long requested, long resumeAfter) {
		super(describe(reason, requested, resumeAfter));
		this.reason = reason;
		this.requested = requested;
		this.resumeAfter = resumeAfter;
	}

	private static String describe(Reason reason, long requested, long resumeAfter) {
		return switch (reason) {
			case EXPIRED -> "Changes after sequence " + requested
					+ " are no longer in the event log (retention); the oldest kept follows sequence " + resumeAfter;
			case UNKNOWN -> "Sequence " + requested + " is unknown: the last committed change is " + resumeAfter;
		};
	}

	/**
	 * Return why the history is unavailable.
	 * @return the reason
	 */
	public Reason getReason() {
		return this.reason;
	}

	/**
	 * Return the sequence the subscriber asked to resume after.
	 * @return the requested sequence
	 */
	public long getRequested() {
		return this.requested;
	}

	/**
	 * Return the sequence after which a watch can resume now.
	 * @return the sequence to resume after
	 */
	public long getResumeAfter() {
		return this.resumeAfter;
	}

	/**
	 * Why the history is unavailable.
	 */
	public enum Reason {

		/**
		 * Retention removed changes the subscriber has not seen.
		 */
		EXPIRED,

		/**
		 * The sequence is newer than any committed change.
		 */
		UNKNOWN

	}

}
