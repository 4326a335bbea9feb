package io.streamcast.chaos;

import io.streamcast.topics.DeadLetters;
import io.streamcast.topics.ForecastRecord;
import io.streamcast.topics.RecordJson;
import io.streamcast.topics.TopicRegistry;
import io.streamcast.spec.PipelineSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What the outputs say, read committed, against every input record: an input is lost when it has neither a
 * forecast (same key and ts) nor a dead letter naming it; an output beyond one per input is a duplicate.
 *
 * @param inputs     records on the input topic (more than were sent: the input itself has duplicates)
 * @param forecasts  forecast records read committed
 * @param deadLetters dead letters read committed
 * @param lost       inputs with no output
 * @param duplicated outputs beyond one per input, plus input records beyond one per sent row
 */
public record ChaosVerdict(long inputs, long forecasts, long deadLetters, long lost, long duplicated) {

    static ChaosVerdict read(PipelineSpec spec, String bootstrap, Map<String, String> clientProps) {
        TopicRegistry t = TopicRegistry.of(spec);
        Map<String, Integer> outputs = new HashMap<>();
        long[] counts = new long[3];
        long[] duplicated = {0};
        read(t.forecasts().name(), bootstrap, clientProps, r -> {
            ForecastRecord f = RecordJson.readForecast(r.value());
            counts[1]++;
            if (outputs.merge(f.key() + "@" + f.ts(), 1, Integer::sum) > 1) {
                duplicated[0]++;
            }
        });
        Set<String> rejectedSources = new HashSet<>();
        read(t.deadLetters().name(), bootstrap, clientProps, r -> {
            counts[2]++;
            String source = DeadLetters.header(r.headers(), DeadLetters.SOURCE_HEADER);
            if (source != null && !rejectedSources.add(source)) {
                duplicated[0]++;
            }
        });
        Set<String> seenInputs = new HashSet<>();
        long[] lost = {0};
        read(t.observations().name(), bootstrap, clientProps, r -> {
            counts[0]++;
            String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
            String id = key + "@" + tsOf(r.value());
            if (!seenInputs.add(id)) {
                duplicated[0]++;
                return;
            }
            if (!outputs.containsKey(id)
                    && !rejectedSources.contains(DeadLetters.source(r.topic(), r.partition(), r.offset()))) {
                lost[0]++;
            }
        });
        return new ChaosVerdict(counts[0], counts[1], counts[2], lost[0], duplicated[0]);
    }

    /** The "ts" of our feed's JSON (written by {@link ChaosFeed}: a number right after {"ts":). */
    private static long tsOf(byte[] value) {
        String s = new String(value, StandardCharsets.UTF_8);
        int from = s.indexOf(':') + 1;
        int to = s.indexOf(',', from);
        return Long.parseLong(s.substring(from, to).trim());
    }

    /** Every committed record of a topic up to its last stable offsets as of now. */
    static void read(String topic, String bootstrap, Map<String, String> clientProps,
                     Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        Map<String, Object> p = new HashMap<>(clientProps);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            c.partitionsFor(topic, Duration.ofSeconds(60)).forEach(i -> parts.add(new TopicPartition(topic,
                    i.partition())));
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(60));
            long deadline = System.currentTimeMillis() + 300_000;
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("reading " + topic + " did not reach its end offsets in 5 min");
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        sink.accept(r);
                    }
                }
            }
        }
    }
}
