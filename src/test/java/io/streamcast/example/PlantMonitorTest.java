package io.streamcast.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.streams.forecast.TopologyFixture;
import io.streamcast.topics.DeadLetters;
import io.streamcast.topics.ForecastRecord;
import io.streamcast.topics.TopicSerdes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library example, exactly as library.md shows it, under TopologyTestDriver: typed forecasts keyed by
 * series, bit for bit the pipeline's own topology's, and a malformed reading in the dead letters with its reason.
 */
class PlantMonitorTest {
    @Test
    void theDocumentedExampleForecastsAsThePipelineDoes(@TempDir Path state) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "plant-monitor");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(PlantMonitor.build(TopologyFixture.SENSORS,
                new SimpleMeterRegistry()), p); TopologyFixture pipeline = new TopologyFixture()) {
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic("plant.readings", new ByteArraySerializer(),
                    new ByteArraySerializer());
            TestOutputTopic<String, ForecastRecord> forecasts = driver.createOutputTopic("plant.forecasts",
                    new StringDeserializer(), TopicSerdes.forecasts().deserializer());
            TestOutputTopic<byte[], byte[]> rejected = driver.createOutputTopic("plant.readings.rejected",
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            for (int t = 0; t < 300; t++) {
                for (int k = 0; k < 2; k++) {
                    long ts = TopologyFixture.T0 + t * TopologyFixture.STEP;
                    byte[] value = json(ts, TopologyFixture.signal(k, t));
                    in.pipeInput(("pump-" + k).getBytes(StandardCharsets.UTF_8), value, ts);
                    pipeline.in.pipeInput(("pump-" + k).getBytes(StandardCharsets.UTF_8), value, ts);
                }
            }
            byte[] broken = "{\"ts\": 12, \"value\": ".getBytes(StandardCharsets.UTF_8);
            in.pipeInput("pump-0".getBytes(StandardCharsets.UTF_8), broken);

            List<TestRecord<String, ForecastRecord>> ours = forecasts.readRecordsToList();
            List<ForecastRecord> theirs = pipeline.forecastRecords();
            assertEquals(600, ours.size());
            assertEquals(theirs.size(), ours.size());
            for (int i = 0; i < ours.size(); i++) {
                assertEquals(ours.get(i).value().key(), ours.get(i).key(), "keyed by series");
                assertEquals(theirs.get(i), ours.get(i).value(), "record " + i + " as the pipeline's topology makes it");
            }
            List<TestRecord<byte[], byte[]>> dead = rejected.readRecordsToList();
            assertEquals(1, dead.size());
            assertEquals("malformed-json", DeadLetters.reason(dead.get(0).headers()));
            assertTrue(java.util.Arrays.equals(broken, dead.get(0).value()), "the bytes as they came");
        }
    }

    @Test
    void libraryMdShowsExactlyTheExampleThatIsTested() throws Exception {
        String source = Files.readString(Path.of("src/test/java/io/streamcast/example/PlantMonitor.java"));
        String example = source.substring(source.indexOf("// example:start\n") + "// example:start\n".length(),
                source.indexOf("    // example:end"));
        String shown = example.lines().map(l -> l.startsWith("    ") ? l.substring(4) : l)
                .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
        String doc = Files.readString(Path.of("src/site/markdown/library.md"));
        assertTrue(doc.contains("```java\n" + shown + "```"),
                "library.md's example must be PlantMonitor.build as it is tested:\n" + shown);
    }

    private static byte[] json(long ts, double value) {
        return ("{\"ts\":" + ts + ",\"value\":" + value + "}").getBytes(StandardCharsets.UTF_8);
    }
}
