package dev.library.core.web;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.type.MethodMetadata;

/**
 * Creates springdoc's beans when the OpenAPI document or Swagger UI is first asked for,
 * not at start-up. They build their own Jackson 2 object mapper and scan every route,
 * which is most of a second of a start on a small machine and serves no one until a
 * person opens {@code /v3/api-docs}. Controllers stay mapped: the handler mapping reads
 * their type from the bean definition and creates them on the first request.
 *
 * @author Library
 */
public class LazyOpenApiBeans implements BeanFactoryPostProcessor {

	private static final String SPRINGDOC_PACKAGE = "org.springdoc.";

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		for (String name : beanFactory.getBeanDefinitionNames()) {
			BeanDefinition definition = beanFactory.getBeanDefinition(name);
			if (isSpringdoc(definition) && definition.getRole() != BeanDefinition.ROLE_INFRASTRUCTURE) {
				definition.setLazyInit(true);
			}
		}
	}

	private static boolean isSpringdoc(BeanDefinition definition) {
		if (startsWithSpringdoc(definition.getBeanClassName())) {
			return true;
		}
		if (definition instanceof AnnotatedBeanDefinition annotated) {
			MethodMetadata factoryMethod = annotated.getFactoryMethodMetadata();
			return factoryMethod != null && startsWithSpringdoc(factoryMethod.getDeclaringClassName());
		}
		return false;
	}

	private static boolean startsWithSpringdoc(@Nullable String className) {
		return className != null && className.startsWith(SPRINGDOC_PACKAGE);
	}

}
