package dev.library.core.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Condition behind {@link ConditionalOnLibraryComponent}. A value other than {@code true}
 * or {@code false} does not match here; binding {@link EnabledComponentsProperties} then
 * stops start-up naming the property.
 *
 * @author Library
 */
class OnLibraryComponentCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		String name = (String) metadata.getAnnotationAttributes(ConditionalOnLibraryComponent.class.getName())
			.get("value");
		String property = EnabledComponentsProperties.PREFIX + "." + name;
		String value = context.getEnvironment().getProperty(property);
		ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnLibraryComponent.class,
				"(" + name + ")");
		if ("true".equalsIgnoreCase((value != null) ? value.trim() : null)) {
			return ConditionOutcome.match(message.because(property + " is true"));
		}
		return ConditionOutcome.noMatch(message.because(property + " is " + ((value != null) ? value : "not set")));
	}

}
