package io.streamcast.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.model.AnomalyStats;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** anomaly.tailHalfLife: the Gaussian likelihood checked against how often the key has been this surprised. */
class EmpiricalTailTest {
    private static final AnomalyConfig D = AnomalyConfig.defaults();

    private static AnomalyScorer scorer(double tailHalfLife) {
        return new AnomalyScorer(new AnomalyConfig(D.longHalfLife(), D.shortHalfLife(), D.warmup(),
                D.triggerLikelihood(), D.minScore(), D.criticalLikelihood(), D.recoveryLikelihood(), D.recoveryEvents(),
                D.flatlineEvents(), D.deviation(), false, tailHalfLife));
    }

    /** The same events through a scorer without the tail and one with it, each with its own statistics. */
    private static final class SideBySide {
        private final AnomalyScorer plain = scorer(0);
        private final AnomalyScorer tailed;
        private final AnomalyStats a = new AnomalyStats();
        final AnomalyStats stats = new AnomalyStats();
        AnomalyResult gaussian;
        AnomalyResult result;

        SideBySide(double tailHalfLife) {
            tailed = scorer(tailHalfLife);
        }

        void score(double v) {
            gaussian = plain.score(a, v, 0, 1, true);
            result = tailed.score(stats, v, 0, 1, true);
        }
    }

    private static double noise(SplittableRandom rnd) {
        return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    /** Noise with a 9σ spike every {@code every} events: the alerts each scorer opens. */
    private static int[] alertsOnRecurringSpikes(AnomalyScorer s, int events, int every) {
        AnomalyStats stats = new AnomalyStats();
        SplittableRandom rnd = new SplittableRandom(3);
        int opened = 0;
        int openedLastQuarter = 0;
        for (int t = 0; t < events; t++) {
            double v = noise(rnd) + (t > 500 && t % every == 0 ? 9 : 0);
            if (s.score(stats, v, 0, 1, true).alert() == AnomalyResult.Alert.OPENED) {
                opened++;
                openedLastQuarter += t >= events * 3 / 4 ? 1 : 0;
            }
        }
        return new int[] {opened, openedLastQuarter};
    }

    @Test
    void aSeriesThatSpikesEveryFewHoursStopsAlertingOnEachSpike() {
        int[] gaussian = alertsOnRecurringSpikes(scorer(0), 20_000, 150);
        int[] tail = alertsOnRecurringSpikes(scorer(5000), 20_000, 150);
        System.out.println("alerts on 130 recurring 9-sigma spikes: Gaussian tail " + gaussian[0] + " (last quarter "
                + gaussian[1] + "), empirical tail " + tail[0] + " (last quarter " + tail[1] + ")");
        assertTrue(gaussian[1] >= 20, "the Gaussian tail alone alerts on most spikes: " + gaussian[1]);
        assertTrue(tail[0] >= 1, "the first spikes still alert");
        assertTrue(tail[1] <= gaussian[1] / 4, "once spikes are the key's usual, few alert: " + tail[1]);
    }

    @Test
    void aKeyNeverThisSurprisedKeepsTheGaussianLikelihoodBitForBit() {
        SideBySide s = new SideBySide(5000);
        SplittableRandom rnd = new SplittableRandom(5);
        int differing = 0;
        for (int t = 0; t < 5000; t++) {
            s.score(noise(rnd));
            assertTrue(s.result.likelihood() <= s.gaussian.likelihood(), "the tail only lowers the likelihood, at " + t);
            differing += s.gaussian.likelihood() != s.result.likelihood() ? 1 : 0;
        }
        // The first spike of its size: no past excursion reached it, so the Gaussian likelihood stands exactly.
        s.score(7);
        assertEquals(s.gaussian.likelihood(), s.result.likelihood());
        assertEquals(s.gaussian.tail(), s.result.tail());
        assertEquals(AnomalyResult.Alert.OPENED, s.result.alert());
        assertTrue(differing < 100, "calibrated noise is rarely more surprising than its own past: " + differing);
    }

    /** Where the key's past binds, the result's tail (what NAB's scores use) is the rate the likelihood says. */
    @Test
    void aBindingTailIsTheLikelihoodsComplement() {
        SideBySide s = new SideBySide(5000);
        SplittableRandom rnd = new SplittableRandom(7);
        int bound = 0;
        for (int t = 0; t < 20_000; t++) {
            s.score(noise(rnd) + (t > 500 && t % 100 == 0 ? 8 : 0));
            AnomalyResult r = s.result;
            if (r.likelihood() < s.gaussian.likelihood()) {
                assertTrue(r.tail() > s.gaussian.tail(), "a binding tail is the larger one, at " + t);
                assertEquals(1 - r.likelihood(), r.tail(), 1e-9 * (1 - r.likelihood()) + 1e-15, "at " + t);
                bound++;
            }
        }
        assertTrue(bound > 50, "events where the tail bound: " + bound);
    }

    /**
     * A run of surprising events is one excursion, counted once per level it reached, when it ends: so an anomaly is
     * not judged against itself while it lasts, and 200 surprising events count as much as one spike.
     */
    @Test
    void aLongAnomalyCountsOnceWhenItEnds() {
        AnomalyScorer s = scorer(1e9);
        AnomalyStats stats = new AnomalyStats();
        SplittableRandom rnd = new SplittableRandom(11);
        for (int t = 0; t < 3000; t++) {
            s.score(stats, noise(rnd), 0, 1, true);
        }
        int top = AnomalyStats.TAIL_NINES.length - 1;
        double before = stats.tail[top];
        for (int t = 0; t < 200; t++) {
            s.score(stats, 12 + noise(rnd), 0, 1, true);
            assertEquals(before, stats.tail[top], 1e-6, "not counted while it lasts, at " + t);
        }
        assertEquals(top, stats.tailReached, "it reached the top level");
        for (int t = 0; t < 300; t++) {
            s.score(stats, noise(rnd), 0, 1, true);
        }
        assertEquals(-1, stats.tailReached, "the excursion is over");
        assertEquals(before + 1, stats.tail[top], 1e-6, "200 events of one excursion count once");
    }

    /** A record of fewer events than the recovery level's tail (100 for 0.99) has no say yet. */
    @Test
    void aYoungKeysShortRecordDoesNotHoldBackItsNextAnomaly() {
        SideBySide s = new SideBySide(5000);
        SplittableRandom rnd = new SplittableRandom(13);
        int spikes = 0;
        for (int t = 0; t < D.warmup() + 90; t++) {
            double v = noise(rnd) + (t > D.warmup() && t % 30 == 0 ? 9 : 0);
            s.score(v);
            assertEquals(s.gaussian.likelihood(), s.result.likelihood(), "at " + t);
            spikes += v > 6 ? 1 : 0;
        }
        assertEquals(3, spikes);
        assertTrue(s.stats.tail[0] >= 2, "the spikes were counted: " + s.stats.tail[0]);
    }

    @Test
    void aNegativeOrInfiniteHalfLifeIsRefusedWithTheFieldsName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> scorer(-1));
        assertTrue(e.getMessage().contains("anomaly.tailHalfLife"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> scorer(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> scorer(0.5), "under one event the decay underflows");
        assertThrows(IllegalArgumentException.class, () -> scorer(Double.NaN));
    }
}
