package io.streamcast.eval;

import io.streamcast.anomaly.AnomalyConfig;
import io.streamcast.anomaly.AnomalyScorer;
import java.util.Arrays;

/**
 * The live alert policy replayed over one backtested series for another trigger: which rows would have opened
 * an incident. A threshold sweep asks this for many triggers, so the trigger-independent parts of
 * {@link AnomalyScorer#transition} (when an incident opened at a row would close, which rows could open one
 * at all) are worked out once and each trigger costs only a walk over the candidate rows. Tests hold the
 * replay at the spec's own trigger to the alerts the live state machine recorded, row for row.
 */
public final class AlertReplay {
    private static final int NEVER = Integer.MAX_VALUE;

    private final SeriesRun run;
    /** The per-row score a threshold applies to: −log10(1 − likelihood) / {@value NabOutputs#DECADES}. */
    private final double[] score;
    /** Rows that could open an incident at some trigger at or above the recovery level, in order. */
    private final int[] candidates;
    private final boolean[] surpriseAllowed;
    private final boolean[] stuck;
    /** For a row that opens an incident: the row where it would close (NEVER when it stays open). */
    private final int[] surpriseCloses;
    private final int[] flatlineCloses;

    AlertReplay(SeriesRun run, AnomalyConfig config) {
        this.run = run;
        int n = run.rows();
        score = NabOutputs.anomalyScores(run);
        boolean[] seen = new boolean[n];
        boolean[] scored = new boolean[n];
        for (int i = 0; i < n; i++) {
            seen[i] = run.rejected[i] == null;
            scored[i] = seen[i] && run.warm[i] && !Double.isNaN(run.score[i]);
        }
        boolean[] moved = new boolean[n];
        stuck = new boolean[n];
        new AnomalyScorer(config).runSignals(Arrays.copyOf(run.input.values(), n), seen, scored, moved, stuck);
        surpriseAllowed = new boolean[n];
        double recoveryScore = NabOutputs.scoreOf(config.recoveryLikelihood());
        int[] c = new int[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (!scored[i]) {
                continue;
            }
            surpriseAllowed[i] = run.score[i] >= config.minScore();
            boolean high = surpriseAllowed[i] && (run.likelihood[i] >= config.recoveryLikelihood()
                    || score[i] >= recoveryScore);
            if (high || stuck[i]) {
                c[m++] = i;
            }
        }
        candidates = Arrays.copyOf(c, m);
        surpriseCloses = surpriseCloses(run, scored, config);
        flatlineCloses = flatlineCloses(scored, moved);
    }

    SeriesRun run() {
        return run;
    }

    double[] scores() {
        return score;
    }

    /**
     * The rows that open an incident when a row is surprising once {@code values[row] >= trigger}: pass the
     * per-row {@link #scores()} and a score threshold (what a sweep varies), or the run's likelihoods and a
     * trigger likelihood (what the live pipeline compares). The trigger must not be below the recovery level.
     */
    int[] openings(double[] values, double trigger) {
        return walk(values, trigger, null);
    }

    /**
     * NAB's per-row anomaly scores for the openings at an anomaly-score {@code threshold}, or at the spec's own
     * trigger when it is null: the row's score where a surprise opened an alert, 1 where a flatline did (it fires
     * at any threshold), 0 elsewhere.
     */
    double[] detectionScores(Double threshold, AnomalyConfig config) {
        double[] out = new double[run.rows()];
        if (threshold == null) {
            walk(run.likelihood, config.triggerLikelihood(), out);
        } else {
            walk(score, threshold, out);
        }
        return out;
    }

    /** The scores of the rows that could open a surprise incident at some trigger, at or above {@code floor}. */
    double[] thresholds(double floor) {
        return Arrays.stream(candidates).filter(i -> surpriseAllowed[i] && score[i] >= floor)
                .mapToDouble(i -> score[i]).toArray();
    }

    /** The state machine's openings in row order; fills {@code scores} (if given) at each opening row. */
    private int[] walk(double[] values, double trigger, double[] scores) {
        int[] out = new int[candidates.length];
        int n = 0;
        int closes = -1;
        for (int i : candidates) {
            if (i <= closes) {
                continue;
            }
            if (surpriseAllowed[i] && values[i] >= trigger) {
                out[n++] = i;
                closes = surpriseCloses[i];
                if (scores != null) {
                    scores[i] = score[i];
                }
            } else if (stuck[i]) {
                out[n++] = i;
                closes = flatlineCloses[i];
                if (scores != null) {
                    scores[i] = 1;
                }
            }
        }
        return Arrays.copyOf(out, n);
    }

    /**
     * Where a surprise incident opened at each row closes: at the first later scored row that completes
     * {@code recoveryEvents} quiet scored rows in a row, all after the opening one.
     */
    private static int[] surpriseCloses(SeriesRun run, boolean[] scored, AnomalyConfig config) {
        int n = run.rows();
        int k = config.recoveryEvents();
        // Positions of the scored rows, and the run of quiet scored rows that ends at each.
        int[] rowAt = new int[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (scored[i]) {
                rowAt[m++] = i;
            }
        }
        int[] quietRun = new int[m];
        for (int p = 0; p < m; p++) {
            boolean quiet = run.likelihood[rowAt[p]] < config.recoveryLikelihood();
            quietRun[p] = quiet ? (p == 0 ? 1 : quietRun[p - 1] + 1) : 0;
        }
        int[] firstFull = new int[m + 1];
        firstFull[m] = NEVER;
        for (int p = m - 1; p >= 0; p--) {
            firstFull[p] = quietRun[p] >= k ? rowAt[p] : firstFull[p + 1];
        }
        int[] closes = new int[n];
        Arrays.fill(closes, NEVER);
        for (int p = 0; p < m; p++) {
            closes[rowAt[p]] = p + k < m ? firstFull[p + k] : NEVER;
        }
        return closes;
    }

    /** Where a flatline incident opened at each row closes: at the next scored row whose value moved. */
    private static int[] flatlineCloses(boolean[] scored, boolean[] moved) {
        int[] closes = new int[scored.length];
        int next = NEVER;
        for (int i = scored.length - 1; i >= 0; i--) {
            closes[i] = next;
            if (scored[i] && moved[i]) {
                next = i;
            }
        }
        return closes;
    }

    /** The replay at the spec's own trigger: the rows where the run recorded an alert opening, if all is well. */
    int[] liveOpenings(AnomalyConfig config) {
        return openings(run.likelihood, config.triggerLikelihood());
    }
}
