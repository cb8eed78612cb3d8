package dev.library.canbus.candump;

/**
 * A line of a candump log that is in none of candump's formats; the message names the
 * source and line.
 *
 * @author Library
 */
public class CandumpFormatException extends RuntimeException {

	CandumpFormatException(String source, int line, String reason) {
		super(source + ":" + line + ": " + reason);
	}

}
