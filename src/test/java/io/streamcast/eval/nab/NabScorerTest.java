package io.streamcast.eval.nab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-worked NAB scores. The corpus: file A has 20 rows, probation floor(0.15 * 20) = 3 rows (0-2), one
 * window on rows 8-11 (width 4); file B has 20 rows and no window. Standard profile (tp 1, fp 0.11, fn 1):
 * null = -1 (one missed window), perfect = 1, so normalised = 100 * (raw + 1) / 2.
 * σ(x) = 2 / (1 + e^(5x)) - 1 and σ(-1) = 0.98661429815 (maxTP).
 */
class NabScorerTest {
    private static final double EPS = 1e-12;

    static NabFile file(String key, int rows, List<NabWindow> windows, int... detections) {
        double[] scores = new double[rows];
        for (int d : detections) {
            scores[d] = 1.0;
        }
        long[] ts = new long[rows];
        Arrays.setAll(ts, i -> i * 300_000L);
        return new NabFile(key, ts, scores, windows);
    }

    static List<NabFile> corpus(int[] inA, int... inB) {
        return List.of(file("c/a.csv", 20, List.of(new NabWindow(8, 11)), inA), file("c/b.csv", 20, List.of(), inB));
    }

    static NabScore standardAt1(int[] inA, int... inB) {
        return new NabScorer(corpus(inA, inB), NabProfile.STANDARD).scoreAt(1.0);
    }

    @Test
    void probationIsFifteenPercentAtMost750Rows() {
        assertEquals(3, NabScorer.probationRows(20));
        assertEquals(604, NabScorer.probationRows(4032));
        assertEquals(282, NabScorer.probationRows(1882));
        assertEquals(750, NabScorer.probationRows(5315));
        assertEquals(750, NabScorer.probationRows(22695));
        assertEquals(0, NabScorer.probationRows(6));
    }

    @Test
    void aDetectorThatNeverFiresScoresZero() {
        // All scores 0: firing at 0 marks every row (window +1, but 5 rows before it cost 0.11 each, 8 after
        // it cost 0.075-0.11 each and B's 17 scored rows cost 0.11 each), far below never firing (-1).
        NabScore s = new NabScorer(corpus(new int[0]), NabProfile.STANDARD).sweep();
        assertEquals(Double.POSITIVE_INFINITY, s.threshold());
        assertEquals(-1.0, s.raw(), EPS);
        assertEquals(-1.0, s.nullScore(), EPS);
        assertEquals(0.0, s.normalised(), EPS);
        assertEquals(1, s.windowsMissed());
        assertEquals(0, s.falsePositives());
        assertTrue(Double.isNaN(s.precision()));
        assertEquals(0.0, s.recall());
    }

    @Test
    void firingExactlyAtEachWindowStartScores100() {
        // Row 8: position -(11 - 8 + 1) / 4 = -1, reward σ(-1) / maxTP = 1; raw 1, normalised 100 * 2 / 2.
        for (NabProfile p : NabProfile.standardProfiles()) {
            NabScore s = new NabScorer(corpus(new int[] {8}), p).sweep();
            assertEquals(1.0, s.threshold());
            assertEquals(100.0, s.normalised(), 1e-9, p.name());
            assertEquals(1, s.windowsDetected());
            assertEquals(1.0, s.precision());
            assertEquals(1.0, s.recall());
        }
    }

    @Test
    void detectionsInProbationAreIgnored() {
        // Row 2 is the last probation row: not scored. Row 3 is the first scored row, before any window,
        // so it costs the full 0.11: raw -1.11, normalised 100 * -0.11 / 2 = -5.5.
        assertEquals(0.0, standardAt1(new int[] {0, 2}, 1).normalised(), EPS);
        assertEquals(0, standardAt1(new int[] {0, 2}, 1).falsePositives());
        assertEquals(-5.5, standardAt1(new int[] {3}).normalised(), 1e-9);
        assertEquals(-5.5, standardAt1(new int[0], 3).normalised(), 1e-9);
    }

    @Test
    void aWindowInsideProbationIsNotScoredButCountsTowardPerfect() {
        // As NAB: C's window (rows 0-2) has no scored row, so it is neither missed nor detected, while
        // normalisation counts every labelled window: null -1, perfect 2, raw 1 -> 100 * 2 / 3.
        List<NabFile> c = List.of(file("c/a.csv", 20, List.of(new NabWindow(8, 11)), 8),
                file("c/c.csv", 20, List.of(new NabWindow(0, 2)), 0));
        NabScore s = new NabScorer(c, NabProfile.STANDARD).scoreAt(1.0);
        assertEquals(-1.0, s.nullScore(), EPS);
        assertEquals(2.0, s.perfect(), EPS);
        assertEquals(200.0 / 3, s.normalised(), 1e-9);
        assertEquals(1, s.windowsDetected());
        assertEquals(0, s.windowsMissed());
    }

    @Test
    void anEarlyDetectionEarnsMoreThanALateOneAndOnlyTheEarliestCounts() {
        // Row 9: σ(-3/4) / maxTP = 0.96698908780; row 11 (last): σ(-1/4) / maxTP = 0.56212414860.
        double early = 100 * (0.9669890878000605 + 1) / 2;
        double late = 100 * (0.5621241486044827 + 1) / 2;
        assertEquals(early, standardAt1(new int[] {9}).normalised(), 1e-9);
        assertEquals(late, standardAt1(new int[] {11}).normalised(), 1e-9);
        assertEquals(early, standardAt1(new int[] {9, 10, 11}).normalised(), 1e-9);
        assertEquals(1, standardAt1(new int[] {9, 10, 11}).windowsDetected());
        assertEquals(0, standardAt1(new int[] {9, 10, 11}).falsePositives());
    }

    @Test
    void aFalsePositiveJustAfterAWindowCostsLessThanOneFarAway() {
        // Past the window the position is (rows past its last row) / (width - 1):
        // row 12: 0.11 * σ(1/3) = -0.07504879693; row 19: 0.11 * σ(8/3) = -0.10999964369;
        // before any window (row 5) or in a file without windows: the full -0.11.
        assertEquals(1 - 0.07504879692619866, standardAt1(new int[] {8, 12}).raw(), 1e-12);
        assertEquals(1 - 0.10999964368928278, standardAt1(new int[] {8, 19}).raw(), 1e-12);
        assertEquals(1 - 0.11, standardAt1(new int[] {5, 8}).raw(), 1e-12);
        assertEquals(1 - 0.11, standardAt1(new int[] {8}, 10).raw(), 1e-12);
        NabScore two = standardAt1(new int[] {8, 12}, 10);
        assertEquals(2, two.falsePositives());
        assertEquals(1.0 / 3, two.precision(), EPS);
        assertEquals(1 - 0.07504879692619866, two.files().get(0).raw(), 1e-12);
        assertEquals(-0.11, two.files().get(1).raw(), 1e-12);
        assertEquals(1, two.files().get(1).falsePositives());
    }

    @Test
    void profilesWeighMissesAndFalsePositivesDifferently() {
        // Missing the window with one FP in B: low-FP doubles the 0.11, low-FN doubles the miss (and null).
        List<NabFile> c = corpus(new int[0], 10);
        assertEquals(-1.11, new NabScorer(c, NabProfile.STANDARD).scoreAt(1).raw(), 1e-12);
        assertEquals(-1.22, new NabScorer(c, NabProfile.REWARD_LOW_FP_RATE).scoreAt(1).raw(), 1e-12);
        NabScore lowFn = new NabScorer(c, NabProfile.REWARD_LOW_FN_RATE).scoreAt(1);
        assertEquals(-2.11, lowFn.raw(), 1e-12);
        assertEquals(100 * -0.11 / 3, lowFn.normalised(), 1e-9);
    }
}
