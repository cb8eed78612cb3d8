package dev.library.adapters.interlock;

/**
 * Comparison of a state value with a constant.
 *
 * @author Library
 */
public enum Operator {

	/**
	 * Equal to.
	 */
	EQ("=="),

	/**
	 * Not equal to.
	 */
	NE("!="),

	/**
	 * Greater than (numbers only).
	 */
	GT(">"),

	/**
	 * Greater than or equal to (numbers only).
	 */
	GE(">="),

	/**
	 * Less than (numbers only).
	 */
	LT("<"),

	/**
	 * Less than or equal to (numbers only).
	 */
	LE("<=");

	private final String symbol;

	Operator(String symbol) {
		this.symbol = symbol;
	}

	/**
	 * Return the operator as written in a reason, such as {@code >=}.
	 * @return the symbol
	 */
	public String symbol() {
		return this.symbol;
	}

	/**
	 * Return whether the operator orders numbers rather than testing equality.
	 * @return whether it is an ordering
	 */
	public boolean isOrdering() {
		return this != EQ && this != NE;
	}

}
