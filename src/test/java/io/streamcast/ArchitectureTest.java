package io.streamcast;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The whole layering as one rule: each row may use only the rows above it (and its own), never below. The
 * engine core ({@code model}) is pure math; {@code engine} is the Kafka-free per-event contract that both the
 * live topologies and the in-process backtests drive, so neither side can grow a rule of its own.
 */
class ArchitectureTest {
    static final String[][] LAYERS = {
            {"model"},
            {"anomaly", "baseline", "feeds", "kafka", "calendar"},
            {"spec"},
            {"training"},
            {"engine"},
            {"data"},
            {"eval"},
            {"report"},
            {"backtest"},
            {"topics"},
            {"streams", "streams.models"},
            {"streams.forecast"},
            {"streams.training"},
            {"streams.acls"},
            {"observe"},
            {"replay"},
            {"bench", "demo", "chaos"},
            {"cli"},
    };

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.streamcast");

    @Test
    void eachLayerUsesOnlyTheLayersBelowIt() {
        Architectures.LayeredArchitecture rule = Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String[] row : LAYERS) {
            for (String p : row) {
                // "streams" is its own package only: its sub-packages are layers of their own.
                String where = p.equals("streams") ? "io.streamcast.streams" : "io.streamcast." + p + "..";
                rule = rule.layer(p).definedBy(where);
            }
        }
        List<String> below = new ArrayList<>();
        for (String[] row : LAYERS) {
            for (String p : row) {
                rule = below.isEmpty() ? rule.whereLayer(p).mayNotAccessAnyLayer()
                        : rule.whereLayer(p).mayOnlyAccessLayers(below.toArray(String[]::new));
            }
            below.addAll(List.of(row));
        }
        rule.check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.streamcast.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void modelImportsNoKafkaJacksonOrMicrometer() {
        noClasses().that().resideInAPackage("io.streamcast.model..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.apache.kafka..", "com.fasterxml.jackson..", "io.micrometer..")
                .check(classes);
    }

    @Test
    void engineAndBacktestsNeedNoKafka() {
        noClasses().that().resideInAnyPackage("io.streamcast.training..", "io.streamcast.engine..", "io.streamcast.data..",
                        "io.streamcast.eval..", "io.streamcast.report..", "io.streamcast.backtest..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..")
                .check(classes);
    }
}
