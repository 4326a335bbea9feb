package io.streamcast.replay;

import io.streamcast.engine.ForecastEngine;
import io.streamcast.topics.ForecastRecord;
import io.streamcast.topics.RecordJson;
import io.streamcast.eval.Backtest;
import io.streamcast.eval.SeriesRun;
import io.streamcast.eval.StreamingBacktest;
import static io.streamcast.replay.ReplayFixture.assertSame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.model.Weights;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.spec.SpecLoader;
import io.streamcast.topics.DeadLetters;
import io.streamcast.streams.forecast.ForecastTopology;
import io.streamcast.engine.ModelLoader;
import io.streamcast.streams.forecast.PipelineMetrics;
import io.streamcast.streams.StreamsSettings;
import io.streamcast.engine.WeightsSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file replay ({@link StreamingBacktest}) and the forecast topology give the same numbers, bit for bit, on
 * the same rows, bad ones included: what the topology dead-letters, the file replay rejects with the same reason.
 * Also the topic replay's read-back ({@link ReplayRuns}) turns the topology's records into the file replay's runs.
 */
class FileReplayEqualsTopologyTest {

    @Test
    void topologyRecordsEqualFileReplay(@TempDir Path state) throws Exception {
        PipelineSpec spec = SpecLoader.load(ReplayFixture.SENSORS);
        Weights initial = ModelLoader.initial(spec, ReplayFixture.SENSORS.getParent());
        List<ReplayFixture.Row> rows = ReplayFixture.rows(3, 400, 7);
        List<SeriesRun> file = Backtest.run(spec, initial, ReplayFixture.inputs(rows), 0, 0, null,
                Backtest.Progress.NONE).runs();
        ReplayFixture.assertNotVacuous(file);

        Properties props = StreamsSettings.forecast(spec, "unused:9092", state, Map.of());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        Map<String, ArrayDeque<ForecastRecord>> forecasts = new HashMap<>();
        Map<String, ArrayDeque<String>> deadLetters = new HashMap<>();
        ReplayRuns readBack = new ReplayRuns();
        try (TopologyTestDriver driver = new TopologyTestDriver(ForecastTopology.build(spec,
                WeightsSource.fixed(initial), PipelineMetrics.detached(spec.name())), props)) {
            ByteArraySerializer ser = new ByteArraySerializer();
            ByteArrayDeserializer de = new ByteArrayDeserializer();
            String topic = spec.topics().observations();
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic(topic, ser, ser);
            for (int i = 0; i < rows.size(); i++) {
                ReplayFixture.Row r = rows.get(i);
                in.pipeInput(bytes(r.key()), bytes(r.json()));
                // the driver numbers the records of partition 0 from offset 0, as dead letters' source says
                readBack.input(bytes(r.key()), bytes(r.json()), topic + "-0@" + i, ForecastEngine.NO_RECORD_TIME);
            }
            TestOutputTopic<byte[], byte[]> out = driver.createOutputTopic(spec.topics().forecasts(), de, de);
            for (TestRecord<byte[], byte[]> r : out.readRecordsToList()) {
                ForecastRecord f = RecordJson.readForecast(r.value());
                forecasts.computeIfAbsent(f.key(), k -> new ArrayDeque<>()).add(f);
                readBack.forecast(r.value());
            }
            TestOutputTopic<byte[], byte[]> dead = driver.createOutputTopic(spec.topics().deadLetters(), de, de);
            for (TestRecord<byte[], byte[]> r : dead.readRecordsToList()) {
                deadLetters.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayDeque<>())
                        .add(DeadLetters.reason(r.headers()));
                readBack.deadLetter(r.headers());
            }
            TestOutputTopic<byte[], byte[]> alerts = driver.createOutputTopic(spec.topics().alerts(), de, de);
            alerts.readValuesToList().forEach(readBack::alert);
        }

        int compared = 0;
        for (SeriesRun run : file) {
            ArrayDeque<ForecastRecord> f = forecasts.get(run.key());
            ArrayDeque<String> d = deadLetters.getOrDefault(run.key(), new ArrayDeque<>());
            for (int i = 0; i < run.rows(); i++) {
                String at = run.key() + " row " + i;
                if (run.rejected[i] != null) {
                    assertEquals(run.rejected[i].reason().code(), d.poll(), at);
                    continue;
                }
                ForecastRecord rec = f.poll();
                assertEquals(run.input.ts()[i], rec.ts(), at + " ts");
                assertSame(run.next[i], rec.forecast(), at + " mean");
                assertSame(run.score[i], rec.score(), at + " score");
                assertSame(run.likelihood[i], rec.likelihood(), at + " likelihood");
                compared++;
            }
            assertTrue(f.isEmpty() && d.isEmpty(), run.key() + ": records left over");
        }
        assertEquals(rows.size() - 2, compared);
        assertEquals(rows.size(), ReplayFixture.assertSameRuns(file, readBack.runs()));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
