package dev.library.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.ConfigurationPropertiesBean;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.context.ApplicationContext;
import org.springframework.util.StringUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * The application's {@code @ConfigurationProperties} beans bound under {@code library},
 * looked up once, on first use after start-up.
 *
 * @author Library
 */
final class LibraryPropertiesBeans {

	private final ApplicationContext context;

	private final SingletonSupplier<Map<String, ConfigurationPropertiesBean>> beans;

	LibraryPropertiesBeans(ApplicationContext context) {
		this.context = context;
		this.beans = SingletonSupplier.of(this::find);
	}

	ApplicationContext context() {
		return this.context;
	}

	/**
	 * Return the beans, by bean name.
	 */
	Map<String, ConfigurationPropertiesBean> get() {
		return this.beans.obtain();
	}

	private Map<String, ConfigurationPropertiesBean> find() {
		Map<String, ConfigurationPropertiesBean> found = new LinkedHashMap<>();
		ConfigurationPropertiesBean.getAll(this.context).forEach((name, bean) -> {
			ConfigurationPropertyName prefix = ConfigurationPropertyName.ofIfValid(prefix(bean));
			if (prefix != null && (prefix.equals(EffectiveConfiguration.LIBRARY)
					|| EffectiveConfiguration.LIBRARY.isAncestorOf(prefix))) {
				found.put(name, bean);
			}
		});
		return Collections.unmodifiableMap(found);
	}

	static String prefix(ConfigurationPropertiesBean bean) {
		ConfigurationProperties annotation = bean.getAnnotation();
		return StringUtils.hasText(annotation.prefix()) ? annotation.prefix() : annotation.value();
	}

	/**
	 * Return the class a bean binds.
	 */
	static Class<?> type(ConfigurationPropertiesBean bean) {
		return bean.asBindTarget().getType().resolve(Object.class);
	}

}
