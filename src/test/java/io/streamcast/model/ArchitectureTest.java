package io.streamcast.model;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The engine core stays pure math: no Kafka, Jackson or Micrometer, nor anything of ours that uses them. */
class ArchitectureTest {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.streamcast");

    @Test
    void modelImportsNoKafkaJacksonOrMicrometer() {
        noClasses().that().resideInAPackage("io.streamcast.model..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.apache.kafka..", "com.fasterxml.jackson..", "io.micrometer..",
                        "io.streamcast.streams..", "io.streamcast.kafka..", "io.streamcast.cli..")
                .check(classes);
    }
}
