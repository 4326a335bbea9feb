package io.streamcast.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/** Where Kafka is, and client settings (security, SASL, ...) passed through to every client unchanged. */
final class KafkaOptions {
    @Option(names = "--bootstrap-servers", description = "Kafka brokers, host:port[,host:port]. "
            + "Without it, commands that can start an embedded broker do.")
    String bootstrapServers;

    @Option(names = "--kafka-config", description = "A properties file of Kafka client settings "
            + "(security.protocol, sasl.*, ssl.*), passed to every client.")
    Path kafkaConfig;

    /** The brokers given, or localhost:9092 (the embedded broker's and Kafka's usual address). */
    String bootstrapOrDefault() {
        return bootstrapServers != null ? bootstrapServers : "localhost:9092";
    }

    /**
     * Kafka client settings from the environment: {@code STREAMCAST_KAFKA_SECURITY_PROTOCOL=SASL_SSL} is
     * {@code security.protocol=SASL_SSL} (the rest of the name in lower case, underscores as dots). A
     * {@code --kafka-config} file's settings win over them.
     */
    static final String ENV_PREFIX = "STREAMCAST_KAFKA_";

    Map<String, String> clientProps() throws IOException {
        return clientProps(System.getenv());
    }

    Map<String, String> clientProps(Map<String, String> env) throws IOException {
        Map<String, String> m = new HashMap<>();
        env.forEach((k, v) -> {
            // STREAMCAST_KAFKA_CONFIG is --kafka-config itself, not a client setting.
            if (k.startsWith(ENV_PREFIX) && !k.equals(ENV_PREFIX + "CONFIG")) {
                m.put(k.substring(ENV_PREFIX.length()).toLowerCase(java.util.Locale.ROOT).replace('_', '.'), v);
            }
        });
        if (kafkaConfig != null) {
            if (!Files.isRegularFile(kafkaConfig)) {
                throw new IllegalArgumentException("--kafka-config " + kafkaConfig + ": no such file");
            }
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(kafkaConfig)) {
                p.load(in);
            }
            p.forEach((k, v) -> m.put(k.toString(), v.toString()));
        }
        return m;
    }
}
