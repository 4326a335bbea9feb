package io.streamcast.streams;

import io.streamcast.streams.forecast.ProcessorHooks;
import io.streamcast.streams.forecast.TopologyFixture;
import io.streamcast.streams.models.ModelStoreLoader;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.spec.SpecLoader;
import io.streamcast.topics.ModelRecords;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;

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

    /**
     * Reads committed records from a topic until {@code count} arrived, then on to the end the topic has at that
     * point, so that a record beyond the count (a duplicate) is returned too. Fails when they do not arrive in time.
     */
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
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < count) {
                if (System.nanoTime() - deadline > 0) {
                    fail("only " + out.size() + " of " + count + " records on " + topic + " within "
                            + timeout.toSeconds() + " s");
                }
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            // Under read_committed the end offsets are the last stable ones: every committed record, the
            // duplicates a broken exactly-once run would have written included.
            Map<TopicPartition, Long> end = c.endOffsets(c.assignment());
            awaitUntil(timeout, () -> {
                c.poll(Duration.ofMillis(100)).forEach(out::add);
                return end.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue());
            }, "the end of " + topic + " " + end);
        }
        return out;
    }

    /** Polls {@code condition} until it holds; fails, saying what it waited for, once {@code bound} has passed. */
    public static void awaitUntil(Duration bound, BooleanSupplier condition, String whatWeWaitedFor) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("gave up after " + bound.toSeconds() + " s waiting for " + whatWeWaitedFor);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + whatWeWaitedFor, e);
            }
        }
    }

    /**
     * True when consumer group {@code group} has committed, on every partition of {@code topics}, the topic's end
     * offset: it has processed everything there, and flushed what it wrote for it (Streams flushes before it
     * commits). The offsets are read before the ends, so what it wrote to one of these topics before that
     * commit is counted too.
     */
    public static boolean caughtUp(Admin admin, String group, Collection<String> topics) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get().values()) {
                d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()),
                        OffsetSpec.latest()));
            }
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e
                    : admin.listOffsets(latest).all().get().entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                if (e.getValue().offset() > (c == null ? 0 : c.offset())) {
                    return false;
                }
            }
            return true;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the offsets of " + group + " on " + topics, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The global model's version in an application's model store: 0 before there is one, -1 while unreadable. */
    public static long globalModelVersion(KafkaStreams streams) {
        try {
            byte[] record = streams.store(StoreQueryParameters.fromNameAndType(ModelStoreLoader.STORE,
                    QueryableStoreTypes.<String, byte[]>keyValueStore())).get(ModelRecords.GLOBAL);
            return record == null ? 0 : ModelRecords.decode(record).weights().version();
        } catch (InvalidStateStoreException e) {
            return -1;
        }
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
