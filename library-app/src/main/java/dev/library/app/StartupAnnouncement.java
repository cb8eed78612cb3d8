package dev.library.app;

import java.util.stream.Collectors;

import dev.library.core.component.ComponentRegistry;
import dev.library.core.component.ComponentStatus;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Logs one line when the platform is ready: the enabled components and the URL.
 *
 * @author Library
 */
@Component
class StartupAnnouncement implements ApplicationListener<ApplicationReadyEvent> {

	private static final Log logger = LogFactory.getLog(StartupAnnouncement.class);

	private final ComponentRegistry components;

	StartupAnnouncement(ComponentRegistry components) {
		this.components = components;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		String enabled = this.components.components()
			.stream()
			.map((status) -> status.name() + describeState(status))
			.collect(Collectors.joining(", "));
		String url = (event.getApplicationContext() instanceof WebServerApplicationContext web)
				? "http://localhost:" + web.getWebServer().getPort() : "(no web server)";
		logger.info("Library ready at " + url + " with components: " + enabled);
	}

	private static String describeState(ComponentStatus status) {
		return switch (status.state()) {
			case RUNNING -> "";
			default -> " (" + status.state() + ")";
		};
	}

}
