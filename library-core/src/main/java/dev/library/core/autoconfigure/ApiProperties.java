package dev.library.core.autoconfigure;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * HTTP API settings shared by every route.
 *
 * @author Library
 */
@ConfigurationProperties("library.api")
@Validated
public class ApiProperties {

	/**
	 * Largest request body accepted; a larger one is refused with 413 before it is read.
	 */
	@NotNull
	private DataSize maxBodySize = DataSize.ofMegabytes(1);

	public DataSize getMaxBodySize() {
		return this.maxBodySize;
	}

	public void setMaxBodySize(DataSize maxBodySize) {
		this.maxBodySize = maxBodySize;
	}

}
