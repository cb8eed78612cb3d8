package dev.library.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanWrapper;
import org.springframework.beans.PropertyAccessorFactory;
import org.springframework.beans.PropertyEditorRegistry;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.ConfigurationPropertiesBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.BindMethod;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.BoundPropertiesTrackingBindHandler;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.bind.handler.IgnoreErrorsBindHandler;
import org.springframework.boot.context.properties.bind.handler.IgnoreTopLevelConverterNotFoundBindHandler;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.UnboundElementsSourceFilter;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.env.PropertySource;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

/**
 * Binds the application's {@code library.*} {@code @ConfigurationProperties} beans the
 * way Boot does at start-up (same conversion, handlers and validation), either into fresh
 * instances to check a candidate configuration, or in place to apply it.
 *
 * @author Library
 */
final class LibraryPropertiesBinder {

	private final LibraryPropertiesBeans beans;

	private final @Nullable Validator jsr303;

	private final ConfigurationMetadataCatalog names;

	LibraryPropertiesBinder(LibraryPropertiesBeans beans, @Nullable Validator jsr303,
			ConfigurationMetadataCatalog names) {
		this.beans = beans;
		this.jsr303 = jsr303;
		this.names = names;
	}

	/**
	 * Bind every bean into a fresh instance from the given sources.
	 * @param sources the property sources
	 * @param validate whether to validate as at start-up
	 */
	FreshBinding bindFresh(Iterable<PropertySource<?>> sources, boolean validate) {
		Binder binder = binder(sources);
		Map<String, Set<ConfigurationPropertyName>> bound = new LinkedHashMap<>();
		Map<String, Object> instances = new LinkedHashMap<>();
		List<ConfigurationError> errors = new ArrayList<>();
		this.beans.get().forEach((name, bean) -> {
			Set<ConfigurationPropertyName> boundNames = new LinkedHashSet<>();
			Bindable<?> target = bean.asBindTarget();
			Bindable<?> fresh = Bindable.of(target.getType())
				.withAnnotations(target.getAnnotations())
				.withBindMethod(target.getBindMethod())
				.withBindRestrictions(Bindable.BindRestriction.NO_DIRECT_PROPERTY);
			BindHandler handler = handler(bean, (property) -> boundNames.add(property.getName()));
			if (validate) {
				List<Validator> validators = validators(target);
				if (!validators.isEmpty()) {
					handler = new ValidationBindHandler(handler, validators.toArray(Validator[]::new));
				}
			}
			try {
				instances.put(name, binder.bindOrCreate(LibraryPropertiesBeans.prefix(bean), fresh, handler));
			}
			catch (BindException ex) {
				errors.addAll(BindFailures.describe(ex, this.names));
			}
			bound.put(name, boundNames);
		});
		return new FreshBinding(bound, instances, errors);
	}

	/**
	 * Whether the bean can take the new configuration without a restart: it is bound
	 * through setters (not a constructor) and every property that is no longer set can be
	 * reset to its default.
	 * @param beanName the bean name
	 * @param unset the properties of the bean that no source sets any more
	 */
	boolean canRebind(String beanName, Set<ConfigurationPropertyName> unset) {
		ConfigurationPropertiesBean bean = this.beans.get().get(beanName);
		if (bean == null || bean.asBindTarget().getBindMethod() != BindMethod.JAVA_BEAN) {
			return false;
		}
		BeanWrapper wrapper = PropertyAccessorFactory.forBeanPropertyAccess(bean.getInstance());
		return unset.stream().allMatch((name) -> {
			String path = beanPath(bean, name);
			return path != null && wrapper.isWritableProperty(path);
		});
	}

	/**
	 * Bind the bean in place from the given sources, then reset the properties that are
	 * no longer set to the value a fresh instance has.
	 * @param beanName the bean name
	 * @param sources the property sources, already validated with {@link #bindFresh}
	 * @param fresh the fresh instance bound from the same sources
	 * @param unset the properties of the bean that no source sets any more
	 */
	void rebind(String beanName, Iterable<PropertySource<?>> sources, @Nullable Object fresh,
			Set<ConfigurationPropertyName> unset) {
		ConfigurationPropertiesBean bean = this.beans.get().get(beanName);
		if (bean == null) {
			return;
		}
		Bindable<?> target = bean.asBindTarget().withBindRestrictions(Bindable.BindRestriction.NO_DIRECT_PROPERTY);
		binder(sources).bind(LibraryPropertiesBeans.prefix(bean), target, handler(bean, (property) -> {
		}));
		if (fresh == null) {
			return;
		}
		BeanWrapper existing = PropertyAccessorFactory.forBeanPropertyAccess(bean.getInstance());
		BeanWrapper defaults = PropertyAccessorFactory.forBeanPropertyAccess(fresh);
		for (ConfigurationPropertyName name : unset) {
			String path = beanPath(bean, name);
			if (path != null && existing.isWritableProperty(path) && defaults.isReadableProperty(path)) {
				existing.setPropertyValue(path, defaults.getPropertyValue(path));
			}
		}
	}

	/**
	 * Return the JavaBean path of a property within its bean, such as
	 * {@code ssl.keyStoreType} for {@code library.kafka.ssl.key-store-type}. A property
	 * inside a list element maps to the list ({@code instances} for
	 * {@code library.adapters.instances[1].id}): a list is bound whole, so an element
	 * that is gone is reset by taking the fresh instance's list.
	 */
	private @Nullable String beanPath(ConfigurationPropertiesBean bean, ConfigurationPropertyName name) {
		ConfigurationPropertyName prefix = ConfigurationPropertyName.of(LibraryPropertiesBeans.prefix(bean));
		ConfigurationPropertyName canonical = ConfigurationPropertyName.adapt(this.names.canonicalName(name), '.');
		if (!prefix.isAncestorOf(canonical)) {
			return null;
		}
		List<String> path = new ArrayList<>();
		for (int i = prefix.getNumberOfElements(); i < canonical.getNumberOfElements(); i++) {
			if (canonical.isNumericIndex(i)) {
				return path.isEmpty() ? null : String.join(".", path);
			}
			path.add(camelCase(canonical.getElement(i, ConfigurationPropertyName.Form.DASHED)));
		}
		return String.join(".", path);
	}

	private static String camelCase(String dashed) {
		StringBuilder camel = new StringBuilder();
		boolean upper = false;
		for (char ch : dashed.toCharArray()) {
			if (ch == '-') {
				upper = true;
			}
			else {
				camel.append(upper ? Character.toUpperCase(ch) : ch);
				upper = false;
			}
		}
		return camel.toString();
	}

	private BindHandler handler(ConfigurationPropertiesBean bean, Consumer<ConfigurationProperty> tracker) {
		BindHandler handler = new IgnoreTopLevelConverterNotFoundBindHandler(
				new BoundPropertiesTrackingBindHandler(tracker));
		ConfigurationProperties annotation = bean.getAnnotation();
		if (annotation.ignoreInvalidFields()) {
			handler = new IgnoreErrorsBindHandler(handler);
		}
		if (!annotation.ignoreUnknownFields()) {
			handler = new NoUnboundElementsBindHandler(handler, new UnboundElementsSourceFilter());
		}
		return handler;
	}

	private List<Validator> validators(Bindable<?> target) {
		List<Validator> validators = new ArrayList<>();
		ApplicationContext context = this.beans.context();
		if (context.containsBean(EnableConfigurationProperties.VALIDATOR_BEAN_NAME)) {
			validators.add(context.getBean(EnableConfigurationProperties.VALIDATOR_BEAN_NAME, Validator.class));
		}
		if (this.jsr303 != null && target.getAnnotation(Validated.class) != null) {
			validators.add(this.jsr303);
		}
		return validators;
	}

	private Binder binder(Iterable<PropertySource<?>> sources) {
		List<ConversionService> conversionServices = new ArrayList<>();
		Consumer<PropertyEditorRegistry> editors = null;
		if (this.beans.context() instanceof ConfigurableApplicationContext configurable) {
			ConversionService conversionService = configurable.getBeanFactory().getConversionService();
			if (conversionService != null) {
				conversionServices.add(conversionService);
			}
			editors = configurable.getBeanFactory()::copyRegisteredEditorsTo;
		}
		conversionServices.add(ApplicationConversionService.getSharedInstance());
		return new Binder(ConfigurationPropertySources.from(sources), new PropertySourcesPlaceholdersResolver(sources),
				conversionServices, editors, null, null);
	}

	/**
	 * The result of binding every bean into a fresh instance.
	 *
	 * @param bound the properties each bean bound, by bean name
	 * @param instances the fresh instances, by bean name (absent where binding failed)
	 * @param errors why binding failed, empty if it did not
	 */
	record FreshBinding(Map<String, Set<ConfigurationPropertyName>> bound, Map<String, Object> instances,
			List<ConfigurationError> errors) {

		/**
		 * Return the name of the bean that binds the given property.
		 * @param name the property
		 * @return the bean name, or {@code null} if no bean binds it
		 */
		@Nullable String owner(ConfigurationPropertyName name) {
			for (Map.Entry<String, Set<ConfigurationPropertyName>> entry : this.bound.entrySet()) {
				if (entry.getValue().contains(name)) {
					return entry.getKey();
				}
			}
			return null;
		}

	}

}
