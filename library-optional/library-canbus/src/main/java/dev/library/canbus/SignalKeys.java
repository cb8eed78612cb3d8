package dev.library.canbus;

/**
 * Turns an interface, message and signal into a state key after a pattern such as
 * {@code can.{interface}.{message}.{signal}}. Characters that state keys do not allow
 * become {@code _}.
 *
 * @author Library
 */
public final class SignalKeys {

	private final String pattern;

	/**
	 * Create the rule.
	 * @param pattern the pattern, with the placeholders {@code {interface}},
	 * {@code {message}}, {@code {signal}} and {@code {instance}}
	 */
	public SignalKeys(String pattern) {
		if (!pattern.contains("{signal}")) {
			throw new IllegalArgumentException("Signal key pattern '" + pattern + "' lacks the {signal} placeholder");
		}
		this.pattern = pattern;
	}

	/**
	 * Return the state key of a signal.
	 * @param instance the adapter instance id
	 * @param interfaceName the interface name
	 * @param message the message name
	 * @param signal the signal name
	 * @return the key
	 */
	public String key(String instance, String interfaceName, String message, String signal) {
		return this.pattern.replace("{instance}", segment(instance))
			.replace("{interface}", segment(interfaceName))
			.replace("{message}", segment(message))
			.replace("{signal}", segment(signal));
	}

	static String segment(String name) {
		StringBuilder segment = new StringBuilder(name.length());
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
					|| c == '-';
			segment.append(allowed ? c : '_');
		}
		return segment.isEmpty() ? "_" : segment.toString();
	}

	@Override
	public String toString() {
		return this.pattern;
	}

}
