package io.streamcast.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.spec.PipelineSpec;
import io.streamcast.spec.SpecLoader;
import io.streamcast.streams.forecast.ForecastTopology;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.rocksdb.Options;

class RingStoreOptionsTest {
    @Test
    void onlyTheRingStoreUpdatesItsRecordsInPlace() {
        try (Options ring = new Options(); Options head = new Options()) {
            new RingStoreOptions().setConfig(ForecastTopology.RING_STORE, ring, Map.of());
            new RingStoreOptions().setConfig(ForecastTopology.STATE_STORE, head, Map.of());
            assertTrue(ring.inplaceUpdateSupport());
            assertFalse(ring.allowConcurrentMemtableWrite(), "in-place updates need one writer at a time");
            assertFalse(head.inplaceUpdateSupport(), "the other stores keep Kafka Streams' defaults");
            assertTrue(head.allowConcurrentMemtableWrite());
        }
    }

    @Test
    void everyApplicationsSettingsNameIt() {
        PipelineSpec spec = SpecLoader.parse("name: x\n", "x.yaml");
        assertEquals(RingStoreOptions.class, StreamsSettings.forecast(spec, "localhost:9092", Path.of("/tmp/s"), Map.of())
                .get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG));
        assertEquals(RingStoreOptions.class, StreamsSettings.training(spec, "localhost:9092", Path.of("/tmp/s"), Map.of())
                .get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG));
    }
}
