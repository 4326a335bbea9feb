package io.streamcast.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.model.SeriesState;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AnomalyScorerTest {
    private final AnomalyScorer scorer = new AnomalyScorer(AnomalyConfig.defaults());

    @Test
    void surpriseIsMinusLog10OfTheTwoSidedTail() {
        assertEquals(-Math.log10(0.0455), AnomalyScorer.rawScore(12, 10, 1), 1e-3);
        assertEquals(0.0, AnomalyScorer.rawScore(10, 10, 1), 1e-12);
        assertEquals(50.0, AnomalyScorer.rawScore(1000, 10, 1));
        assertTrue(Double.isNaN(AnomalyScorer.rawScore(1, Double.NaN, 1)));
        assertTrue(Double.isNaN(AnomalyScorer.rawScore(1, 1, 0)));
    }

    @Test
    void calibratedNoiseRarelyAlertsButAFiveSigmaMissDoes() {
        double[] stats = new double[SeriesState.SCORE_STATS];
        SplittableRandom rnd = new SplittableRandom(1);
        int opened = 0;
        for (int t = 0; t < 20_000; t++) {
            double z = Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
            if (scorer.score(stats, z, 0, 1, true).alert() == AnomalyResult.Alert.OPENED) {
                opened++;
            }
        }
        // About 1 in 13,000 calibrated Gaussian events is a 4.5σ-or-worse miss that the defaults call an incident.
        System.out.println("false alerts on 20,000 calibrated Gaussian events: " + opened);
        assertTrue(opened <= 3, "false alerts on 20,000 calibrated Gaussian events: " + opened);
        AnomalyResult r = scorer.score(stats, 6.5, 0, 1, true);
        assertEquals(AnomalyResult.Alert.OPENED, r.alert(), "likelihood " + r.likelihood());
        assertEquals(AnomalyResult.Cause.SURPRISE, r.cause());
    }

    @Test
    void aStuckSensorOpensOneFlatlineIncidentThatClosesWhenItMovesAgain() {
        double[] stats = new double[SeriesState.SCORE_STATS];
        for (int t = 0; t < 300; t++) {
            scorer.score(stats, Math.sin(t / 5.0), Math.sin(t / 5.0), 0.1, true);
        }
        int opened = 0;
        int firstAt = -1;
        for (int t = 0; t < 100; t++) {
            AnomalyResult r = scorer.score(stats, 0.42, 0.42, 0.1, true);
            if (r.alert() == AnomalyResult.Alert.OPENED) {
                opened++;
                firstAt = t;
                assertEquals(AnomalyResult.Cause.FLATLINE, r.cause());
            }
        }
        assertEquals(1, opened);
        assertEquals(AnomalyConfig.defaults().flatlineEvents(), firstAt, "the 12th repeat opens it");
        assertEquals(AnomalyResult.Alert.CLOSED, scorer.score(stats, 0.5, 0.42, 0.1, true).alert());
    }

    @Test
    void aSeriesFlatFromTheStartIsNotAFlatline() {
        double[] stats = new double[SeriesState.SCORE_STATS];
        for (int t = 0; t < 500; t++) {
            assertEquals(AnomalyResult.Alert.NONE, scorer.score(stats, 7.0, 7.0, 0.001, true).alert());
        }
    }

    @Test
    void badConfigNamesTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AnomalyConfig(100, 2, 10, 0.99, 2, 0.999, 0.999, 5, 3));
        assertTrue(e.getMessage().contains("recoveryLikelihood"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new AnomalyConfig(100, 2, 10, 1.5, 2, 0.999, 0.9, 5, 3));
        assertTrue(e.getMessage().contains("triggerLikelihood") && e.getMessage().contains("1.5"), e.getMessage());
    }
}
