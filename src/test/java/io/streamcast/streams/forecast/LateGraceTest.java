package io.streamcast.streams.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.data.SeriesInput;
import io.streamcast.engine.ModelLoader;
import io.streamcast.engine.WeightsSource;
import io.streamcast.eval.SeriesRun;
import io.streamcast.eval.StreamingBacktest;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.spec.SpecLoader;
import io.streamcast.topics.DeadLetters;
import io.streamcast.topics.ForecastRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * input.lateGraceMs through the topology production builds: events late by less than the grace are stepped in
 * their place (forecasts come out in time order, as the backtest with the same grace makes them, bit for bit);
 * one later than that is dead-lettered and leaves the key as it was.
 */
class LateGraceTest {
    private static PipelineSpec withGrace(Path dir, long graceMs) throws Exception {
        String yaml = Files.readString(TopologyFixture.SENSORS).replace("  maxAbsValue: 1.0e9",
                "  maxAbsValue: 1.0e9\n  lateGraceMs: " + graceMs);
        Path spec = dir.resolve("sensors-grace.yaml");
        Files.writeString(spec, yaml);
        return SpecLoader.load(spec);
    }

    @Test
    void lateEventsWithinTheGraceAreSteppedInTimeOrderAsTheBacktestStepsThem(@TempDir Path dir) throws Exception {
        PipelineSpec spec = withGrace(dir, 5 * TopologyFixture.STEP);
        // Steps 0..199 with neighbours swapped now and then (late by one step) and step 150 sent after 154.
        List<Integer> order = new ArrayList<>();
        for (int t = 0; t < 200; t++) {
            order.add(t);
        }
        for (int t = 10; t < 140; t += 13) {
            order.set(t, t + 1);
            order.set(t + 1, t);
        }
        order.remove(Integer.valueOf(150));
        order.add(order.indexOf(154) + 1, 150);
        try (TopologyFixture f = new TopologyFixture(spec, ProcessorHooks.NONE)) {
            long[] ts = new long[order.size()];
            double[] values = new double[order.size()];
            for (int i = 0; i < order.size(); i++) {
                ts[i] = TopologyFixture.T0 + order.get(i) * TopologyFixture.STEP;
                values[i] = TopologyFixture.signal(0, order.get(i));
                f.send("k", ts[i], values[i]);
            }
            List<ForecastRecord> live = f.forecastRecords();
            assertTrue(f.deadLetters.isEmpty(), "nothing late by more than the grace");
            assertEquals(195, live.size(), "the last five steps wait for the grace to pass them");
            for (int i = 0; i < live.size(); i++) {
                assertEquals(TopologyFixture.T0 + i * TopologyFixture.STEP, live.get(i).ts(), "in time order");
            }
            String[] text = new String[ts.length];
            java.util.Arrays.fill(text, "");
            SeriesRun replay = new StreamingBacktest(spec, WeightsSource.fixed(ModelLoader.initial(spec,
                    TopologyFixture.SENSORS.getParent())), (k, s, t, v, r, a) -> { })
                    .run(new SeriesInput("k", "", text, ts, values, 0, null), 0);
            for (ForecastRecord r : live) {
                int i = indexOf(ts, r.ts());
                assertEquals(Double.doubleToLongBits(replay.next[i]), Double.doubleToLongBits(r.forecast()),
                        "ts " + r.ts() + ": the backtest with the same grace steps it the same");
                assertEquals(Double.doubleToLongBits(replay.likelihood[i]), Double.doubleToLongBits(r.likelihood()));
            }
        }
    }

    @Test
    void anEventLaterThanTheGraceIsDeadLetteredAndChangesNothing(@TempDir Path dir) throws Exception {
        PipelineSpec spec = withGrace(dir, TopologyFixture.STEP);
        try (TopologyFixture f = new TopologyFixture(spec, ProcessorHooks.NONE)) {
            for (int t = 0; t < 30; t++) {
                f.send("k", TopologyFixture.T0 + t * TopologyFixture.STEP, TopologyFixture.signal(0, t));
            }
            List<ForecastRecord> before = f.forecastRecords();
            f.send("k", TopologyFixture.T0 + 3 * TopologyFixture.STEP + 1, 99.0);
            List<TestRecord<byte[], byte[]>> dead = f.deadLetters.readRecordsToList();
            assertEquals(1, dead.size());
            assertEquals("out-of-order", DeadLetters.reason(dead.get(0).headers()));
            assertTrue(DeadLetters.header(dead.get(0).headers(), DeadLetters.DETAIL_HEADER).contains("lateGraceMs"));
            assertTrue(f.forecasts.isEmpty());
            f.send("k", TopologyFixture.T0 + 30 * TopologyFixture.STEP, TopologyFixture.signal(0, 30));
            List<ForecastRecord> after = f.forecastRecords();
            assertEquals(1, after.size(), "the key goes on: the next event releases the one before it");
            assertEquals(TopologyFixture.T0 + 29 * TopologyFixture.STEP, after.get(0).ts());
            assertEquals(29, before.size());
        }
    }

    private static int indexOf(long[] a, long v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return -1;
    }
}
