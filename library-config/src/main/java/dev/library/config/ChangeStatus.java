package dev.library.config;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Whether a property change took effect.
 *
 * @author Library
 */
public enum ChangeStatus {

	/**
	 * The beans run with the new value.
	 */
	APPLIED("applied"),

	/**
	 * The beans keep the old value until the application restarts, because the property
	 * (or another changed property of the same bean) is not reloadable.
	 */
	RESTART_REQUIRED("restart-required");

	private final String value;

	ChangeStatus(String value) {
		this.value = value;
	}

	/**
	 * Return the lower-case name used in JSON and metrics.
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
