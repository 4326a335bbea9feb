package io.streamcast.chaos;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * End-to-end latency as a read-committed reader sees it: the time a forecast becomes visible minus its input's
 * send time (Kafka Streams gives an output the input record's timestamp). Outages count in it.
 */
final class LatencyProbe implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private long[] latencies = new long[1 << 16];
    private int n;

    private LatencyProbe(String topic, String bootstrap) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "streamcast-chaos-latency");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        thread = new Thread(() -> {
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer())) {
                c.subscribe(java.util.List.of(topic));
                while (running.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                        add(System.currentTimeMillis() - r.timestamp());
                    }
                }
            } catch (RuntimeException e) {
                // a probe that fails leaves the latency unknown; it never fails the soak
            }
        }, "chaos-latency");
        thread.setDaemon(true);
    }

    static LatencyProbe start(String topic, String bootstrap) {
        LatencyProbe p = new LatencyProbe(topic, bootstrap);
        p.thread.start();
        return p;
    }

    private synchronized void add(long ms) {
        if (n == latencies.length) {
            latencies = Arrays.copyOf(latencies, n * 2);
        }
        latencies[n++] = ms;
    }

    synchronized long percentile(int p) {
        if (n == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        return sorted[Math.min(n - 1, (int) Math.ceil(p / 100.0 * n) - 1)];
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(5_000);
    }
}
