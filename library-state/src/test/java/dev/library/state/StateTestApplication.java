package dev.library.state;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * The smallest application with the state component and the platform core, for tests
 * against a real server.
 *
 * @author Library
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class StateTestApplication {

}
