package io.streamcast.replay;

import io.streamcast.anomaly.AnomalyResult;
import io.streamcast.data.SeriesInput;
import io.streamcast.eval.NabOutputs;
import io.streamcast.eval.SeriesRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.streamcast.spec.PipelineSpec;
import io.streamcast.spec.SpecLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/** The rows both replays are fed, and the row-by-row comparison of their results. */
final class ReplayFixture {
    static final Path SENSORS = Path.of("topologies/sensors.yaml");
    static final long T0 = 1_735_689_600_000L;
    static final long STEP = 300_000L;
    /** Rows of key-1 and key-2 the pipeline must reject: a NaN value, and a time before the key's last. */
    static final int NAN_STEP = 120;
    static final int LATE_STEP = 150;
    /** key-0 jumps for 30 steps from here: an incident, so alerts open and close. */
    static final int SHIFT_STEP = 250;

    /** One observation, in the order it is sent. */
    record Row(String key, long ts, double value) {
        String json() {
            // Double.toString round-trips, and "NaN" is what the parser accepts for a non-number
            return "{\"ts\":" + ts + ",\"value\":" + value + "}";
        }
    }

    private ReplayFixture() {
    }

    /** {@code keys} (at least 3) sines with noise, interleaved in time, plus the two bad rows. */
    static List<Row> rows(int keys, int steps, long seed) {
        if (keys < 3 || steps <= LATE_STEP) {
            throw new IllegalArgumentException("need 3 keys and more than " + LATE_STEP + " steps for the bad rows");
        }
        Random rnd = new Random(seed);
        List<Row> out = new ArrayList<>();
        for (int t = 0; t < steps; t++) {
            for (int k = 0; k < keys; k++) {
                long ts = T0 + t * STEP + k * 1000L;
                double v = 10 * (k + 1) + 5 * Math.sin(2 * Math.PI * t / 48.0 + k) + 0.3 * rnd.nextGaussian();
                if (k == 0 && t >= SHIFT_STEP && t < SHIFT_STEP + 30) {
                    v += 25;
                }
                if (k == 1 && t == NAN_STEP) {
                    v = Double.NaN;
                }
                out.add(new Row("key-" + k, ts, v));
                if (k == 2 && t == LATE_STEP) {
                    out.add(new Row("key-" + k, ts - STEP / 2, v));
                }
            }
        }
        return out;
    }

    /** The same rows as a file backtest reads them: one series per key, keys in first-seen order. */
    static List<SeriesInput> inputs(List<Row> rows) {
        Map<String, List<Row>> byKey = new LinkedHashMap<>();
        rows.forEach(r -> byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r));
        List<SeriesInput> out = new ArrayList<>();
        byKey.forEach((key, list) -> {
            long[] ts = list.stream().mapToLong(Row::ts).toArray();
            double[] v = list.stream().mapToDouble(Row::value).toArray();
            out.add(new SeriesInput(key, "", null, ts, v, 0));
        });
        return out;
    }

    /** Long-format CSV ({@code key,ts,value}) of the rows. */
    static Path csv(Path dir, List<Row> rows) throws IOException {
        StringBuilder b = new StringBuilder("key,ts,value\n");
        rows.forEach(r -> b.append(r.key()).append(',').append(r.ts()).append(',').append(r.value()).append('\n'));
        return Files.writeString(dir.resolve("rows.csv"), b);
    }

    /** sensors.yaml under a fresh name (its own topics and application id), written next to the test's files. */
    static Path specFile(Path dir) {
        String name = "replay-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            String yaml = Files.readString(SENSORS).replace("name: sensors", "name: " + name)
                    .replaceAll("sensors\\.", name + ".");
            return Files.writeString(dir.resolve(name + ".yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PipelineSpec spec(Path specFile) {
        return SpecLoader.load(specFile);
    }

    /** Bit-for-bit equality; JSON writes a missing number as null, so any NaN matches any NaN. */
    static boolean same(double a, double b) {
        return Double.doubleToRawLongBits(a) == Double.doubleToRawLongBits(b) || (Double.isNaN(a) && Double.isNaN(b));
    }

    static void assertSame(double expected, double actual, String what) {
        if (!same(expected, actual)) {
            fail(what + ": expected " + expected + " (" + Long.toHexString(Double.doubleToRawLongBits(expected))
                    + ") but was " + actual + " (" + Long.toHexString(Double.doubleToRawLongBits(actual)) + ")");
        }
    }

    /** Every row of every key alike: the forecasts, scores, likelihoods, flags and rejections; returns rows compared. */
    static int assertSameRuns(List<SeriesRun> expected, List<SeriesRun> actual) {
        Map<String, SeriesRun> byKey = new LinkedHashMap<>();
        actual.forEach(r -> byKey.put(r.key(), r));
        assertEquals(expected.stream().map(SeriesRun::key).sorted().toList(), byKey.keySet().stream().sorted().toList());
        int rows = 0;
        for (SeriesRun e : expected) {
            SeriesRun a = byKey.get(e.key());
            assertEquals(e.rows(), a.rows(), e.key() + " rows");
            for (int i = 0; i < e.rows(); i++) {
                String at = e.key() + " row " + i;
                assertEquals(e.rejected[i], a.rejected[i], at + " rejected");
                assertEquals(e.input.ts()[i], a.input.ts()[i], at + " ts");
                assertSame(e.input.values()[i], a.input.values()[i], at + " value");
                assertSame(e.next[i], a.next[i], at + " next");
                assertSame(e.forecast[i], a.forecast[i], at + " forecast");
                assertSame(e.lower[i], a.lower[i], at + " lower");
                assertSame(e.upper[i], a.upper[i], at + " upper");
                assertSame(e.score[i], a.score[i], at + " score");
                assertSame(e.likelihood[i], a.likelihood[i], at + " likelihood");
                assertEquals(e.warm[i], a.warm[i], at + " warm");
                assertEquals(e.version[i], a.version[i], at + " version");
                assertEquals(e.swap[i], a.swap[i], at + " swap");
                assertEquals(e.alert[i], a.alert[i], at + " alert");
                rows++;
            }
            // NAB's anomaly score: a topic replay knows only 1 - likelihood, so it agrees up to that rounding.
            double[] nabE = NabOutputs.anomalyScores(e);
            double[] nabA = NabOutputs.anomalyScores(a);
            for (int i = 0; i < e.rows(); i++) {
                if (e.tail[i] >= 1e-12) {
                    assertEquals(nabE[i], nabA[i], 1e-6, e.key() + " row " + i + " NAB anomaly score");
                }
            }
            assertEquals(e.horizonMean.length, a.horizonMean.length, e.key() + " horizon");
            for (int h = 0; h < e.horizonMean.length; h++) {
                assertSame(e.horizonMean[h], a.horizonMean[h], e.key() + " horizon mean " + h);
                assertSame(e.horizonUpper[h], a.horizonUpper[h], e.key() + " horizon upper " + h);
            }
        }
        return rows;
    }

    /** The runs must be worth comparing: real forecasts, alerts, and both kinds of rejection. */
    static void assertNotVacuous(List<SeriesRun> runs) {
        long forecasts = 0;
        int alerts = 0;
        List<String> reasons = new ArrayList<>();
        for (SeriesRun r : runs) {
            for (int i = 0; i < r.rows(); i++) {
                forecasts += Double.isFinite(r.forecast[i]) && r.warm[i] ? 1 : 0;
                alerts += r.alert[i] == AnomalyResult.Alert.NONE ? 0 : 1;
                if (r.rejected[i] != null) {
                    reasons.add(r.rejected[i].reason().code());
                }
            }
        }
        assertEquals(List.of("not-finite", "out-of-order"), reasons.stream().sorted().toList());
        if (forecasts < 1000 || alerts < 2) {
            fail(forecasts + " warm forecasts and " + alerts + " alerts opened or closed: too few to compare");
        }
    }
}
