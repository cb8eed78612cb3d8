package dev.library.app;

import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Keeps the module layout a map of the architecture: dependencies point one way (app →
 * optional → adapters / observability / secrets / state → config → core, where adapters
 * and observability's alarms and the Vault backend's reachability key use state), no
 * package cycles, no reaching into another module's internals.
 *
 * @author Library
 */
class ArchitectureTests {

	private static final List<String> FEATURES = List.of("core", "schema", "security", "config", "state", "session",
			"secrets", "vault", "observability", "adapters", "kafka", "i2c", "canbus", "database", "mtls", "hap",
			"app");

	private static JavaClasses classes;

	@BeforeAll
	static void importClasses() {
		classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("dev.library");
	}

	@Test
	void modulesDependOnEachOtherOneWay() {
		layeredArchitecture().consideringOnlyDependenciesInLayers()
			.layer("Core")
			.definedBy("dev.library.core..", "dev.library.schema..", "dev.library.security..")
			.layer("Config")
			.definedBy("dev.library.config..")
			.layer("State")
			.definedBy("dev.library.state..", "dev.library.session..")
			.layer("Secrets")
			.definedBy("dev.library.secrets..", "dev.library.vault..")
			.layer("Observability")
			.definedBy("dev.library.observability..")
			.layer("Adapters")
			.definedBy("dev.library.adapters..")
			.layer("Optional")
			.definedBy("dev.library.kafka..", "dev.library.i2c..", "dev.library.canbus..", "dev.library.database..",
					"dev.library.mtls..", "dev.library.hap..")
			.layer("App")
			.definedBy("dev.library.app..")
			.whereLayer("App")
			.mayNotBeAccessedByAnyLayer()
			.whereLayer("Optional")
			.mayOnlyBeAccessedByLayers("App")
			.whereLayer("Adapters")
			.mayOnlyBeAccessedByLayers("Optional", "App")
			.whereLayer("Observability")
			.mayOnlyBeAccessedByLayers("Optional", "App")
			.whereLayer("Secrets")
			.mayOnlyBeAccessedByLayers("Optional", "App")
			.whereLayer("State")
			.mayOnlyBeAccessedByLayers("Secrets", "Adapters", "Observability", "Optional", "App")
			.whereLayer("Config")
			.mayOnlyBeAccessedByLayers("State", "Secrets", "Observability", "Adapters", "Optional", "App")
			.check(classes);
	}

	@Test
	void packagesAreFreeOfCycles() {
		slices().matching("dev.library.(**)").should().beFreeOfCycles().check(classes);
	}

	@Test
	void noModuleReachesIntoAnotherModulesInternals() {
		for (String feature : FEATURES) {
			noClasses().that()
				.resideOutsideOfPackage("dev.library." + feature + "..")
				.should()
				.dependOnClassesThat()
				.resideInAPackage("dev.library." + feature + ".internal..")
				.allowEmptyShould(true)
				.check(classes);
		}
	}

	@Test
	void autoConfigurationsArePublicFinalWithNoPublicMembers() {
		classes().that()
			.areAnnotatedWith(AutoConfiguration.class)
			.should()
			.bePublic()
			.andShould()
			.haveModifier(JavaModifier.FINAL)
			.check(classes);
		methods().that()
			.areDeclaredInClassesThat()
			.areAnnotatedWith(AutoConfiguration.class)
			.should()
			.notBePublic()
			.allowEmptyShould(true)
			.check(classes);
		fields().that()
			.areDeclaredInClassesThat()
			.areAnnotatedWith(AutoConfiguration.class)
			.should()
			.notBePublic()
			.allowEmptyShould(true)
			.check(classes);
	}

	@Test
	void noCatchAllUtilsOrManagers() {
		noClasses().should()
			.haveSimpleNameEndingWith("Utils")
			.orShould()
			.haveSimpleNameEndingWith("Util")
			.check(classes);
		classes().that()
			.haveSimpleNameEndingWith("Manager")
			.should()
			.haveFullyQualifiedName("dev.library.core.component.ComponentLifecycleManager")
			.orShould()
			.haveFullyQualifiedName("dev.library.vault.VaultManager")
			.allowEmptyShould(true)
			.check(classes);
		noClasses().should().resideInAPackage("..util..").orShould().resideInAPackage("..utils..").check(classes);
	}

}
