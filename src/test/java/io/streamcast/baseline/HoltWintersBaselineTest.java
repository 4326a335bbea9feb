package io.streamcast.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.baseline.HoltWintersFit.Kind;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HoltWintersBaselineTest {
    private static final int M = 12;
    private static final double[] SEASON = {5, 3, 0, -2, -4, -6, -5, -3, 0, 2, 4, 6};

    /** a + b t + S[t % m] with the seasonal terms summing to 0: what the two-season start recovers exactly. */
    private static double[] additive(int n, double sd, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            y[t] = 50 + 0.5 * t + SEASON[t % M] + sd * r.nextGaussian();
        }
        return y;
    }

    @Test
    void forecastsAnExactlyAdditiveSeasonalSeriesWithTrend() {
        double[] all = additive(144, 0, 0);
        double[] f = new HoltWintersBaseline(M).horizon(Arrays.copyOf(all, 120), 24);
        assertArrayEquals(Arrays.copyOfRange(all, 120, 144), f, 1e-9);
    }

    @Test
    void fittedWeightsAreInTheUnitCubeAndNoCoarseGridPointBeatsThem() {
        double[] y = additive(150, 2, 3);
        HoltWintersFit fit = new HoltWintersBaseline(M).fit(y);
        assertEquals(Kind.SEASONAL, fit.kind());
        for (double p : new double[] {fit.alpha(), fit.beta(), fit.gamma()}) {
            assertTrue(p >= 0 && p <= 1, "weight " + p + " outside [0, 1]");
        }
        HoltWintersState start = HoltWintersState.initial(y, M, Kind.SEASONAL);
        double sse = start.copy().absorb(y, y.length, fit.alpha(), fit.beta(), fit.gamma());
        for (int a = 0; a <= 10; a++) {
            for (int b = 0; b <= 10; b++) {
                for (int g = 0; g <= 10; g++) {
                    double other = start.copy().absorb(y, y.length, a / 10.0, b / 10.0, g / 10.0);
                    assertTrue(sse <= other * (1 + 1e-9), "grid point " + a + "," + b + "," + g + " beats the fit");
                }
            }
        }
    }

    @Test
    void beatsSeasonalNaiveOnANoisyTrendingSeason() {
        double[] all = additive(168, 1, 5);
        double[] train = Arrays.copyOf(all, 144);
        double[] test = Arrays.copyOfRange(all, 144, 168);
        double hw = mae(test, new HoltWintersBaseline(M).horizon(train, 24));
        double sn = mae(test, new SeasonalNaiveBaseline(M).horizon(train, 24));
        assertTrue(hw < 0.5 * sn, "holt-winters MAE " + hw + " vs seasonal naive " + sn);
    }

    @Test
    void twoSeasonsOrFewerFallBackToHoltAndItExtendsALine() {
        double[] y = new double[20];
        for (int t = 0; t < y.length; t++) {
            y[t] = 3 + 2 * t;
        }
        HoltWintersFit fit = new HoltWintersBaseline(M).fit(y);
        assertEquals(Kind.HOLT, fit.kind());
        assertEquals(0, fit.gamma());
        assertArrayEquals(new double[] {43, 45, 47}, fit.forecast(3), 1e-9);
    }

    @Test
    void fewerThanThreeValuesGiveTheLastValue() {
        HoltWintersFit fit = new HoltWintersBaseline(M).fit(new double[] {4, 9});
        assertEquals(Kind.LAST_VALUE, fit.kind());
        assertArrayEquals(new double[] {9, 9}, fit.forecast(2));
    }

    @Test
    void streamingForecastsStartAtFitLengthAndContinueTheFit() {
        int fitLength = 60;
        double[] y = additive(100, 2, 7);
        HoltWintersBaseline hw = new HoltWintersBaseline(M, fitLength);
        double[] f = hw.oneStepAhead(y);
        for (int t = 0; t < y.length; t++) {
            assertEquals(t >= fitLength, Double.isFinite(f[t]), "t=" + t);
        }
        assertEquals(hw.fit(Arrays.copyOf(y, fitLength)).forecast(1)[0], f[fitLength], 1e-9);
        assertTrue(Arrays.stream(hw.oneStepAhead(Arrays.copyOf(y, fitLength))).allMatch(Double::isNaN));
        double[] exact = additive(100, 0, 0);
        double[] g = hw.oneStepAhead(exact);
        assertArrayEquals(Arrays.copyOfRange(exact, fitLength, 100), Arrays.copyOfRange(g, fitLength, 100), 1e-9);
    }

    @Test
    void fitIsDeterministic() {
        double[] y = additive(150, 3, 11);
        HoltWintersFit a = new HoltWintersBaseline(M).fit(y);
        HoltWintersFit b = new HoltWintersBaseline(M).fit(y.clone());
        assertArrayEquals(new double[] {a.alpha(), a.beta(), a.gamma(), a.level(), a.trend()},
                new double[] {b.alpha(), b.beta(), b.gamma(), b.level(), b.trend()}, 0);
    }

    private static double mae(double[] y, double[] f) {
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            s += Math.abs(y[i] - f[i]);
        }
        return s / y.length;
    }
}
