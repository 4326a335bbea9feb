package io.streamcast.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Naive, seasonal naive and EWMA on arrays small enough to check by hand, and the streaming contract. */
class SimpleBaselinesTest {
    private static final double NAN = Double.NaN;

    @Test
    void naiveIsTheLastValue() {
        NaiveBaseline naive = new NaiveBaseline();
        assertArrayEquals(new double[] {NAN, 1, 2}, naive.oneStepAhead(new double[] {1, 2, 3}));
        assertArrayEquals(new double[] {3, 3}, naive.horizon(new double[] {1, 2, 3}, 2));
        assertEquals(0, naive.oneStepAhead(new double[0]).length);
        assertThrows(IllegalArgumentException.class, () -> naive.horizon(new double[0], 2));
        assertThrows(IllegalArgumentException.class, () -> naive.horizon(new double[] {1}, 0));
    }

    @Test
    void seasonalNaiveRepeatsTheLastSeasonAndFallsBackToTheLastValue() {
        SeasonalNaiveBaseline s = new SeasonalNaiveBaseline(3);
        double[] y = {1, 2, 3, 4, 5, 6, 7};
        assertArrayEquals(new double[] {NAN, 1, 2, 1, 2, 3, 4}, s.oneStepAhead(y));
        assertArrayEquals(new double[] {5, 6, 7, 5}, s.horizon(y, 4));
        assertArrayEquals(new double[] {2, 2}, s.horizon(new double[] {1, 2}, 2));
        assertThrows(IllegalArgumentException.class, () -> new SeasonalNaiveBaseline(0));
    }

    @Test
    void ewmaSmoothsFromTheFirstValue() {
        EwmaBaseline e = new EwmaBaseline(0.5);
        assertArrayEquals(new double[] {NAN, 2, 3}, e.oneStepAhead(new double[] {2, 4, 8}));
        // level after 8: 0.5 * 8 + 0.5 * 3
        assertArrayEquals(new double[] {5.5, 5.5}, e.horizon(new double[] {2, 4, 8}, 2));
        assertThrows(IllegalArgumentException.class, () -> new EwmaBaseline(0));
        assertThrows(IllegalArgumentException.class, () -> new EwmaBaseline(1.5));
    }

    @Test
    void ewmaWithAlphaOneIsNaive() {
        double[] y = noise(50, 1);
        assertArrayEquals(new NaiveBaseline().oneStepAhead(y), new EwmaBaseline(1).oneStepAhead(y));
        assertArrayEquals(new NaiveBaseline().horizon(y, 5), new EwmaBaseline(1).horizon(y, 5));
    }

    /** f[t] may use y[0..t-1] only: rewriting y from t on leaves f[0..t] as it was. */
    @Test
    void noStreamingBaselineLooksAhead() {
        List<StreamingBaseline> all = List.of(new NaiveBaseline(), new SeasonalNaiveBaseline(6),
                new EwmaBaseline(0.3), new HoltWintersBaseline(6, 30), new HoltWintersBaseline(6, 5),
                new HoltWintersBaseline(6, 2));
        double[] y = noise(80, 2);
        for (int i = 0; i < y.length; i++) {
            y[i] += 10 * Math.sin(2 * Math.PI * i / 6);
        }
        for (StreamingBaseline b : all) {
            double[] f = b.oneStepAhead(y);
            assertEquals(y.length, f.length, b.name());
            assertTrue(Double.isFinite(f[y.length - 1]), b.name());
            for (int t : new int[] {1, 7, 29, 30, 31, 60}) {
                double[] changed = y.clone();
                for (int k = t; k < y.length; k++) {
                    changed[k] = 100 + 7 * k;
                }
                double[] g = b.oneStepAhead(changed);
                for (int k = 0; k <= t; k++) {
                    assertEquals(f[k], g[k], 0, b.name() + " f[" + k + "] moved when y[" + t + "..] changed");
                }
            }
        }
    }

    static double[] noise(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = 50 + r.nextGaussian();
        }
        return y;
    }
}
