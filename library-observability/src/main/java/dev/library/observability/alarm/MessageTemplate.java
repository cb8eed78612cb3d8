package dev.library.observability.alarm;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Renders a definition's message template with the live value.
 *
 * @author Library
 */
final class MessageTemplate {

	private MessageTemplate() {
	}

	static String render(AlarmDefinition definition, String key, @Nullable JsonNode value) {
		String message = definition.message()
			.replace("{name}", definition.name())
			.replace("{key}", key)
			.replace("{value}", (value != null) ? ConditionEvaluator.text(value) : "no value")
			.replace("{unit}", (definition.unit() != null) ? definition.unit() : "")
			.replace("{limit}", (definition.limit() != null) ? number(definition.limit()) : "")
			.replace("{expected}", (definition.value() != null) ? definition.value() : "")
			.replace("{stale-after}", (definition.staleAfter() != null) ? definition.staleAfter().toString() : "")
			.replace("{rate-period}", (definition.ratePeriod() != null) ? definition.ratePeriod().toString() : "")
			.replace("{severity}", definition.severity().name().toLowerCase(java.util.Locale.ROOT))
			.replace("{area}", (definition.area() != null) ? definition.area() : "");
		return message.replaceAll(" +,", ",").replaceAll(" {2,}", " ").trim();
	}

	private static String number(double value) {
		return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
	}

}
