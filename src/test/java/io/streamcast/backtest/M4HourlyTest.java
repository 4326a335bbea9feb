package io.streamcast.backtest;

import io.streamcast.data.M4Csv;
import io.streamcast.data.SharedDatasets;
import io.streamcast.eval.Accuracy;
import io.streamcast.eval.M4Holdout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.baseline.HoltWintersBaseline;
import io.streamcast.baseline.Naive2;
import io.streamcast.baseline.NaiveBaseline;
import io.streamcast.baseline.SeasonalNaiveBaseline;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reproduces the table in the dataset's README (hold out the last 48 values of each M4 Hourly training
 * series, forecast them from the rest), which was measured with the organisers' R code.
 */
class M4HourlyTest {
    private static final int H = 48;
    private static final int M = 24;
    private static final double TOL = 0.005;

    private static List<M4Csv.Series> data;
    private static M4Holdout.Score naive2;

    /** Per test, read once: a class-level skip would not show its message in Maven's report. */
    @BeforeEach
    void load() throws IOException {
        Path file = SharedDatasets.require("m4-hourly/Hourly-train.csv");
        if (data == null) {
            data = M4Csv.read(file);
            naive2 = M4Holdout.evaluate(data, new Naive2(M), H, M);
            print(naive2);
        }
    }

    private static void print(M4Holdout.Score s) {
        System.out.printf("M4 Hourly hold-out %d: %-28s sMAPE %7.3f  MASE %6.3f  OWA %.3f%n", H, s.method(),
                s.smape(), s.mase(), s.owa(naive2));
    }

    @Test
    void readsAll414SeriesWithTheirLengths() {
        assertEquals(414, data.size());
        assertEquals("H1", data.get(0).id());
        assertEquals("H414", data.get(413).id());
        assertEquals(245, data.stream().filter(s -> s.values().length == 960).count());
        assertEquals(169, data.stream().filter(s -> s.values().length == 700).count());
        assertEquals(605, data.get(0).values()[0]);
    }

    @Test
    void naive2MatchesTheReadme() {
        assertEquals(19.225, naive2.smape(), TOL);
        assertEquals(2.455, naive2.mase(), TOL);
        assertEquals(1.0, naive2.owa(naive2), 1e-12);
    }

    /** The README's count is on the full training series: 413 of 414 seasonal, H272 not. */
    @Test
    void seasonalityTestRejectsOnlyH272() {
        List<String> rejected = data.stream().filter(s -> !Naive2.seasonal(s.values(), M))
                .map(M4Csv.Series::id).toList();
        assertEquals(List.of("H272"), rejected);
    }

    @Test
    void naiveMatchesTheReadme() {
        M4Holdout.Score s = M4Holdout.evaluate(data, new NaiveBaseline(), H, M);
        print(s);
        assertEquals(41.399, s.smape(), TOL);
        assertEquals(11.532, s.mase(), TOL);
        assertEquals(3.425, s.owa(naive2), 0.0005);
    }

    @Test
    void seasonalNaiveMatchesTheReadme() {
        M4Holdout.Score s = M4Holdout.evaluate(data, new SeasonalNaiveBaseline(M), H, M);
        print(s);
        assertEquals(14.570, s.smape(), TOL);
        assertEquals(1.228, s.mase(), TOL);
        assertEquals(0.629, Accuracy.round3(s.owa(naive2)), 1e-12);
    }

    /** The README has no Holt-Winters row: printed for the record, checked only for being finite. */
    @Test
    void holtWintersScoresAreReported() {
        long start = System.nanoTime();
        M4Holdout.Score s = M4Holdout.evaluate(data, new HoltWintersBaseline(M), H, M);
        double owa = s.owa(naive2);
        print(s);
        System.out.printf("  (holt-winters fitted 414 series in %d ms)%n", (System.nanoTime() - start) / 1_000_000);
        assertTrue(Double.isFinite(owa) && s.smape() > 0 && s.mase() > 0, s.toString());
    }
}
