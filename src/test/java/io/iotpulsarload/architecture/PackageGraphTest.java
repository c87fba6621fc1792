package io.iotpulsarload.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package graph points one way: every package of the tool is a slice, and no slice may reach itself again
 * through the others. The layers below the simulations know nothing of Gatling.
 */
class PackageGraphTest {

  private static final JavaClasses TOOL = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.iotpulsarload");

  @Test
  void noPackageCycles() {
    slices().matching("io.iotpulsarload.(**)").should().beFreeOfCycles().check(TOOL);
  }

  @Test
  void onlyTheGatlingLayersKnowGatling() {
    noClasses().that().resideInAnyPackage("io.iotpulsarload.settings..", "io.iotpulsarload.sensor..",
            "io.iotpulsarload.pulsar..", "io.iotpulsarload.gatling.pulsar.client..", "io.iotpulsarload.config..", "io.iotpulsarload.gates..",
            "io.iotpulsarload.results..", "io.iotpulsarload.verify..", "io.iotpulsarload.run..",
            "io.iotpulsarload.broker..", "io.iotpulsarload.metrics..")
        .should().dependOnClassesThat().resideInAnyPackage("io.gatling..", "scala..")
        .check(TOOL);
  }

  @Test
  void thePublicDslDoesNotKnowTheIotLayer() {
    noClasses().that().resideInAnyPackage("io.iotpulsarload.gatling..")
        .should().dependOnClassesThat().resideInAnyPackage("io.iotpulsarload.sensor..", "io.iotpulsarload.run..",
            "io.iotpulsarload.simulation..", "io.iotpulsarload.config..", "io.iotpulsarload.verify..")
        .check(TOOL);
  }
}
