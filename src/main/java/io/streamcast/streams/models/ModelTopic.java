package io.streamcast.streams.models;

import io.streamcast.topics.ModelProvenance;
import io.streamcast.topics.ModelRecords;
import io.streamcast.model.Weights;
import io.streamcast.spec.PipelineSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Publishing to and listing the compacted model topic. */
public final class ModelTopic {
    /** A record found on the topic. */
    public record Entry(String modelKey, long offset, long timestamp, ModelProvenance provenance, String error) {
    }

    private ModelTopic() {
    }

    public static void publish(String bootstrap, Map<String, String> clientProps, PipelineSpec spec, String modelKey,
                               ModelProvenance provenance, Weights weights) throws Exception {
        Map<String, Object> p = new HashMap<>(clientProps);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(spec.topics().models(), modelKey.getBytes(StandardCharsets.UTF_8),
                    ModelRecords.encode(provenance, weights))).get(30, TimeUnit.SECONDS);
        }
    }

    /** Every record currently on the topic, oldest first (compaction keeps at least the latest per key). */
    public static List<Entry> list(String bootstrap, Map<String, String> clientProps, PipelineSpec spec) {
        Map<String, Object> p = new HashMap<>(clientProps);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<Entry> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(spec.topics().models(), Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(30));
            long deadline = System.currentTimeMillis() + 30_000;
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    String key = r.key() == null ? "(null)" : new String(r.key(), StandardCharsets.UTF_8);
                    if (r.value() == null) {
                        continue;
                    }
                    try {
                        out.add(new Entry(key, r.offset(), r.timestamp(), ModelRecords.decode(r.value()).provenance(),
                                null));
                    } catch (IllegalArgumentException e) {
                        out.add(new Entry(key, r.offset(), r.timestamp(), null, e.getMessage()));
                    }
                }
            }
        }
        return out;
    }
}
