package io.streamcast.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.model.AnomalyStats;
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
        AnomalyStats stats = new AnomalyStats();
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
        AnomalyStats stats = new AnomalyStats();
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
        AnomalyStats stats = new AnomalyStats();
        for (int t = 0; t < 500; t++) {
            assertEquals(AnomalyResult.Alert.NONE, scorer.score(stats, 7.0, 7.0, 0.001, true).alert());
        }
    }

    @Test
    void aSquareWavesPlateausAreNotFlatlinesButALongerRunIs() {
        AnomalyStats stats = new AnomalyStats();
        int opened = 0;
        // Plateaus of 40 repeats, well past flatlineEvents (12), are the series' usual shape...
        for (int t = 0; t < 2000; t++) {
            double v = (t / 41) % 2 == 0 ? 1.0 : 5.0;
            opened += scorer.score(stats, v, v, 0.1, true).alert() == AnomalyResult.Alert.OPENED ? 1 : 0;
        }
        assertEquals(0, opened, "a plateau no longer than the ones before it");
        // ...but one longer than every plateau so far is a stuck sensor, flagged once, the moment it is longer.
        int firstAt = -1;
        for (int t = 0; t < 100; t++) {
            AnomalyResult r = scorer.score(stats, 3.0, 3.0, 0.1, true);
            if (r.alert() == AnomalyResult.Alert.OPENED) {
                opened++;
                firstAt = t;
                assertEquals(AnomalyResult.Cause.FLATLINE, r.cause());
            }
        }
        assertEquals(1, opened);
        assertEquals(41, firstAt, "the 41st repeat is one more than the longest plateau (40 repeats)");
    }

    @Test
    void theSeasonalSecondOpinionSilencesAPoorModelButNotAMissBothMake() {
        AnomalyConfig d = AnomalyConfig.defaults();
        int[] burst = new int[2];
        int[] spike = new int[2];
        for (int k = 0; k < 2; k++) {
            AnomalyScorer s = new AnomalyScorer(new AnomalyConfig(d.longHalfLife(), d.shortHalfLife(), d.warmup(),
                    d.triggerLikelihood(), 0, d.criticalLikelihood(), d.recoveryLikelihood(), d.recoveryEvents(),
                    d.flatlineEvents(), Deviation.TYPICAL, k == 1));
            AnomalyStats stats = new AnomalyStats();
            SplittableRandom rnd = new SplittableRandom(5);
            double[] y = new double[5000];
            for (int t = 0; t < y.length; t++) {
                y[t] = 10 * Math.sin(2 * Math.PI * t / 24) + 0.1 * rnd.nextGaussian();
                double model = 10 * Math.sin(2 * Math.PI * t / 24) + 0.1 * rnd.nextGaussian();
                if (t >= 3000 && t < 3030) {
                    model += 3; // the model goes wrong for a while; the same hour yesterday does not
                }
                if (t >= 4000 && t < 4020) {
                    y[t] += 3; // a real fault: both forecasts miss it
                    model += 1; // the model starts to follow it
                }
                double seasonal = t >= 24 ? y[t - 24] : Double.NaN;
                boolean opened = s.score(stats, y[t], model, 1, true, seasonal).alert() == AnomalyResult.Alert.OPENED;
                if (opened && t >= 3000 && t < 3050) {
                    burst[k]++;
                }
                if (opened && t >= 4000 && t < 4020) {
                    spike[k]++;
                }
            }
            assertEquals(k == 1 ? 5000 - 24 : 0, stats.seasonalScored, "scored only with the opinion on");
        }
        assertTrue(burst[0] >= 1, "without the second opinion the poor model alerts: " + burst[0]);
        assertEquals(0, burst[1], "with it, the seasonal forecast vouches for the values");
        assertEquals(1, spike[0], "the fault alerts without the second opinion");
        assertEquals(1, spike[1], "and with it");
    }

    @Test
    void typicalErrorsIgnoreAJitteryForecastScaleThatFiresTheForecastDeviation() {
        AnomalyConfig d = AnomalyConfig.defaults();
        AnomalyConfig typicalConfig = new AnomalyConfig(d.longHalfLife(), d.shortHalfLife(), d.warmup(),
                d.triggerLikelihood(), 0, d.criticalLikelihood(), d.recoveryLikelihood(), d.recoveryEvents(),
                d.flatlineEvents(), Deviation.TYPICAL);
        AnomalyConfig forecastConfig = new AnomalyConfig(d.longHalfLife(), d.shortHalfLife(), d.warmup(),
                d.triggerLikelihood(), 0, d.criticalLikelihood(), d.recoveryLikelihood(), d.recoveryEvents(),
                d.flatlineEvents(), Deviation.FORECAST);
        int[] opened = new int[2];
        AnomalyStats[] stats = {new AnomalyStats(), new AnomalyStats()};
        AnomalyScorer[] scorers = {new AnomalyScorer(typicalConfig), new AnomalyScorer(forecastConfig)};
        SplittableRandom rnd = new SplittableRandom(3);
        for (int t = 0; t < 20_000; t++) {
            double z = Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
            // Steady errors, but a forecast scale that now and then collapses to a tenth for a few events, as a
            // model's scale head can after an update.
            double scale = (t / 7) % 97 == 0 ? 0.1 : 1;
            for (int k = 0; k < 2; k++) {
                opened[k] += scorers[k].score(stats[k], z, 0, scale, true).alert() == AnomalyResult.Alert.OPENED ? 1 : 0;
            }
        }
        System.out.println("false alerts with a jittery scale: typical " + opened[0] + ", forecast " + opened[1]);
        assertTrue(opened[0] <= 3, "typical-error deviation: " + opened[0] + " false alerts");
        assertTrue(opened[1] >= 10 * Math.max(1, opened[0]), "forecast-scale deviation: " + opened[1]);
        for (int k = 0; k < 2; k++) {
            AnomalyResult r = scorers[k].score(stats[k], 12, 0, 1, true);
            assertEquals(AnomalyResult.Alert.OPENED, r.alert(), k + ": a 12σ miss, likelihood " + r.likelihood());
        }
    }

    @Test
    void badConfigNamesTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AnomalyConfig(100, 2, 10, 0.99, 2, 0.999, 0.999, 5, 3, Deviation.FORECAST));
        assertTrue(e.getMessage().contains("recoveryLikelihood"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new AnomalyConfig(100, 2, 10, 1.5, 2, 0.999, 0.9, 5, 3, Deviation.FORECAST));
        assertTrue(e.getMessage().contains("triggerLikelihood") && e.getMessage().contains("1.5"), e.getMessage());
    }
}
