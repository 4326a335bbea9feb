package io.streamcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EnvDefaultsTest {
    private static RunCommand parseRun(Map<String, String> env, String... args) {
        CommandLine cl = Main.commandLine(env);
        CommandLine.ParseResult r = cl.parseArgs(args);
        return (RunCommand) r.subcommand().commandSpec().userObject();
    }

    @Test
    void optionsComeFromTheEnvironmentAndTheCommandLineWins() {
        Map<String, String> env = Map.of("STREAMCAST_BOOTSTRAP_SERVERS", "kafka:9092", "STREAMCAST_HTTP_PORT", "9999",
                "STREAMCAST_HTTP_HOST", "0.0.0.0", "STREAMCAST_STATE_DIR", "/data/state",
                "STREAMCAST_EMBEDDED_PORT", "19092", "STREAMCAST_HELP", "true");
        RunCommand run = parseRun(env, "run", "--spec", "topologies/sensors.yaml");
        assertEquals("kafka:9092", run.kafka.bootstrapServers);
        assertEquals(9999, run.metricsPort, "any of an option's names: --http-port");
        assertEquals("0.0.0.0", run.httpHost);
        assertEquals(Path.of("/data/state"), run.stateDir);
        assertEquals(19092, run.embeddedPort, "over the built-in default");
        RunCommand flags = parseRun(env, "run", "--spec", "topologies/sensors.yaml", "--http-port", "1",
                "--bootstrap-servers", "other:9092");
        assertEquals(1, flags.metricsPort);
        assertEquals("other:9092", flags.kafka.bootstrapServers);
        RunCommand none = parseRun(Map.of(), "run", "--spec", "topologies/sensors.yaml");
        assertEquals(9092, none.embeddedPort);
        assertEquals(null, none.kafka.bootstrapServers);
    }

    @Test
    void kafkaClientSettingsComeFromTheEnvironmentAndAConfigFileWins(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "sasl.mechanism=SCRAM-SHA-512\n");
        Map<String, String> env = Map.of("STREAMCAST_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "STREAMCAST_KAFKA_SASL_MECHANISM", "PLAIN", "STREAMCAST_KAFKA_CONFIG", file.toString());
        RunCommand run = parseRun(env, "run", "--spec", "topologies/sensors.yaml");
        assertEquals(file, run.kafka.kafkaConfig, "--kafka-config from STREAMCAST_KAFKA_CONFIG");
        assertEquals(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512"),
                run.kafka.clientProps(env));
    }
}
