package dev.library.config;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What became of one version of the watched configuration file.
 *
 * @author Library
 */
public enum ReloadOutcome {

	/**
	 * Every change took effect.
	 */
	APPLIED("applied"),

	/**
	 * Some changes took effect, others need a restart.
	 */
	PARTIALLY_APPLIED("partially-applied"),

	/**
	 * No change took effect: every one needs a restart.
	 */
	RESTART_REQUIRED("restart-required"),

	/**
	 * The file cannot be parsed or a value is invalid: nothing changed and the previous
	 * values stay in force.
	 */
	REJECTED("rejected"),

	/**
	 * The file changed but no effective {@code library.*} value did.
	 */
	UNCHANGED("unchanged"),

	/**
	 * The file disappeared: the values last applied stay in force.
	 */
	FILE_MISSING("file-missing");

	private final String value;

	ReloadOutcome(String value) {
		this.value = value;
	}

	/**
	 * Return the lower-case name used in JSON and as the {@code outcome} metric tag.
	 * @return the name
	 */
	@JsonValue
	public String value() {
		return this.value;
	}

	@Override
	public String toString() {
		return this.value;
	}

}
