package io.streamcast.topics;

import io.streamcast.calendar.CalendarEvent;
import io.streamcast.calendar.CalendarJson;
import io.streamcast.spec.PipelineSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
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

/** Adds, removes and lists the known events on a pipeline's compacted calendar topic (key: the event's id). */
public final class CalendarTopic {
    private CalendarTopic() {
    }

    /** Adds the event, or replaces the one with its id: running pipelines apply it from their next record. */
    public static void put(String bootstrap, Map<String, String> clientProps, PipelineSpec spec, CalendarEvent e)
            throws Exception {
        send(bootstrap, clientProps, spec, e.id(), CalendarJson.write(e));
    }

    /** Removes the event with the id (a tombstone). */
    public static void remove(String bootstrap, Map<String, String> clientProps, PipelineSpec spec, String id)
            throws Exception {
        send(bootstrap, clientProps, spec, id, null);
    }

    private static void send(String bootstrap, Map<String, String> clientProps, PipelineSpec spec, String id,
                             byte[] value) throws Exception {
        Map<String, Object> p = new HashMap<>(clientProps);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(spec.topics().calendar(), id.getBytes(StandardCharsets.UTF_8), value))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * The topic's events in force, by id (the latest record of each id; removed ones left out). A record that
     * does not parse maps to its error.
     */
    public static Map<String, Object> list(String bootstrap, Map<String, String> clientProps, PipelineSpec spec) {
        Map<String, Object> p = new HashMap<>(clientProps);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, Object> events = new LinkedHashMap<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(spec.topics().calendar(), Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(30));
            long deadline = System.currentTimeMillis() + 30_000;
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.key() == null) {
                        continue;
                    }
                    String id = new String(r.key(), StandardCharsets.UTF_8);
                    events.remove(id);
                    if (r.value() != null) {
                        try {
                            events.put(id, CalendarJson.parse(r.value()));
                        } catch (IllegalArgumentException e) {
                            events.put(id, e.getMessage());
                        }
                    }
                }
            }
        }
        return events;
    }
}
