package io.streamcast.eval.nab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The sweep against a plain re-reading of NAB's sweeper evaluated at every threshold. */
class NabSweepTest {

    /** NAB's calcSweepScore per row, as its loop walks the file: [weight, window index or -1]. */
    static double[][] referenceRows(NabFile f, NabProfile p) {
        double maxTp = 2 / (1 + Math.exp(-5.0)) - 1;
        double[][] out = new double[f.rows()][];
        int next = 0;
        NabWindow cur = null;
        NabWindow prev = null;
        for (int i = 0; i < f.rows(); i++) {
            if (cur == null && next < f.windows().size() && f.windows().get(next).first() == i) {
                cur = f.windows().get(next++);
            }
            if (cur != null) {
                double pos = -(cur.last() - i + 1) / (double) cur.width();
                out[i] = new double[] {sigma(pos) * p.tpWeight() / maxTp, next - 1};
                if (i == cur.last()) {
                    prev = cur;
                    cur = null;
                }
            } else {
                double u = prev == null ? -1 : sigma(Math.abs(prev.last() - i) / (double) (prev.width() - 1));
                out[i] = new double[] {u * p.fpWeight(), -1};
            }
        }
        return out;
    }

    static double sigma(double x) {
        return x > 3 ? -1 : 2 * (1 / (1 + Math.exp(-(-5 * x)))) - 1;
    }

    /** The corpus' raw score at one threshold, NAB's scoreParts summed afresh. */
    static double referenceRaw(List<NabFile> corpus, NabProfile p, double threshold) {
        double total = 0;
        for (NabFile f : corpus) {
            double[][] rows = referenceRows(f, p);
            int probation = (int) Math.min(Math.floor(0.15 * f.rows()), 750);
            double[] part = new double[f.windows().size()];
            boolean[] scored = new boolean[part.length];
            Arrays.fill(part, -p.fnWeight());
            for (int i = probation; i < f.rows(); i++) {
                int k = (int) rows[i][1];
                if (k >= 0) {
                    scored[k] = true;
                }
                if (f.anomalyScores()[i] >= threshold) {
                    if (k < 0) {
                        total += rows[i][0];
                    } else {
                        part[k] = Math.max(part[k], rows[i][0]);
                    }
                }
            }
            for (int k = 0; k < part.length; k++) {
                total += scored[k] ? part[k] : 0;
            }
        }
        return total;
    }

    static NabFile randomFile(SplittableRandom rnd, int index) {
        int n = 1 + rnd.nextInt(400);
        List<NabWindow> windows = new ArrayList<>();
        int from = 0;
        for (int k = rnd.nextInt(4); k > 0 && from < n; k--) {
            int first = from + rnd.nextInt(Math.max(1, n / 3));
            int last = first + rnd.nextInt(1 + rnd.nextInt(30)); // width 1 now and then
            if (last >= n) {
                break;
            }
            windows.add(new NabWindow(first, last));
            from = last + 1;
        }
        int levels = new int[] {2, 5, 20, 1_000_000}[rnd.nextInt(4)];
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            scores[i] = rnd.nextInt(20) == 0 ? Double.NaN : rnd.nextInt(levels) / (double) levels;
        }
        for (NabWindow w : windows) {
            // Raise scores in some windows so that firing is often worth it.
            if (rnd.nextBoolean()) {
                scores[w.first() + rnd.nextInt(w.width())] = 1 + rnd.nextInt(3) / 4.0;
            }
        }
        long[] ts = new long[n];
        Arrays.setAll(ts, i -> i * 60_000L);
        return new NabFile("r/f" + index + ".csv", ts, scores, windows);
    }

    @Test
    void theSweepFindsTheThresholdABruteForceSearchFinds() {
        SplittableRandom rnd = new SplittableRandom(20_240_601);
        int fired = 0;
        for (int trial = 0; trial < 400; trial++) {
            List<NabFile> corpus = new ArrayList<>();
            for (int f = 1 + rnd.nextInt(4); f > 0; f--) {
                corpus.add(randomFile(rnd, f));
            }
            for (NabProfile p : NabProfile.standardProfiles()) {
                TreeSet<Double> candidates = new TreeSet<>();
                for (NabFile f : corpus) {
                    double[] s = f.anomalyScores();
                    for (int i = NabScorer.probationRows(f.rows()); i < s.length; i++) {
                        if (!Double.isNaN(s[i])) {
                            candidates.add(s[i]);
                        }
                    }
                }
                double bestT = Double.POSITIVE_INFINITY;
                double best = referenceRaw(corpus, p, bestT);
                for (double t : candidates.descendingSet()) {
                    double raw = referenceRaw(corpus, p, t);
                    if (raw > best) {
                        best = raw;
                        bestT = t;
                    }
                }
                NabScore s = new NabScorer(corpus, p).sweep();
                String what = "trial " + trial + " " + p.name();
                assertEquals(bestT, s.threshold(), what);
                assertEquals(best, s.raw(), 1e-9, what);
                assertEquals(referenceRaw(corpus, p, 0.5), new NabScorer(corpus, p).scoreAt(0.5).raw(), 1e-9, what);
                fired += bestT < Double.POSITIVE_INFINITY ? 1 : 0;
            }
        }
        // Both outcomes must be exercised: a sweep that always said "never fire" would not be tested.
        assertTrue(fired > 300 && fired < 1100, "best thresholds that fire: " + fired + " of 1200");
    }

    @Test
    void aHundredThousandRowsWithDistinctScoresSweepQuickly() {
        SplittableRandom rnd = new SplittableRandom(7);
        List<NabFile> corpus = new ArrayList<>();
        for (int f = 0; f < 10; f++) {
            double[] scores = new double[10_000];
            Arrays.setAll(scores, i -> rnd.nextDouble());
            long[] ts = new long[scores.length];
            Arrays.setAll(ts, i -> i * 300_000L);
            List<NabWindow> windows = List.of(new NabWindow(2000, 2499), new NabWindow(6000, 6499));
            corpus.add(new NabFile("big/f" + f + ".csv", ts, scores, windows));
        }
        NabScorer scorer = new NabScorer(corpus, NabProfile.STANDARD);
        scorer.sweep(); // warm-up
        long t0 = System.nanoTime();
        NabScore s = scorer.sweep();
        double ms = (System.nanoTime() - t0) / 1e6;
        System.out.printf("NAB sweep over 100,000 rows with distinct scores: %.0f ms%n", ms);
        assertTrue(ms < 3000, "sweep took " + ms + " ms");
        for (double t = 0.9; t < 1; t += 0.01) {
            assertTrue(s.raw() >= scorer.scoreAt(t).raw() - 1e-9, "threshold " + t + " beats the sweep");
        }
    }
}
