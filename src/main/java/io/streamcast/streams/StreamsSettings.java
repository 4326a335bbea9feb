package io.streamcast.streams;

import io.streamcast.spec.PipelineSpec;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/** Kafka Streams properties for a pipeline: the spec's processing section plus pass-through client settings. */
public final class StreamsSettings {
    /** Segment size of the applications' changelog and repartition topics. */
    public static final int CHANGELOG_SEGMENT_BYTES = 16 * 1024 * 1024;

    private StreamsSettings() {
    }

    /**
     * @param extra client settings passed through unchanged (security, SASL, ...): they win over ours
     */
    public static Properties forecast(PipelineSpec spec, String bootstrap, Path stateDir, Map<String, String> extra) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, spec.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, spec.processing().guarantee());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, spec.processing().commitIntervalMs());
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, spec.processing().standbyReplicas());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, spec.processing().threads());
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, spec.processing().recordCacheBytes());
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // A stream thread that dies keeps its partitions until its session times out (Streams members do
        // not leave the group on close): 10 s instead of the default 45 s bounds how long forecasts stall.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        // Every event rewrites its key's state, so a changelog grows by the state size per event, and the broker
        // compacts only rolled segments: with the default 1 GB segment, an hour at 300 events/s (1.8 GB) was
        // still mostly uncompacted and a restart spent minutes restoring it. Small segments keep it compacted.
        p.put(StreamsConfig.topicPrefix(TopicConfig.SEGMENT_BYTES_CONFIG), CHANGELOG_SEGMENT_BYTES);
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, RingStoreOptions.class);
        p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, org.apache.kafka.common.serialization.Serdes.ByteArraySerde.class);
        p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, org.apache.kafka.common.serialization.Serdes.ByteArraySerde.class);
        p.putAll(extra);
        return p;
    }

    /**
     * Where this instance answers interactive queries ({@code application.server}), so that every instance's
     * {@code queryMetadataForKey} can name it. Known only once the HTTP port is bound (it may be 0 = any). Set
     * even over a pass-through value: the HTTP handler must recognise itself in the metadata, or it would
     * proxy its own keys away.
     */
    public static Properties serving(Properties p, String advertisedHost, int port) {
        p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, advertisedHost + ":" + port);
        return p;
    }

    /** The training application: its own application id (so it scales and fails on its own), same settings. */
    public static Properties training(PipelineSpec spec, String bootstrap, Path stateDir, Map<String, String> extra) {
        Properties p = forecast(spec, bootstrap, stateDir, Map.of());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, trainingApplicationId(spec));
        p.putAll(extra);
        return p;
    }

    public static String trainingApplicationId(PipelineSpec spec) {
        return spec.applicationId() + "-training";
    }
}
