package dev.library.canbus.dbc;

/**
 * A value that cannot be encoded into a frame (out of range, an unknown choice, a missing
 * signal), or a frame that cannot be decoded (too short).
 *
 * @author Library
 */
public class CodecException extends RuntimeException {

	public CodecException(String message) {
		super(message);
	}

}
