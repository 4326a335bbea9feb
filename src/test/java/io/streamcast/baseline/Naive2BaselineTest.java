package io.streamcast.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** M4's Naive2 against values worked out by hand from R's definitions (acf, decompose). */
class Naive2BaselineTest {
    private static final double[] S4 = {0.5, 1.0, 1.5, 1.0};

    private static double[] periodic(int n, double[] s, double level) {
        double[] x = new double[n];
        for (int t = 0; t < n; t++) {
            x[t] = level * s[t % s.length];
        }
        return x;
    }

    @Test
    void acfIsRsEstimator() {
        // R: acf(1:4)$acf = 1, 0.25, -0.3, -0.45
        assertArrayEquals(new double[] {1, 0.25, -0.3, -0.45}, Naive2.acf(new double[] {1, 2, 3, 4}, 3), 1e-12);
    }

    /** Even m: 2x2 moving average 0.25, 0.5, 0.25; ratios at t = 1..4; means 27/44 and 17/12, rescaled. */
    @Test
    void indicesForEvenPeriodByHand() {
        double[] idx = Naive2.seasonalIndices(new double[] {1, 3, 1, 3, 2, 4}, 2);
        assertArrayEquals(new double[] {81.0 / 134, 187.0 / 134}, idx, 1e-12);
    }

    /** Odd m: plain 3-term average; ratio means 7/12, 1, 39/28, divided by their mean 125/126. */
    @Test
    void indicesForOddPeriodByHand() {
        double[] idx = Naive2.seasonalIndices(new double[] {1, 2, 3, 1, 2, 3, 2, 4, 6}, 3);
        assertArrayEquals(new double[] {0.588, 1.008, 1.404}, idx, 1e-12);
    }

    @Test
    void seasonalSeriesIsForecastAsItsLevelTimesTheFutureIndices() {
        double[] x = periodic(18, S4, 100);
        assertTrue(Naive2.seasonal(x, 4));
        assertArrayEquals(new double[] {150, 100, 50, 100, 150}, new Naive2(4).horizon(x, 5), 1e-9);
    }

    @Test
    void nonSeasonalOrShortSeriesGetTheLastValue() {
        SplittableRandom r = new SplittableRandom(4);
        double[] noise = new double[200];
        for (int t = 0; t < noise.length; t++) {
            noise[t] = 10 + r.nextGaussian();
        }
        assertFalse(Naive2.seasonal(noise, 12));
        assertArrayEquals(new double[] {noise[199], noise[199]}, new Naive2(12).horizon(noise, 2));
        double[] short11 = periodic(11, S4, 100);
        assertFalse(Naive2.seasonal(short11, 4), "n < 3m");
        assertArrayEquals(new double[] {150, 150}, new Naive2(4).horizon(short11, 2));
    }

    /**
     * m = 2, n = 6, so the limit is 1.645 / sqrt(6) * sqrt(1 + 2 r1^2). {1,4,5,1,1,3}: r1 = -3/62,
     * r2 = -21/31 = -0.6774 against 0.6731, seasonal. {5,1,1,6,4,1}: r1 = -5/26, r2 = -9/13 = -0.6923
     * against 0.6960, not (with r1^2 once instead of twice the limit would be 0.6839).
     */
    @Test
    void seasonalityLimitWorkedByHand() {
        assertTrue(Naive2.seasonal(new double[] {1, 4, 5, 1, 1, 3}, 2));
        assertFalse(Naive2.seasonal(new double[] {5, 1, 1, 6, 4, 1}, 2));
    }

    /** R's acf stops at lag floor(10 log10 n): below n = 252 there is no r_24, so no hourly seasonality. */
    @Test
    void followsRsDefaultAcfLagLimit() {
        double[] day = new double[24];
        for (int h = 0; h < 24; h++) {
            day[h] = 1 + 0.5 * Math.sin(2 * Math.PI * h / 24);
        }
        assertFalse(Naive2.seasonal(periodic(251, day, 100), 24));
        assertTrue(Naive2.seasonal(periodic(252, day, 100), 24));
    }

    @Test
    void indicesNeedTwoPeriods() {
        assertThrows(IllegalArgumentException.class, () -> Naive2.seasonalIndices(new double[7], 4));
    }
}
