package io.streamcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.chaos.ChildJvm;
import io.streamcast.feeds.LabelledFeed;
import io.streamcast.feeds.SensorFeedGenerator;
import io.streamcast.kafka.BrokerSecurity;
import io.streamcast.kafka.EmbeddedKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secured cluster end to end: the embedded broker on SASL_SSL (SCRAM) with ACLs enforced; an administrator
 * creates the topics and the applications' least-privilege ACLs with `acls --apply`; the forecast and training
 * applications run as `run` processes with their own principals through --kafka-config and do their work; a
 * principal without rights is told so within seconds, and a wrong password does not get in.
 */
class SecureClusterIT {
    private static final String SPEC = "topologies/sensors.yaml";

    @Test
    void leastPrivilegePrincipalsRunThePipelineAndOthersGetAClearNo(@TempDir Path dir) throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"), 0, true)) {
            String bootstrap = broker.bootstrapServers();
            BrokerSecurity security = broker.security();
            Path forecaster = security.addUser(bootstrap, "forecaster", "f-secret");
            Path trainer = security.addUser(bootstrap, "trainer", "t-secret");
            Path nobody = security.addUser(bootstrap, "nobody", "n-secret");
            Path admin = security.dir().resolve("admin.properties");
            assertEquals(0, Main.commandLine().execute("acls", "--spec", SPEC, "--apply", "--bootstrap-servers",
                    bootstrap, "--kafka-config", admin.toString()));

            ChildJvm forecast = run("forecast", forecaster, bootstrap, dir);
            ChildJvm training = run("training", trainer, bootstrap, dir);
            ChildJvm denied = run("forecast", nobody, bootstrap, dir);
            try {
                forecast.awaitLog("Ctrl-C stops", 180_000);
                training.awaitLog("Ctrl-C stops", 180_000);
                assertEquals(1, denied.waitFor(120_000), denied.logText());
                assertTrue(denied.logText().contains("is not allowed to do its work"), denied.logText());
                assertTrue(denied.logText().contains("./streamcast acls --spec"), denied.logText());

                List<LabelledFeed.Event> feed = SensorFeedGenerator.generate(6, 2, 1, 3).events();
                send(feed, bootstrap, security.adminProps());
                awaitForecasts(feed.size(), bootstrap, security.adminProps());
                awaitTrainingReads(bootstrap, security.adminProps());
                for (ChildJvm app : List.of(forecast, training)) {
                    assertTrue(app.alive(), app.logText());
                    assertFalse(app.logText().contains("Not authorized"), app.logText());
                }
            } finally {
                forecast.stop();
                training.stop();
                denied.stop();
            }

            Map<String, String> wrong = new HashMap<>(security.clientProps("forecaster", "not-the-password"));
            Throwable e = null;
            try {
                awaitForecasts(1, bootstrap, wrong);
            } catch (Exception | AssertionError failed) {
                e = failed;
            }
            assertTrue(e instanceof SaslAuthenticationException, "a wrong password is refused: " + e);
        }
    }

    private static ChildJvm run(String app, Path config, String bootstrap, Path dir) throws Exception {
        String who = config.getFileName().toString().replace(".properties", "");
        ChildJvm jvm = new ChildJvm(who, List.of("run", "--spec", Path.of(SPEC).toAbsolutePath().toString(),
                "--bootstrap-servers", bootstrap, "--kafka-config", config.toString(), "--app", app, "--state-dir",
                dir.resolve("state-" + who).toString(), "--http-port", "0"), dir.resolve("logs"), "768m");
        jvm.start();
        return jvm;
    }

    private static Map<String, Object> props(String bootstrap, Map<String, String> client) {
        Map<String, Object> p = new HashMap<>(client);
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return p;
    }

    private static void send(List<LabelledFeed.Event> feed, String bootstrap, Map<String, String> client) {
        Map<String, Object> p = props(bootstrap, client);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (LabelledFeed.Event e : feed) {
                producer.send(new ProducerRecord<>("sensors.observations", e.key().getBytes(StandardCharsets.UTF_8),
                        ("{\"ts\":" + e.ts() + ",\"value\":" + e.value() + "}").getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    /** Reads the forecasts read-committed until there are {@code n}; an authentication failure is thrown. */
    private static void awaitForecasts(int n, String bootstrap, Map<String, String> client) {
        Map<String, Object> p = props(bootstrap, client);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        long seen = 0;
        long deadline = System.currentTimeMillis() + 180_000;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            c.assign(List.of());
            var parts = c.partitionsFor("sensors.forecasts", Duration.ofSeconds(30)).stream()
                    .map(i -> new org.apache.kafka.common.TopicPartition(i.topic(), i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            while (seen < n && System.currentTimeMillis() < deadline) {
                seen += c.poll(Duration.ofMillis(500)).count();
            }
        }
        assertEquals(n, seen, "forecasts read committed");
    }

    private static void awaitTrainingReads(String bootstrap, Map<String, String> client) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        long committed = 0;
        try (Admin admin = Admin.create(props(bootstrap, client))) {
            while (committed == 0 && System.currentTimeMillis() < deadline) {
                committed = admin.listConsumerGroupOffsets("streamcast-sensors-training").partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS).entrySet().stream()
                        .filter(e -> e.getKey().topic().equals("sensors.forecasts") && e.getValue() != null)
                        .mapToLong(e -> e.getValue().offset()).sum();
                Thread.sleep(500);
            }
        }
        assertTrue(committed > 0, "the training application read forecasts as its own principal");
    }
}
