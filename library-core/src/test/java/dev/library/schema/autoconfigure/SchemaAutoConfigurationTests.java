package dev.library.schema.autoconfigure;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import dev.library.core.autoconfigure.ApiAutoConfiguration;
import dev.library.core.component.LibraryComponent;
import dev.library.schema.DefaultSchemaRegistry;
import dev.library.schema.RegisteredSchema;
import dev.library.schema.SchemaDefinition;
import dev.library.schema.SchemaHandler;
import dev.library.schema.SchemaRegistrationException;
import dev.library.schema.SchemaRegistry;
import dev.library.schema.SchemaValidationResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.webflux.autoconfigure.HttpHandlerAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests for {@link SchemaAutoConfiguration}.
 *
 * @author Library
 */
class SchemaAutoConfigurationTests {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SchemaAutoConfiguration.class));

	private final ReactiveWebApplicationContextRunner webContextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, CodecsAutoConfiguration.class,
				WebFluxAutoConfiguration.class, HttpHandlerAutoConfiguration.class, ApiAutoConfiguration.class,
				SchemaAutoConfiguration.class));

	@Test
	void registryShouldRegisterTheSchemasOnTheClasspath() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(DefaultSchemaRegistry.class);
			SchemaRegistry registry = context.getBean(SchemaRegistry.class);
			assertThat(registry.schemas()).extracting(RegisteredSchema::name, RegisteredSchema::source)
				.containsExactly(tuple("plant.tank", "classpath:schemas/plant.tank.schema.json"),
						tuple("point", "classpath:schemas/common/point.schema.json"));
			SchemaValidationResult result = registry.validate("plant.tank",
					json("{\"name\":\"t1\",\"level\":1,\"position\":{\"x\":1}}"));
			assertThat(result.violations()).extracting(SchemaValidationResult.Violation::pointer)
				.containsExactly("/position");
		});
	}

	@Test
	void schemasShouldBeAMandatoryComponentDependingOnCore() {
		this.contextRunner.run((context) -> {
			LibraryComponent component = context.getBean("schemasComponent", LibraryComponent.class);
			assertThat(component.descriptor().name()).isEqualTo("schemas");
			assertThat(component.descriptor().optional()).isFalse();
			assertThat(component.descriptor().dependsOn()).containsExactly("core");
		});
	}

	@Test
	void definitionsShouldRegisterSchemasFromConfiguration() {
		this.contextRunner
			.withPropertyValues("library.schemas.definitions.plant.pump={\"title\":\"Pump\",\"type\":\"object\","
					+ "\"required\":[\"rpm\"]}")
			.run((context) -> {
				SchemaRegistry registry = context.getBean(SchemaRegistry.class);
				RegisteredSchema pump = registry.schema("plant.pump").orElseThrow();
				assertThat(pump.title()).isEqualTo("Pump");
				assertThat(pump.source()).isEqualTo("config:library.schemas.definitions.plant.pump");
				assertThat(registry.validate("plant.pump", json("{}")).valid()).isFalse();
				assertThat(registry.schemas()).hasSize(3);
			});
	}

	@Test
	void locationsShouldReplaceTheDefaultLocation() {
		this.contextRunner.withPropertyValues("library.schemas.locations=classpath:schemas/common/*.schema.json")
			.run((context) -> assertThat(context.getBean(SchemaRegistry.class).schemas())
				.extracting(RegisteredSchema::name)
				.containsExactly("point"));
	}

	@Test
	void invalidSchemaFileShouldStopStartUpNamingTheFile() {
		this.contextRunner.withPropertyValues("library.schemas.locations=classpath:schemas/invalid/bad-type.json")
			.run((context) -> assertThat(registrationFailure(context))
				.hasMessageStartingWith("Schema 'bad-type' from classpath:schemas/invalid/bad-type.json cannot be "
						+ "registered: it is not a valid schema")
				.hasMessageContaining("/properties/level/type: "));
	}

	@Test
	void schemaFileThatIsNotJsonShouldStopStartUpNamingTheFile() {
		this.contextRunner.withPropertyValues("library.schemas.locations=classpath:schemas/invalid/not-json.json")
			.run((context) -> assertThat(registrationFailure(context))
				.hasMessageStartingWith("Schema 'not-json' from classpath:schemas/invalid/not-json.json cannot be "
						+ "registered: it is not valid JSON"));
	}

	@Test
	void invalidDefinitionShouldStopStartUpNamingTheProperty() {
		this.contextRunner.withPropertyValues("library.schemas.definitions.pump={\"type\": 5}")
			.run((context) -> assertThat(registrationFailure(context))
				.hasMessageStartingWith("Schema 'pump' from config:library.schemas.definitions.pump cannot be "
						+ "registered: it is not a valid schema"));
	}

	@Test
	void definitionNamedLikeAClasspathSchemaShouldStopStartUpNamingBothSources() {
		this.contextRunner.withPropertyValues("library.schemas.definitions.point={}")
			.run((context) -> assertThat(registrationFailure(context))
				.hasMessage("Schema 'point' from config:library.schemas.definitions.point cannot be registered: "
						+ "a schema of that name also comes from classpath:schemas/common/point.schema.json"));
	}

	@Test
	void formatAssertionsShouldFollowTheProperty() {
		String contact = "library.schemas.definitions.contact={\"properties\":{\"email\":{\"format\":\"email\"}}}";
		JsonNode invalidEmail = json("{\"email\":\"nope\"}");
		this.contextRunner.withPropertyValues(contact)
			.run((context) -> assertThat(
					context.getBean(SchemaRegistry.class).validate("contact", invalidEmail).valid())
				.isFalse());
		this.contextRunner.withPropertyValues(contact, "library.schemas.format-assertions=false")
			.run((context) -> assertThat(
					context.getBean(SchemaRegistry.class).validate("contact", invalidEmail).valid())
				.isTrue());
	}

	@Test
	void metricsShouldBeRecordedInTheMeterRegistry() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			context.getBean(SchemaRegistry.class).validate("point", json("{}"));
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("library.schema.registered").gauge().value()).isEqualTo(2);
			assertThat(meters.get("library.schema.validations")
				.tags("schema", "point", "outcome", "invalid")
				.counter()
				.count()).isEqualTo(1);
		});
	}

	@Test
	void userDefinedRegistryShouldMakeTheDefaultOneBackOff() {
		this.contextRunner.withUserConfiguration(UserRegistryConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(SchemaRegistry.class).doesNotHaveBean(DefaultSchemaRegistry.class);
			assertThat(context.getBean(SchemaRegistry.class)).isSameAs(UserRegistryConfiguration.REGISTRY);
		});
	}

	@Test
	void registryShouldBackOffWhenTheValidatorLibraryIsMissing() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(com.networknt.schema.SchemaRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SchemaRegistry.class)
				.doesNotHaveBean("schemasComponent"));
	}

	@Test
	void routesShouldOnlyBeDefinedInAReactiveWebApplication() {
		this.contextRunner
			.run((context) -> assertThat(context).doesNotHaveBean(SchemaHandler.class).doesNotHaveBean("schemaRoutes"));
		this.webContextRunner
			.run((context) -> assertThat(context).hasSingleBean(SchemaHandler.class).hasBean("schemaRoutes"));
	}

	@Test
	void routesShouldAnswerThroughTheApplicationsCodecsAndProblemHandler() {
		this.webContextRunner.run((context) -> {
			WebTestClient client = WebTestClient.bindToApplicationContext(context).build();
			client.get()
				.uri("/schemas")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.schemas[1].name")
				.isEqualTo("point");
			client.post()
				.uri("/schemas/point/validate")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"x\": 1, \"y\": }")
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.type")
				.isEqualTo("https://library.dev/problems/malformed-request")
				.jsonPath("$.detail")
				.value(String.class,
						(detail) -> assertThat(detail).contains("(line 1, column 15)").doesNotContain("tools.jackson"));
			client.post()
				.uri("/schemas/point/validate")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"x\": 1}")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.valid")
				.isEqualTo(false)
				.jsonPath("$.violations[0].keyword")
				.isEqualTo("required");
			client.delete()
				.uri("/schemas/point")
				.exchange()
				.expectStatus()
				.isEqualTo(405)
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		});
	}

	private static SchemaRegistrationException registrationFailure(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		while (failure != null && !(failure instanceof SchemaRegistrationException)) {
			failure = failure.getCause();
		}
		assertThat(failure).as("SchemaRegistrationException among the causes of the start-up failure").isNotNull();
		return (SchemaRegistrationException) failure;
	}

	private static JsonNode json(String json) {
		return mapper.readTree(json);
	}

	@Configuration(proxyBeanMethods = false)
	static class UserRegistryConfiguration {

		static final SchemaRegistry REGISTRY = new SchemaRegistry() {

			@Override
			public List<RegisteredSchema> schemas() {
				return List.of();
			}

			@Override
			public Optional<RegisteredSchema> schema(String name) {
				return Optional.empty();
			}

			@Override
			public Optional<RegisteredSchema> schemaForKey(String key) {
				return Optional.empty();
			}

			@Override
			public List<RegisteredSchema> registerAll(Collection<SchemaDefinition> definitions) {
				return List.of();
			}

			@Override
			public SchemaValidationResult validate(String name, JsonNode instance) {
				return new SchemaValidationResult(name, List.of());
			}

		};

		@Bean
		SchemaRegistry userSchemaRegistry() {
			return REGISTRY;
		}

	}

}
