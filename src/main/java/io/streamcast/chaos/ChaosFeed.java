package io.streamcast.chaos;

import io.streamcast.topics.TopicSerdes;
import io.streamcast.feeds.LabelledFeed;
import io.streamcast.feeds.Pacer;
import io.streamcast.feeds.SensorFeedGenerator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A seeded sensor feed sent at a steady rate by an idempotent producer that rides out broker restarts (long
 * delivery timeout, blocking when its buffer fills): every record is written once, so whatever the outputs
 * lose or repeat is the pipeline's doing.
 */
final class ChaosFeed implements Runnable {
    private final List<LabelledFeed.Event> events;
    private final String topic;
    private final double rate;
    private final Map<String, Object> producerProps;
    private final AtomicLong acked = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    ChaosFeed(int events, int keys, long seed, String topic, double rate, String bootstrap,
              Map<String, String> clientProps) {
        this.events = generate(events, keys, seed);
        this.topic = topic;
        this.rate = rate;
        Map<String, Object> p = new HashMap<>(clientProps);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 600_000);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 600_000);
        this.producerProps = p;
    }

    /** {@code events} rows over {@code keys} series (groups of the generator's six sensors), in time order. */
    static List<LabelledFeed.Event> generate(int events, int keys, long seed) {
        int per = SensorFeedGenerator.maxKeys();
        int groups = (keys + per - 1) / per;
        int days = (int) Math.ceil(events / (double) keys / (24 * 3_600_000L / SensorFeedGenerator.STEP_MS)) + 1;
        List<LabelledFeed.Event> all = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            int n = Math.min(per, keys - g * per);
            for (LabelledFeed.Event e : SensorFeedGenerator.generate(n, days, Math.max(1, days / 2) % days, seed + g)
                    .events()) {
                all.add(new LabelledFeed.Event(String.format("unit-%03d/%s", g, e.key()), e.ts(), e.value()));
            }
        }
        all.sort(Comparator.comparingLong(LabelledFeed.Event::ts).thenComparing(LabelledFeed.Event::key));
        return List.copyOf(all.subList(0, Math.min(events, all.size())));
    }

    @Override
    public void run() {
        Pacer pacer = new Pacer(rate);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < events.size() && failure.get() == null; i++) {
                pacer.await(i);
                LabelledFeed.Event e = events.get(i);
                byte[] value = TopicSerdes.observationJson(e.ts(), e.value());
                producer.send(new ProducerRecord<>(topic, e.key().getBytes(StandardCharsets.UTF_8), value),
                        (meta, ex) -> {
                            if (ex != null) {
                                failure.compareAndSet(null, ex);
                            } else {
                                acked.incrementAndGet();
                            }
                        });
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.compareAndSet(null, e);
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    int size() {
        return events.size();
    }

    long acked() {
        return acked.get();
    }

    /** Why sending stopped early, or null. */
    Exception failure() {
        return failure.get();
    }
}
