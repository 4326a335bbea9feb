package io.streamcast.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.anomaly.AnomalyConfig;
import io.streamcast.data.SeriesInput;
import io.streamcast.engine.WeightsSource;
import io.streamcast.eval.nab.NabLabels;
import io.streamcast.model.Weights;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.spec.SpecLoader;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The cross-validated NAB score: each category's files are scored at the threshold that is the in-sample best
 * of the other categories' files alone, and the parts add up to a score normalised as the in-sample one.
 */
class NabCrossValidationTest {
    private static final PipelineSpec SPEC = SpecLoader.parse("""
            name: cv-test
            model: {hiddenSize: 8, timeFeatures: none, window: 64}
            anomaly: {triggerLikelihood: 0.9999, minScore: 1.0, recoveryLikelihood: 0.9, recoveryEvents: 5, warmup: 50}
            """, "test");
    private static final AnomalyConfig CONFIG = SPEC.anomalyConfig();
    private static final long T0 = LocalDateTime.parse("2020-01-01T00:00:00").toInstant(ZoneOffset.UTC).toEpochMilli();
    private static final long STEP = 900_000L;
    private static final int ROWS = 2000;

    @Test
    void eachCategoryIsScoredAtTheThresholdChosenOnTheOthers() {
        List<String> keys = List.of("calm/one", "calm/two", "wild/one", "wild/two");
        NabLabels labels = labels(keys);
        List<AlertReplay> all = new ArrayList<>();
        for (int f = 0; f < keys.size(); f++) {
            all.add(new AlertReplay(run(keys.get(f), f, keys.get(f).startsWith("wild") ? 1.5 : 0.3), CONFIG));
        }
        BacktestReport.NabSummary summary = score(labels, all);
        BacktestReport.NabCrossValidated cv = summary.crossValidated();
        assertNotNull(cv);
        assertEquals("category", cv.folds());
        assertEquals(List.of("calm", "wild"), cv.parts().stream().map(BacktestReport.NabFold::heldOut).toList());

        // The threshold each held-out category gets is the other category's own in-sample best.
        double bestOnWild = score(labels, all.subList(2, 4)).profiles().get("standard").threshold();
        double bestOnCalm = score(labels, all.subList(0, 2)).profiles().get("standard").threshold();
        assertEquals(bestOnWild, cv.parts().get(0).threshold(), 0.0);
        assertEquals(bestOnCalm, cv.parts().get(1).threshold(), 0.0);
        assertTrue(bestOnWild != bestOnCalm, "the two categories must want different thresholds for this test");

        BacktestReport.NabProfileScore in = summary.profiles().get("standard");
        double raw = cv.parts().stream().mapToDouble(BacktestReport.NabFold::raw).sum();
        assertEquals(raw, cv.raw(), 1e-12);
        assertEquals(100 * (raw - in.nullScore()) / (in.perfectScore() - in.nullScore()), cv.score(), 1e-9);
        int windows = cv.parts().stream().mapToInt(p -> p.windowsDetected() + p.windowsMissed()).sum();
        assertEquals(in.windowsDetected() + in.windowsMissed(), windows, "every scored window, once");
    }

    @Test
    void oneCategoryIsSplitByFileAndOneFileNotAtAll() {
        List<String> keys = List.of("only/one", "only/two", "only/three");
        NabLabels labels = labels(keys);
        List<AlertReplay> all = new ArrayList<>();
        for (int f = 0; f < keys.size(); f++) {
            all.add(new AlertReplay(run(keys.get(f), f, 0.3 + f), CONFIG));
        }
        BacktestReport.NabCrossValidated cv = score(labels, all).crossValidated();
        assertEquals("file", cv.folds());
        assertEquals(3, cv.parts().size());
        assertNull(score(labels, all.subList(0, 1)).crossValidated());
    }

    private static BacktestReport.NabSummary score(NabLabels labels, List<AlertReplay> replays) {
        return NabOutputs.score(labels, Path.of("labels.json"), replays, CONFIG, new HashMap<>());
    }

    /** Two labelled windows per file, around the level shifts that {@link #run} puts there. */
    private static NabLabels labels(List<String> keys) {
        StringBuilder b = new StringBuilder("{");
        for (String k : keys) {
            b.append(b.length() > 1 ? "," : "").append('"').append(k).append(".csv\": [")
                    .append(window(800)).append(',').append(window(1500)).append(']');
        }
        return NabLabels.parse(b.append('}').toString(), "test labels");
    }

    private static String window(int row) {
        return "[\"" + time(row - 40) + "\", \"" + time(row + 40) + "\"]";
    }

    private static String time(int row) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")
                .format(LocalDateTime.ofInstant(Instant.ofEpochMilli(T0 + row * STEP), ZoneOffset.UTC));
    }

    /** A daily wave with noise of the given size, spikes now and then, and level shifts at rows 800 and 1500. */
    private static SeriesRun run(String key, int seed, double noise) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] v = new double[ROWS];
        long[] ts = new long[ROWS];
        for (int i = 0; i < ROWS; i++) {
            ts[i] = T0 + i * STEP;
            v[i] = 20 + 5 * Math.sin(2 * Math.PI * i / 96) + rnd.nextGaussian() * noise
                    + (i >= 800 ? 6 : 0) + (i >= 1500 ? -9 : 0);
            if (i % 257 == 0 && i > 300) {
                v[i] += 8 * noise * (rnd.nextDouble() + 0.5);
            }
        }
        SeriesInput in = new SeriesInput(key, key.substring(0, key.indexOf('/')), null, ts, v, 0);
        Weights w = Weights.initial(SPEC.modelConfig().shape(), 1);
        return new StreamingBacktest(SPEC, WeightsSource.fixed(w), (k, s, t, x, r, a) -> { }).run(in, 0);
    }
}
