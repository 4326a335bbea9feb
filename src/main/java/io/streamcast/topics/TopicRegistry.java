package io.streamcast.topics;

import io.streamcast.spec.PipelineSpec;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic of a pipeline with its serdes and settings: the one list that topic creation, the topologies'
 * readers, replays, the demo and the tests take names and serdes from. Schemas: specs.md, "Topics".
 */
public record TopicRegistry(Topic<byte[], byte[]> observations, Topic<byte[], ForecastRecord> forecasts,
                            Topic<byte[], AlertRecord> alerts, Topic<byte[], byte[]> deadLetters,
                            Topic<String, ModelRecords.Published> models,
                            Topic<byte[], TrainingUpdate> trainingUpdates, Topic<String, byte[]> calendar) {

    /**
     * One topic: its name, serdes, partitions and topic configs.
     *
     * @param configs topic settings it is created with (retention, compaction)
     */
    public record Topic<K, V>(String name, Serde<K> keys, Serde<V> values, int partitions,
                              Map<String, String> configs) {
    }

    public static TopicRegistry of(PipelineSpec spec) {
        PipelineSpec.Topics t = spec.topics();
        int p = t.partitions();
        // Observations and dead letters keep their history: replays and backtests read it long after.
        Map<String, String> keep = Map.of("retention.ms", "-1");
        return new TopicRegistry(
                new Topic<>(t.observations(), Serdes.ByteArray(), Serdes.ByteArray(), p, keep),
                new Topic<>(t.forecasts(), Serdes.ByteArray(), TopicSerdes.forecasts(), p, Map.of()),
                new Topic<>(t.alerts(), Serdes.ByteArray(), TopicSerdes.alerts(), p, Map.of()),
                new Topic<>(t.deadLetters(), Serdes.ByteArray(), Serdes.ByteArray(), p, keep),
                new Topic<>(t.models(), Serdes.String(), TopicSerdes.models(), 1, Map.of("cleanup.policy", "compact")),
                new Topic<>(t.trainingUpdates(), Serdes.ByteArray(), TopicSerdes.trainingUpdates(), p, Map.of()),
                // Known events by id (CalendarJson values; a tombstone removes one): every instance reads it all.
                new Topic<>(t.calendar(), Serdes.String(), Serdes.ByteArray(), 1, Map.of("cleanup.policy", "compact")));
    }

    public List<Topic<?, ?>> all() {
        return List.of(observations, forecasts, alerts, deadLetters, models, trainingUpdates, calendar);
    }
}
