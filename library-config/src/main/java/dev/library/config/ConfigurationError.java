package dev.library.config;

import org.jspecify.annotations.Nullable;

/**
 * Why a configuration change was rejected. Secret values are redacted.
 *
 * @param property the property at fault, or {@code null} if the whole file is
 * @param value the value at fault (redacted if secret), or {@code null}
 * @param reason what is wrong and what is allowed
 * @author Library
 */
public record ConfigurationError(@Nullable String property, @Nullable String value, String reason) {

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder();
		if (this.property != null) {
			text.append(this.property);
			if (this.value != null) {
				text.append("=").append(this.value);
			}
			text.append(": ");
		}
		return text.append(this.reason).toString();
	}

}
