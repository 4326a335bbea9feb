package io.streamcast.streams;

import io.streamcast.streams.forecast.ProcessorHooks;
import io.streamcast.streams.forecast.TopologyFixture;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.spec.SpecLoader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Producing, consuming and the fault-free reference run, for the integration tests on a real broker. */
public final class BrokerFixture {
    private BrokerFixture() {
    }

    /** The sensors spec under a fresh name, so every test has its own topics and application id. */
    public static PipelineSpec freshSensorsSpec(String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        String yaml;
        try {
            yaml = java.nio.file.Files.readString(TopologyFixture.SENSORS);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        yaml = yaml.replace("name: sensors", "name: " + name).replaceAll("sensors\\.", name + ".");
        return SpecLoader.parse(yaml, "sensors.yaml as " + name);
    }

    /** Observations for the given keys, interleaved in time. */
    public static List<ProducerRecord<byte[], byte[]>> observations(String topic, int keys, int steps) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (int t = 0; t < steps; t++) {
            for (int k = 0; k < keys; k++) {
                String value = "{\"ts\":" + (TopologyFixture.T0 + t * TopologyFixture.STEP) + ",\"value\":"
                        + TopologyFixture.signal(k, t) + "}";
                out.add(new ProducerRecord<>(topic, ("key-" + k).getBytes(StandardCharsets.UTF_8),
                        value.getBytes(StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    public static void produce(String bootstrap, List<ProducerRecord<byte[], byte[]>> records) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        // One batch in flight: a retried batch cannot land after a later one (OutOfOrderSequence, batch lost).
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            records.forEach(producer::send);
            producer.flush();
        }
    }

    /** Reads committed records from a topic until {@code count} arrived (or the timeout passed). */
    public static List<ConsumerRecord<byte[], byte[]>> consume(String bootstrap, String topic, int count, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + timeout.toMillis();
            while (out.size() < count && System.currentTimeMillis() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            // anything beyond the expected count would be a duplicate: give it a moment to show up
            long settle = System.currentTimeMillis() + 1500;
            while (System.currentTimeMillis() < settle) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /** Forecast values per key, in order: what the comparison runs are judged on. */
    public static Map<String, List<String>> perKey(Iterable<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            m.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>())
                    .add(new String(r.value(), StandardCharsets.UTF_8));
        }
        return m;
    }

    /** The same input through TopologyTestDriver: the reference, per key. */
    public static Map<String, List<String>> reference(PipelineSpec spec, List<ProducerRecord<byte[], byte[]>> input) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        try (TopologyFixture f = new TopologyFixture(spec, ProcessorHooks.NONE)) {
            for (ProducerRecord<byte[], byte[]> r : input) {
                f.in.pipeInput(r.key(), r.value());
            }
            f.forecasts.readKeyValuesToList().forEach(kv -> m.computeIfAbsent(
                    new String(kv.key, StandardCharsets.UTF_8), k -> new ArrayList<>())
                    .add(new String(kv.value, StandardCharsets.UTF_8)));
        }
        return m;
    }
}
