package dev.library.config;

/**
 * The watched configuration file cannot be read or parsed. The message says where and why
 * but never quotes the file's content, which may hold secrets.
 *
 * @author Library
 */
public class ConfigFileException extends Exception {

	ConfigFileException(String message) {
		super(message);
	}

	ConfigFileException(String message, Throwable cause) {
		super(message, cause);
	}

}
