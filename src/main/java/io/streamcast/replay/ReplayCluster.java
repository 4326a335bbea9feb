package io.streamcast.replay;

import io.streamcast.spec.PipelineSpec;
import io.streamcast.engine.ObservationParser;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster side of a topic replay: the input's offsets, the replay's own topics and consumer group, clean-up,
 * and every failure said in the user's terms (which cluster, which topic, what to do about it).
 */
final class ReplayCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplayCluster.class);
    private final Admin admin;
    private final String bootstrap;
    private final Map<String, String> clientProps;

    private ReplayCluster(Admin admin, String bootstrap, Map<String, String> clientProps) {
        this.admin = admin;
        this.bootstrap = bootstrap;
        this.clientProps = clientProps;
    }

    static ReplayCluster connect(String bootstrap, Map<String, String> clientProps) {
        Map<String, Object> p = new HashMap<>();
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        p.putAll(clientProps);
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try {
            return new ReplayCluster(Admin.create(p), bootstrap, clientProps);
        } catch (KafkaException e) { // e.g. no resolvable address among them
            throw new IllegalArgumentException("cannot use the bootstrap servers '" + bootstrap + "': "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage())
                    + "; set them with --bootstrap-servers host:port[,host:port]");
        }
    }

    List<TopicPartition> partitions(String topic) {
        var description = call(() -> admin.describeTopics(List.of(topic)).allTopicNames().get(60, TimeUnit.SECONDS),
                "describing " + topic).get(topic);
        return description.partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    Map<TopicPartition, Long> endOffsets(List<TopicPartition> parts) {
        return offsets(parts, OffsetSpec.latest());
    }

    /**
     * Where each partition starts: null or blank, its first record; digits, that offset; otherwise an ISO-8601
     * time, the first record whose Kafka timestamp is at or after it. Clamped to what the partition holds.
     */
    Map<TopicPartition, Long> startOffsets(List<TopicPartition> parts, String from, Map<TopicPartition, Long> end) {
        Map<TopicPartition, Long> first = offsets(parts, OffsetSpec.earliest());
        if (from == null || from.isBlank()) {
            return first;
        }
        Map<TopicPartition, Long> out = new HashMap<>();
        String f = from.trim();
        if (f.chars().allMatch(Character::isDigit)) {
            long o = Long.parseLong(f);
            parts.forEach(tp -> out.put(tp, Math.max(first.get(tp), Math.min(o, end.get(tp)))));
            return out;
        }
        long ts;
        try {
            ts = ObservationParser.parseTime(f);
        } catch (ObservationParser.Rejection e) {
            throw new IllegalArgumentException("--from must be an offset or an ISO-8601 time (e.g. "
                    + "2024-05-01T12:00:00Z), got '" + from + "'");
        }
        // No record at or after the time: the partition has nothing to replay (the broker answers -1).
        offsets(parts, OffsetSpec.forTimestamp(ts))
                .forEach((tp, o) -> out.put(tp, o < 0 ? end.get(tp) : Math.min(o, end.get(tp))));
        return out;
    }

    /** The replay's forecasts, alerts, dead letters and (empty) model topic. */
    void createOutputTopics(PipelineSpec.Topics t) {
        int p = t.partitions();
        // Unlimited retention: the outputs carry the input's (possibly old) event times until read back.
        Map<String, String> keep = Map.of("retention.ms", "-1");
        List<NewTopic> topics = List.of(new NewTopic(t.forecasts(), p, (short) -1).configs(keep),
                new NewTopic(t.alerts(), p, (short) -1).configs(keep),
                new NewTopic(t.deadLetters(), p, (short) -1).configs(keep),
                new NewTopic(t.models(), 1, (short) -1).configs(Map.of("cleanup.policy", "compact")));
        call(() -> admin.createTopics(topics).all().get(60, TimeUnit.SECONDS), "creating the replay's topics");
    }

    /** A new application id has no committed offsets: give its group the start before it first joins. */
    void seekGroup(String groupId, Map<TopicPartition, Long> start) {
        Map<TopicPartition, OffsetAndMetadata> seek = new HashMap<>();
        start.forEach((tp, o) -> seek.put(tp, new OffsetAndMetadata(o)));
        call(() -> admin.alterConsumerGroupOffsets(groupId, seek).all().get(60, TimeUnit.SECONDS),
                "setting the start offsets of " + groupId);
    }

    /**
     * Deletes the replay's group, and its topics: those named with its prefix, and the application's internal
     * topics (its state changelog). Only names unique to this replay are deleted, never a topic it did not make.
     */
    void cleanUp(String appId, String prefix) {
        try {
            admin.deleteConsumerGroups(List.of(appId)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof GroupIdNotFoundException)) { // else it failed before the group was made
                LOG.warn("could not delete the replay's consumer group {}: {}", appId, e.getCause().toString());
            }
        } catch (Exception e) {
            LOG.warn("could not delete the replay's consumer group {}: {}", appId, e.toString());
        }
        try {
            List<String> doomed = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(n -> n.startsWith(prefix) || n.startsWith(appId + "-")).toList();
            admin.deleteTopics(doomed).all().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("could not delete the replay's topics {}* and {}-*: {}", prefix, appId, e.toString());
        }
    }

    /** A consumer that reads what the application reads: committed records only; assign, no group. */
    KafkaConsumer<byte[], byte[]> consumer() {
        Properties p = new Properties();
        p.putAll(clientProps);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    String bootstrap() {
        return bootstrap;
    }

    Map<String, String> clientProps() {
        return clientProps;
    }

    @Override
    public void close() {
        admin.close();
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> parts, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> q = new HashMap<>();
        parts.forEach(tp -> q.put(tp, spec));
        Map<TopicPartition, Long> out = new HashMap<>();
        // read_committed: the end is the last stable offset, as far as the application will read
        call(() -> admin.listOffsets(q, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                .get(60, TimeUnit.SECONDS), "listing the offsets of " + parts.get(0).topic())
                .forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    @FunctionalInterface
    private interface Call<T> {
        T get() throws ExecutionException, TimeoutException, InterruptedException;
    }

    private <T> T call(Call<T> call, String what) {
        try {
            return call.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UnknownTopicOrPartitionException) {
                throw new IllegalArgumentException(what + ": the topic does not exist on " + bootstrap
                        + " (is it the right cluster? set it with --bootstrap-servers host:port)");
            }
            if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable(what);
            }
            throw new IllegalStateException(what + " on " + bootstrap + " failed: " + cause, cause);
        } catch (TimeoutException e) {
            throw unreachable(what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + what, e);
        }
    }

    private IllegalStateException unreachable(String what) {
        return new IllegalStateException("cannot reach Kafka at " + bootstrap + " (" + what + " timed out): check "
                + "that the brokers are up, or point at them with --bootstrap-servers host:port[,host:port] "
                + "(the default is localhost:9092)");
    }
}
