package io.streamcast.streams.forecast;

import io.streamcast.topics.ForecastRecord;
import io.streamcast.topics.RecordJson;
import io.streamcast.engine.ModelLoader;
import io.streamcast.engine.WeightsSource;
import io.streamcast.streams.BrokerFixture;
import io.streamcast.streams.PipelineRunner;
import io.streamcast.streams.StreamsSettings;
import io.streamcast.topics.PipelineTopics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.kafka.EmbeddedKafkaBroker;
import io.streamcast.spec.PipelineSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-out and failover, Kafka's own way: two instances of the forecast application (same application id,
 * separate state folders) split the 4 input partitions; one is closed while it still has input to process;
 * the other takes over its partitions, restores their per-key state from the changelog and carries on. The
 * committed forecasts equal a single-instance run's bit for bit, key by key, none lost or duplicated.
 */
class ScaleOutIT {
    private static final int KEYS = 16;
    private static final int STEPS = 200;

    @Test
    void survivorTakesOverAndForecastsEqualASingleInstanceRun(@TempDir Path stateA, @TempDir Path stateB)
            throws Exception {
        long started = System.currentTimeMillis();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(null)) {
            String bootstrap = broker.bootstrapServers();
            PipelineSpec spec = BrokerFixture.freshSensorsSpec("scale");
            assertEquals(4, spec.topics().partitions());
            PipelineTopics.create(bootstrap, Map.of(), spec);
            List<ProducerRecord<byte[], byte[]>> input = BrokerFixture.observations(spec.topics().observations(),
                    KEYS, STEPS);
            int half = input.size() / 2;

            // Restores into A's series store, by partition: what A had to read back from the changelog.
            Map<Integer, Long> restoredOnA = new ConcurrentHashMap<>();
            StateRestoreListener restores = new StateRestoreListener() {
                @Override
                public void onRestoreStart(TopicPartition tp, String store, long start, long end) {
                }

                @Override
                public void onBatchRestored(TopicPartition tp, String store, long batchEnd, long n) {
                    if (store.equals(ForecastTopology.STATE_STORE)) {
                        restoredOnA.merge(tp.partition(), n, Long::sum);
                    }
                }

                @Override
                public void onRestoreEnd(TopicPartition tp, String store, long total) {
                }
            };
            // B stops itself mid-stream: at its 50th event of the second half it waits until the test has begun
            // to close it (and it is slow, 1 ms an event, so it cannot race through the rest while closing).
            long phase2 = TopologyFixture.T0 + (long) (STEPS / 2) * TopologyFixture.STEP;
            AtomicInteger lateEventsOfB = new AtomicInteger();
            AtomicInteger eventsOfB = new AtomicInteger();
            CountDownLatch midStream = new CountDownLatch(1);
            AtomicBoolean closing = new AtomicBoolean();
            ProcessorHooks stopsMidStream = (key, ts) -> {
                eventsOfB.incrementAndGet();
                try {
                    if (ts >= phase2 && lateEventsOfB.incrementAndGet() == 50) {
                        midStream.countDown();
                        while (!closing.get()) {
                            Thread.sleep(10);
                        }
                    }
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            try (PipelineRunner a = start(spec, bootstrap, stateA, ProcessorHooks.NONE, restores);
                 PipelineRunner b = start(spec, bootstrap, stateB, stopsMidStream, null);
                 KafkaConsumer<byte[], byte[]> reader = committedReader(bootstrap, spec.topics().forecasts())) {
                await("both instances hold partitions", Duration.ofSeconds(30), () ->
                        running(a) && running(b) && !partitions(a).isEmpty() && !partitions(b).isEmpty()
                                && partitions(a).size() + partitions(b).size() == 4);
                Set<Integer> ofB = partitions(b);
                Set<String> keysOfB = keys().stream().filter(k -> ofB.contains(partition(k, 4)))
                        .collect(Collectors.toSet());
                System.out.printf("A holds partitions %s, B holds %s (%d keys)%n", partitions(a), ofB, keysOfB.size());

                List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
                BrokerFixture.produce(bootstrap, input.subList(0, half));
                pollUntil(reader, out, Duration.ofSeconds(30), () -> out.size() >= half);
                BrokerFixture.produce(bootstrap, input.subList(half, input.size()));
                assertTrue(midStream.await(30, TimeUnit.SECONDS), "B reached the middle of the second half");
                Thread closer = new Thread(b::close, "close-B");
                closer.start();
                await("B is closing", Duration.ofSeconds(10), () -> b.streams().state() != KafkaStreams.State.RUNNING);
                closing.set(true);
                closer.join();
                // Counted in B itself: once B has left the group, A's forecasts for B's keys reach the output too.
                int doneOfB = eventsOfB.get();
                System.out.printf("B closed after %d of its %d events%n", doneOfB, keysOfB.size() * STEPS);
                assertTrue(doneOfB < keysOfB.size() * STEPS, "B was closed mid-stream");

                pollUntil(reader, out, Duration.ofSeconds(40), () -> out.size() >= input.size());
                pollUntil(reader, out, Duration.ofMillis(1500), () -> false); // would a duplicate show up?
                assertEquals(Set.of(0, 1, 2, 3), partitions(a), "A took over B's partitions");
                assertEquals(ofB, restoredOnA.entrySet().stream().filter(e -> e.getValue() > 0)
                        .map(Map.Entry::getKey).collect(Collectors.toSet()), "A restored B's state from the changelog");

                assertEquals(input.size(), out.size(), "one committed forecast per event: none lost or duplicated");
                Map<String, List<String>> expected = BrokerFixture.reference(spec, input);
                Map<String, List<String>> actual = BrokerFixture.perKey(out);
                assertEquals(expected.keySet(), actual.keySet());
                for (String k : expected.keySet()) {
                    assertEquals(bits(expected.get(k)), bits(actual.get(k)), "mean/score/likelihood bits of " + k);
                    assertEquals(expected.get(k), actual.get(k), "forecast records of " + k);
                }
                System.out.printf("%d committed forecasts of %d keys equal the single-instance run; A restored %s "
                                + "records; %.1f s%n", out.size(), actual.size(), restoredOnA,
                        (System.currentTimeMillis() - started) / 1000.0);
            }
        }
    }

    private static PipelineRunner start(PipelineSpec spec, String bootstrap, Path state, ProcessorHooks hooks,
                                        StateRestoreListener restores) {
        Properties props = StreamsSettings.forecast(spec, bootstrap, state, Map.of());
        // Small polls: a stream thread notices it is closing between polls, and B must stop with input left over.
        props.put(org.apache.kafka.streams.StreamsConfig.consumerPrefix(
                org.apache.kafka.clients.consumer.ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 20);
        return PipelineRunner.start(ForecastTopology.build(spec, WeightsSource.fixed(ModelLoader.initial(spec, null)),
                PipelineMetrics.detached(spec.name()), hooks), props, null, Duration.ofSeconds(60), s -> {
                    if (restores != null) {
                        s.setGlobalStateRestoreListener(restores);
                    }
                });
    }

    private static boolean running(PipelineRunner r) {
        return r.streams().state() == KafkaStreams.State.RUNNING;
    }

    /** The input partitions an instance processes now (its active tasks). */
    private static Set<Integer> partitions(PipelineRunner r) {
        Set<Integer> p = new TreeSet<>();
        for (ThreadMetadata t : r.streams().metadataForLocalThreads()) {
            t.activeTasks().forEach(task -> task.topicPartitions().forEach(tp -> p.add(tp.partition())));
        }
        return p;
    }

    private static List<String> keys() {
        List<String> k = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            k.add("key-" + i);
        }
        return k;
    }

    /** What the producers' default partitioner picks for a key. */
    private static int partition(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** Per record: the raw bits of forecast (mean), score and likelihood (null, before warm-up: 0). */
    private static List<String> bits(List<String> records) throws Exception {
        List<String> out = new ArrayList<>();
        for (String r : records) {
            ForecastRecord n = RecordJson.readForecast(r.getBytes(StandardCharsets.UTF_8));
            out.add(n.ts() + ":" + raw(n.forecast()) + "/" + raw(n.score()) + "/" + raw(n.likelihood()));
        }
        return out;
    }

    private static String raw(double v) {
        return Double.isNaN(v) ? "null" : Long.toHexString(Double.doubleToRawLongBits(v));
    }

    private static KafkaConsumer<byte[], byte[]> committedReader(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        c.subscribe(List.of(topic));
        return c;
    }

    private static void pollUntil(KafkaConsumer<byte[], byte[]> c, List<ConsumerRecord<byte[], byte[]>> out,
                                  Duration timeout, BooleanSupplier done) {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (!done.getAsBoolean() && System.currentTimeMillis() < deadline) {
            c.poll(Duration.ofMillis(100)).forEach(out::add);
        }
    }

    private static void await(String what, Duration timeout, BooleanSupplier done) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (!done.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }
}
