package io.streamcast.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded broker is a real Kafka: transactions, isolation, several at once, a folder that persists. */
class EmbeddedKafkaBrokerIT {
    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    private static void createTopic(String bootstrap, String name, int partitions) throws Exception {
        try (Admin a = admin(bootstrap)) {
            a.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void committedTransactionsAreReadAndAbortedOnesAreNot() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(null)) {
            String bootstrap = broker.bootstrapServers();
            createTopic(bootstrap, "tx", 2);
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-tx");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                    new StringSerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                for (int i = 0; i < 1000; i++) {
                    producer.send(new ProducerRecord<>("tx", "k" + (i % 10), "v" + i));
                }
                producer.commitTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("tx", "k0", "aborted"));
                producer.flush();
                producer.abortTransaction();
            }
            Properties c = new Properties();
            c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            c.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader");
            c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            List<String> values = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                    new StringDeserializer())) {
                consumer.subscribe(List.of("tx"));
                long deadline = System.currentTimeMillis() + 30_000;
                while (values.size() < 1000 && System.currentTimeMillis() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        values.add(r.value());
                    }
                }
                consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
            }
            assertEquals(1000, values.size());
            assertFalse(values.contains("aborted"));
        }
    }

    @Test
    void twoBrokersAtOnceAndCloseRemovesTheTempFolder() throws Exception {
        Path firstDir;
        try (EmbeddedKafkaBroker a = EmbeddedKafkaBroker.start(null);
             EmbeddedKafkaBroker b = EmbeddedKafkaBroker.start(null)) {
            assertNotEquals(a.bootstrapServers(), b.bootstrapServers());
            createTopic(b.bootstrapServers(), "only-on-b", 1);
            try (Admin x = admin(a.bootstrapServers())) {
                assertFalse(x.listTopics().names().get(30, TimeUnit.SECONDS).contains("only-on-b"));
            }
            firstDir = a.dataDir();
            assertTrue(Files.isDirectory(firstDir));
        }
        assertFalse(Files.exists(firstDir), "temp folder removed on close");
    }

    @Test
    void aGivenFolderIsKeptAndReused(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("broker");
        try (EmbeddedKafkaBroker b = EmbeddedKafkaBroker.start(dir)) {
            createTopic(b.bootstrapServers(), "kept", 1);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, b.bootstrapServers()), new StringSerializer(),
                    new StringSerializer())) {
                producer.send(new ProducerRecord<>("kept", "k", "still here")).get(30, TimeUnit.SECONDS);
            }
        }
        assertTrue(Files.isDirectory(dir));
        try (EmbeddedKafkaBroker b = EmbeddedKafkaBroker.start(dir); Admin a = admin(b.bootstrapServers())) {
            Set<String> names = a.listTopics().names().get(30, TimeUnit.SECONDS);
            assertTrue(names.contains("kept"), names.toString());
            String value = new String(readFirst(b.bootstrapServers(), "kept"), StandardCharsets.UTF_8);
            assertEquals("still here", value);
        }
    }

    private static byte[] readFirst(String bootstrap, String topic) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "it-first");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    return r.value().getBytes(StandardCharsets.UTF_8);
                }
            }
        }
        throw new AssertionError("nothing read from " + topic);
    }
}
