package io.streamcast.streams.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.data.SeriesInput;
import io.streamcast.engine.ModelLoader;
import io.streamcast.engine.WeightsSource;
import io.streamcast.eval.SeriesRun;
import io.streamcast.eval.StreamingBacktest;
import io.streamcast.eval.Backtest;
import io.streamcast.eval.DirectHeadFitting;
import io.streamcast.model.Ahead;
import io.streamcast.model.DirectHeadCodec;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.spec.SpecLoader;
import io.streamcast.topics.ForecastRecord;
import io.streamcast.topics.RecordJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * forecast.horizon: each forecast record carries the key's next H forecasts, spaced by its median gap, made by
 * the code a backtest's --horizon runs (bit for bit), and the console's history keeps the latest.
 */
class HorizonTopologyTest {
    static final int H = 12;

    static PipelineSpec sensors(int horizon) throws Exception {
        String yaml = Files.readString(TopologyFixture.SENSORS);
        String with = yaml.replace("forecast:\n  intervalLevel: 0.95\n",
                "forecast:\n  intervalLevel: 0.95\n  horizon: " + horizon + "\n");
        assertNotEquals(yaml, with, "sensors.yaml's forecast section moved: this test adds horizon to it");
        return SpecLoader.parse(with, "sensors.yaml with forecast.horizon");
    }

    /** Event times: STEP apart, with one gap of three steps (the median gap is still STEP). */
    static long ts(int t) {
        return TopologyFixture.T0 + t * TopologyFixture.STEP + (t >= 100 ? 2 * TopologyFixture.STEP : 0);
    }

    @Test
    void everyRecordCarriesTheNextForecastsAsABacktestMakesThem() throws Exception {
        PipelineSpec spec = sensors(H);
        RecentHistory history = new RecentHistory(50, 10);
        int n = 150;
        List<ForecastRecord> out = new ArrayList<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(ForecastTopology.build(spec,
                WeightsSource.fixed(ModelLoader.initial(spec, TopologyFixture.SENSORS.getParent())),
                PipelineMetrics.detached(spec.name()), history),
                TopologyFixture.driverProps(spec, TopologyFixture.newStateDir()))) {
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic(spec.topics().observations(),
                    new ByteArraySerializer(), new ByteArraySerializer());
            for (int t = 0; t < n; t++) {
                in.pipeInput(TopologyFixture.bytes("a"), ("{\"ts\":" + ts(t) + ",\"value\":"
                        + TopologyFixture.signal(0, t) + "}").getBytes(StandardCharsets.UTF_8));
            }
            driver.createOutputTopic(spec.topics().forecasts(), new ByteArrayDeserializer(), new ByteArrayDeserializer())
                    .readValuesToList().forEach(v -> out.add(RecordJson.readForecast(v)));
        }
        assertEquals(n, out.size());
        assertNull(out.get(0).ahead(), "a key's first event has no gap to step by");
        for (ForecastRecord r : out.subList(1, n)) {
            Ahead a = r.ahead();
            assertNotNull(a, r.toString());
            assertEquals(H, a.steps());
            assertEquals(r.ts() + TopologyFixture.STEP, a.ts(0), "steps of the median gap from the event");
            // Step 1 is the record's own next forecast; later steps' bands widen.
            assertEquals(Double.doubleToLongBits(r.forecast()), Double.doubleToLongBits(a.mean()[0]));
            assertEquals(r.lower(), a.lower()[0], 0.0);
            assertEquals(r.upper(), a.upper()[0], 0.0);
            for (int h = 1; h < H; h++) {
                assertTrue(a.upper()[h] - a.lower()[h] >= a.upper()[h - 1] - a.lower()[h - 1], "band at " + h);
            }
        }

        // A backtest of the same rows, forecasting H steps past them, gives the last record's steps bit for bit.
        long[] ts = new long[n];
        double[] values = new double[n];
        String[] text = new String[n];
        for (int t = 0; t < n; t++) {
            ts[t] = ts(t);
            values[t] = TopologyFixture.signal(0, t);
            text[t] = Long.toString(ts[t]);
        }
        SeriesRun run = new StreamingBacktest(spec, WeightsSource.fixed(ModelLoader.initial(spec,
                TopologyFixture.SENSORS.getParent())), (k, s, t, v, step, a) -> { }).run(new SeriesInput("a", "test", text, ts, values, 0), H);
        Ahead last = out.get(n - 1).ahead();
        assertArrayEquals(run.horizonMean, last.mean(), 0.0);
        assertArrayEquals(run.horizonLower, last.lower(), 0.0);
        assertArrayEquals(run.horizonUpper, last.upper(), 0.0);

        Ahead kept = history.ahead("a");
        assertArrayEquals(last.mean(), kept.mean(), 0.0);
        assertEquals(last.ts(H - 1), kept.ts(H - 1));
    }

    @Test
    void aDirectHeadFileServesTheLivePipelineAsItServesAReplay(@TempDir Path dir) throws Exception {
        String yaml = Files.readString(TopologyFixture.SENSORS).replace("forecast:\n  intervalLevel: 0.95\n",
                "forecast:\n  intervalLevel: 0.95\n  horizon: " + H + "\n  direct:\n    lookback: 96\n    horizon: " + H
                        + "\n    origins: 2\n    hidden: 4\n    epochs: 2\n    seeds: 2\n    file: head.bin\n");
        Path specFile = dir.resolve("sensors-direct.yaml");
        Files.writeString(specFile, yaml);
        PipelineSpec spec = SpecLoader.load(specFile);
        List<SeriesInput> history = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            history.add(input("h" + k, k, 400));
        }
        // What `streamcast train --direct-out` writes, next to the spec that names it: a head with a hidden layer
        // trained from two seeds and averaged.
        Files.write(dir.resolve("head.bin"), DirectHeadCodec.encode(DirectHeadFitting.fit(spec, history,
                Backtest.Progress.NONE)));
        int n = 200;
        Ahead last;
        try (TopologyTestDriver driver = new TopologyTestDriver(ForecastTopology.build(spec,
                WeightsSource.fixed(ModelLoader.initial(spec, dir)), PipelineMetrics.detached(spec.name()),
                new RecentHistory(50, 10)), TopologyFixture.driverProps(spec, TopologyFixture.newStateDir()))) {
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic(spec.topics().observations(),
                    new ByteArraySerializer(), new ByteArraySerializer());
            for (int t = 0; t < n; t++) {
                in.pipeInput(TopologyFixture.bytes("a"), ("{\"ts\":" + ts(t) + ",\"value\":"
                        + TopologyFixture.signal(0, t) + "}").getBytes(StandardCharsets.UTF_8));
            }
            List<byte[]> out = driver.createOutputTopic(spec.topics().forecasts(), new ByteArrayDeserializer(),
                    new ByteArrayDeserializer()).readValuesToList();
            // Every record's steps are numbers, also while the key is too young to score its head (96-107).
            for (byte[] v : out.subList(1, n)) {
                for (double m : RecordJson.readForecast(v).ahead().mean()) {
                    assertTrue(Double.isFinite(m), new String(v, StandardCharsets.UTF_8));
                }
            }
            last = RecordJson.readForecast(out.get(n - 1)).ahead();
        }
        WeightsSource weights = WeightsSource.fixed(ModelLoader.initial(spec, dir));
        SeriesInput rows = input("a", 0, n);
        SeriesRun replay = new StreamingBacktest(spec, weights, (k, s, t, v, step, a) -> { }).run(rows, H);
        assertArrayEquals(replay.horizonMean, last.mean(), 0.0, "a replay reads the same head file");
        SeriesRun plain = new StreamingBacktest(spec, weights, (k, s, t, v, step, a) -> { }, null).run(rows, H);
        assertFalse(java.util.Arrays.equals(plain.horizonMean, last.mean()), "the head changed the steps ahead");
        assertEquals(plain.horizonMean[0], last.mean()[0], 0.0, "but not the next one");
    }

    private static SeriesInput input(String key, int signal, int n) {
        long[] ts = new long[n];
        double[] values = new double[n];
        String[] text = new String[n];
        for (int t = 0; t < n; t++) {
            ts[t] = ts(t);
            values[t] = TopologyFixture.signal(signal, t);
            text[t] = Long.toString(ts[t]);
        }
        return new SeriesInput(key, "test", text, ts, values, 0);
    }

    @Test
    void withoutAHorizonRecordsHaveNoStepsAhead() throws Exception {
        try (TopologyFixture f = new TopologyFixture()) {
            f.sendSignal("k", 1, 0, 5);
            for (byte[] v : f.forecasts.readValuesToList()) {
                assertFalse(new String(v, StandardCharsets.UTF_8).contains("ahead"));
                assertNull(RecordJson.readForecast(v).ahead());
            }
        }
    }

    @Test
    void theSpecRefusesAHorizonOutOfRange() {
        for (int bad : new int[] {-1, PipelineSpec.Forecast.MAX_HORIZON + 1}) {
            Exception e = assertThrows(IllegalArgumentException.class, () -> sensors(bad));
            assertTrue(e.getMessage().contains("forecast.horizon must be in [0, 1000]"), e.getMessage());
        }
    }

    @Test
    void stepsAheadSurviveTheJsonOfTheForecastsTopic() {
        Ahead a = new Ahead(1_000, 60_000, new double[] {1.5, 2.25}, new double[] {1, Double.NaN},
                new double[] {2, 3});
        ForecastRecord r = new ForecastRecord("k", 1_000, 1, 1.5, 1, 2, 0.25, 3, 0.1, 0.2, true, null, null, a);
        byte[] json = new RecordJson().write(r);
        assertTrue(new String(json, StandardCharsets.UTF_8).contains(
                "\"ahead\":[{\"ts\":61000,\"forecast\":1.5,\"lower\":1.0,\"upper\":2.0},{\"ts\":121000,"),
                new String(json, StandardCharsets.UTF_8));
        Ahead back = RecordJson.readForecast(json).ahead();
        assertEquals(a, back);
        assertEquals(r, RecordJson.readForecast(json), "the whole record survives, steps ahead included");
        assertEquals(60_000, back.stepMs());
        assertArrayEquals(a.mean(), back.mean(), 0.0);
        assertArrayEquals(a.lower(), back.lower(), 0.0);
        assertArrayEquals(a.upper(), back.upper(), 0.0);
    }
}
