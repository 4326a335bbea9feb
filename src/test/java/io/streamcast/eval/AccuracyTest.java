package io.streamcast.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AccuracyTest {
    private static final double NAN = Double.NaN;
    private static final double[] Y = {1, 2, 3, 4};
    // Errors 1, 0, 2 and one position without a forecast.
    private static final double[] F = {2, 2, 1, NAN};

    @Test
    void pointMetricsSkipMissingForecasts() {
        assertEquals(3, Accuracy.scored(Y, F));
        assertEquals(1.0, Accuracy.mae(Y, F), 1e-12);
        assertEquals(Math.sqrt(5.0 / 3), Accuracy.rmse(Y, F), 1e-12);
        // (200 * 1 / 3 + 0 + 200 * 2 / 4) / 3
        assertEquals((200.0 / 3 + 100) / 3, Accuracy.smape(Y, F), 1e-12);
    }

    @Test
    void smapeIsBoundedBy200AndZeroForAPerfectZero() {
        assertEquals(200, Accuracy.smape(new double[] {5}, new double[] {-1}), 1e-12);
        assertEquals(0, Accuracy.smape(new double[] {0}, new double[] {0}), 0);
    }

    @Test
    void maseScalesByTheInSampleSeasonalNaiveError() {
        double[] insample = {1, 3, 2, 6};
        // m = 2: |2 - 1| and |6 - 3|, mean 2
        assertEquals(2.0, Accuracy.maseScale(insample, 2), 1e-12);
        assertEquals(0.5, Accuracy.mase(Y, F, insample, 2), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Accuracy.maseScale(new double[] {1, 2}, 2));
    }

    @Test
    void coverageCountsActualsInsideTheirInterval() {
        double[] lo = {0, 2.5, 2, NAN};
        double[] hi = {1, 3, 5, 5};
        assertEquals(2.0 / 3, Accuracy.coverage(Y, lo, hi), 1e-12);
    }

    @Test
    void scoreGathersEveryMetric() {
        MetricRow row = Accuracy.score(Y, F, new double[] {0, 0, 0, 0}, new double[] {1, 1, 1, 1}, 4);
        assertEquals(new MetricRow(1.0, Math.sqrt(5.0 / 3), (200.0 / 3 + 100) / 3, 0.25, 0.25, 3), row);
        MetricRow none = Accuracy.score(Y, new double[] {NAN, NAN, NAN, NAN}, new double[] {1, 3, 2, 6}, 2);
        assertEquals(0, none.n());
        assertTrue(Double.isNaN(none.mae()) && Double.isNaN(none.smape()) && Double.isNaN(none.coverage()));
    }

    @Test
    void lengthsMustMatch() {
        assertThrows(IllegalArgumentException.class, () -> Accuracy.mae(Y, new double[3]));
    }

    @Test
    void owaRoundsTheMeansToThreeDecimalsFirst() {
        // 14.570 / 19.225 and 1.228 / 2.455: the README's seasonal naive row.
        assertEquals(0.629, Accuracy.round3(Accuracy.owa(14.5704, 1.2276, 19.2249, 2.4552)), 1e-12);
        // Unrounded this would be (0.9998 + 1) / 2; rounded, 1.000 / 1.001.
        assertEquals((1.000 / 1.001 + 1) / 2, Accuracy.owa(1.0004, 1, 1.0006, 1), 1e-12);
        assertEquals(1.0, Accuracy.owa(19.225, 2.455, 19.225, 2.455), 0);
    }
}
