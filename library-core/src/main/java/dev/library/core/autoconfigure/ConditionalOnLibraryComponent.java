package dev.library.core.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Matches when the optional component of the given name is switched on with
 * {@code library.enabled-components.<name>=true}. Optional components are off unless
 * switched on.
 *
 * @author Library
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@Conditional(OnLibraryComponentCondition.class)
public @interface ConditionalOnLibraryComponent {

	/**
	 * Name of the optional component.
	 * @return the name
	 */
	String value();

}
