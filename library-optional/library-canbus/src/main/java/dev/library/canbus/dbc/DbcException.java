package dev.library.canbus.dbc;

/**
 * A DBC text that cannot be read; the message names the source, line and column.
 *
 * @author Library
 */
public class DbcException extends RuntimeException {

	private final String source;

	private final int line;

	private final int column;

	DbcException(String source, int line, int column, String reason) {
		super(source + ":" + line + ":" + column + ": " + reason);
		this.source = source;
		this.line = line;
		this.column = column;
	}

	/**
	 * Return the name of the source (a file name).
	 * @return the source
	 */
	public String getSource() {
		return this.source;
	}

	/**
	 * Return the line of the error, from 1.
	 * @return the line
	 */
	public int getLine() {
		return this.line;
	}

	/**
	 * Return the column of the error, from 1.
	 * @return the column
	 */
	public int getColumn() {
		return this.column;
	}

}
