package dev.library.core.web;

import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.target.LazyInitTargetSource;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.type.MethodMetadata;

/**
 * Creates springdoc's beans when the OpenAPI document or Swagger UI is first asked for,
 * not at start-up. They build their own Jackson 2 object mapper and scan every route,
 * which is most of a second of a start on a small machine and serves no one until a
 * person opens {@code /v3/api-docs}. Controllers stay mapped: the handler mapping reads
 * their type from the bean definition and creates them on the first request.
 * <p>
 * Swagger UI's {@code WebFluxConfigurer} is created at start-up with the other
 * configurers, and with it the index page transformer it registers, which needs
 * springdoc's Jackson 2 object mapper (hundreds of classes, about 200 ms). That
 * transformer is given to the configurer as a proxy that creates it on the first page
 * served.
 *
 * @author Library
 */
public class LazyOpenApiBeans implements BeanFactoryPostProcessor {

	private static final String SPRINGDOC_PACKAGE = "org.springdoc.";

	private static final String INDEX_PAGE_TRANSFORMER = "indexPageTransformer";

	private static final String TARGET_SUFFIX = ".target";

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		for (String name : beanFactory.getBeanDefinitionNames()) {
			BeanDefinition definition = beanFactory.getBeanDefinition(name);
			if (isSpringdoc(definition) && definition.getRole() != BeanDefinition.ROLE_INFRASTRUCTURE) {
				definition.setLazyInit(true);
			}
		}
		if (beanFactory instanceof BeanDefinitionRegistry registry
				&& registry.containsBeanDefinition(INDEX_PAGE_TRANSFORMER)
				&& isSpringdoc(registry.getBeanDefinition(INDEX_PAGE_TRANSFORMER))) {
			createOnFirstUse(beanFactory, registry, INDEX_PAGE_TRANSFORMER);
		}
	}

	/**
	 * Replace a bean by a proxy of its interface that creates the bean on its first call.
	 */
	private static void createOnFirstUse(ConfigurableListableBeanFactory beanFactory, BeanDefinitionRegistry registry,
			String name) {
		Class<?> type = beanFactory.getType(name, false);
		if (type == null || !type.isInterface()) {
			return;
		}
		BeanDefinition target = registry.getBeanDefinition(name);
		registry.removeBeanDefinition(name);
		target.setAutowireCandidate(false);
		target.setLazyInit(true);
		registry.registerBeanDefinition(name + TARGET_SUFFIX, target);
		registry.registerBeanDefinition(name, proxyDefinition(type, name + TARGET_SUFFIX, beanFactory));
	}

	private static <T> RootBeanDefinition proxyDefinition(Class<T> type, String targetName,
			ConfigurableListableBeanFactory beanFactory) {
		return new RootBeanDefinition(type, () -> {
			LazyInitTargetSource targetSource = new LazyInitTargetSource();
			targetSource.setTargetBeanName(targetName);
			targetSource.setTargetClass(type);
			targetSource.setBeanFactory(beanFactory);
			ProxyFactory proxy = new ProxyFactory();
			proxy.setTargetSource(targetSource);
			proxy.addInterface(type);
			return type.cast(proxy.getProxy(beanFactory.getBeanClassLoader()));
		});
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
