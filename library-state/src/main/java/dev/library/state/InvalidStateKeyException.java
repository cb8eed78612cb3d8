package dev.library.state;

import java.net.URI;

import dev.library.core.web.ProblemException;
import dev.library.core.web.ProblemTypes;

import org.springframework.http.HttpStatus;

/**
 * A key or prefix breaks the rules of {@link StateKeys}. Rendered as a 400 problem of
 * type {@code https://library.dev/problems/invalid-state-key} with the key and the broken
 * {@code rule} ({@code empty}, {@code too-long}, {@code empty-segment},
 * {@code illegal-character}, {@code reserved}).
 *
 * @author Library
 */
public class InvalidStateKeyException extends ProblemException {

	/**
	 * Problem type of an invalid key.
	 */
	public static final URI TYPE = ProblemTypes.of("invalid-state-key");

	private final String rule;

	public InvalidStateKeyException(String key, String rule, String detail) {
		super(HttpStatus.BAD_REQUEST, TYPE, "Invalid key", detail);
		this.rule = rule;
		getBody().setProperty("key", abbreviate(key));
		getBody().setProperty("rule", rule);
	}

	/**
	 * Return the rule the key breaks.
	 * @return the rule
	 */
	public String getRule() {
		return this.rule;
	}

	static String abbreviate(String key) {
		return (key.length() <= 80) ? key : key.substring(0, 80) + "...";
	}

}
