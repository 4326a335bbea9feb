package io.streamcast.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.spec.PipelineSpec;
import io.streamcast.spec.SpecLoader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/** The benchmark's baselines do what their names say: the passthrough copies, the stateful one keeps N bytes. */
class BaselineTopologyTest {
    private static final PipelineSpec SPEC = SpecLoader.parse("name: b\n", "b.yaml");
    private static final byte[] EVENT = "{\"ts\":1700000000000,\"value\":20.5}".getBytes(StandardCharsets.UTF_8);

    @Test
    void thePassthroughCopiesEachRecordUntouched() {
        try (TopologyTestDriver d = new TopologyTestDriver(BaselineTopology.passthrough(SPEC), props())) {
            var in = d.createInputTopic("b.observations", new ByteArraySerializer(), new ByteArraySerializer());
            var out = d.createOutputTopic("b.forecasts", new ByteArrayDeserializer(), new ByteArrayDeserializer());
            in.pipeInput("k".getBytes(StandardCharsets.UTF_8), EVENT);
            assertArrayEquals(EVENT, out.readValue());
        }
    }

    @Test
    void theStatefulBaselineWritesAValueOfTheGivenSizePerKeyAndAForecastSizedRecord() {
        try (TopologyTestDriver d = new TopologyTestDriver(BaselineTopology.build(SPEC, 512), props())) {
            var in = d.createInputTopic("b.observations", new ByteArraySerializer(), new ByteArraySerializer());
            var out = d.createOutputTopic("b.forecasts", new ByteArrayDeserializer(), new ByteArrayDeserializer());
            for (int i = 0; i < 3; i++) {
                in.pipeInput("k".getBytes(StandardCharsets.UTF_8), EVENT);
            }
            KeyValueStore<Bytes, byte[]> store = d.getKeyValueStore("bare-state");
            byte[] v = store.get(Bytes.wrap("k".getBytes(StandardCharsets.UTF_8)));
            assertEquals(512, v.length);
            assertEquals(3, v[0], "read, changed and written back on every event");
            byte[] record = out.readValuesToList().get(2);
            String json = new String(record, StandardCharsets.UTF_8);
            assertTrue(json.contains("\"forecast\":20.5") && json.contains("\"upper\":21.5"), json);
        }
    }

    private static Properties props() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "baseline-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return p;
    }
}
