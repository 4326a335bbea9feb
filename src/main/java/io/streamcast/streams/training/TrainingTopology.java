package io.streamcast.streams.training;

import io.streamcast.topics.TopicRegistry;
import io.streamcast.engine.WeightsSource;
import io.streamcast.streams.models.ModelStoreLoader;
import io.streamcast.spec.PipelineSpec;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The training topology as a pure function of a spec, run as its own application beside the forecast one:
 * the forecast pipeline's forecasts (each carries the value it was made for) and alerts → per-key tBPTT windows → the training-updates topic
 * keyed by model key (the repartition: every window of one model meets in one task) → the aggregation, which
 * trains on them and publishes guarded, canary-checked versions to the compacted model topic, read back into
 * a global store. Windows, not gradients, cross the wire: gradients taken by many tasks at weights that the
 * aggregation has since moved on from made training diverge on a real broker (forecasts worse than
 * untrained), where one trainer per model key at the newest weights learns as offline training does
 * (architecture.md has the figures).
 */
public final class TrainingTopology {
    static final String WINDOW_STORE = "training-windows";
    static final String INCIDENT_STORE = "training-incidents";
    static final String UPDATES_SINK = "training-updates";
    static final String MODELS_SINK = "models";

    private TrainingTopology() {
    }

    /** @param initial what the model keys start from until a version is on the model topic */
    public static Topology build(PipelineSpec spec, WeightsSource initial, TrainingMetrics metrics) {
        TopicRegistry t = TopicRegistry.of(spec);
        Topology topology = new Topology();
        topology.addSource("forecasts", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
                t.forecasts().name());
        topology.addSource("alerts", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(), t.alerts().name());
        topology.addProcessor("incidents", IncidentMarker::new, "alerts");
        topology.addProcessor("windows", () -> new WindowProcessor(spec, initial, metrics), "forecasts");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WINDOW_STORE),
                Serdes.Bytes(), Serdes.ByteArray()), "windows");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(INCIDENT_STORE),
                Serdes.Bytes(), Serdes.ByteArray()), "windows", "incidents");
        topology.addSink(UPDATES_SINK, t.trainingUpdates().name(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer(), "windows");

        topology.addSource("updates", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
                t.trainingUpdates().name());
        topology.addProcessor("aggregate", () -> new ModelAggregator(spec, initial, metrics), "updates");
        topology.addSink(MODELS_SINK, t.models().name(), Serdes.String().serializer(), Serdes.ByteArray().serializer(),
                "aggregate");

        ModelStoreLoader.addTo(topology, t.models().name());
        return topology;
    }
}
