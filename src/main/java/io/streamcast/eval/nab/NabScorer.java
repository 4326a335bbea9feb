package io.streamcast.eval.nab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Numenta Anomaly Benchmark's scoring, after NAB's {@code sweeper.py}, {@code optimizer.py} and
 * {@code runner.normalize}. A detection at a row inside a window earns {@code tpWeight * σ(position) / σ(-1)},
 * where the position runs from -1 at the window's first row toward 0 at its last; outside it costs
 * {@code fpWeight * σ(rows past the previous window / (its width - 1))}, or the full {@code fpWeight} before any
 * window. A window keeps only its earliest detection's reward, and costs {@code fnWeight} without one. Rows in
 * a file's probation period (the first 15%, at most 750 rows) are not scored. One threshold serves the whole
 * corpus. {@link #scoreRows} scores given detections (a backtest's alert openings); {@link #scoreAt} and
 * {@link #sweep} are NAB's own rule, every row at or above the threshold a detection, which tests use to read
 * the results files as NAB would.
 */
public final class NabScorer {
    private final NabProfile profile;
    private final List<Prepared> files = new ArrayList<>();
    private final int allWindows;
    private final int scoredWindows;

    /** A file with each row's score-if-detected and window (-1 outside every window). */
    private record Prepared(NabFile file, int probation, double[] weight, int[] window) {
    }

    public NabScorer(List<NabFile> corpus, NabProfile profile) {
        this.profile = profile;
        int all = 0;
        int scored = 0;
        for (NabFile f : corpus) {
            Prepared p = prepare(f, profile);
            files.add(p);
            all += f.windows().size();
            for (NabWindow w : f.windows()) {
                scored += w.last() >= p.probation() ? 1 : 0;
            }
        }
        this.allWindows = all;
        this.scoredWindows = scored;
    }

    /** NAB's probation period: {@code min(floor(0.15 * rows), 0.15 * 5000)} rows, computed as NAB does. */
    public static int probationRows(int rows) {
        return (int) Math.min(Math.floor(0.15 * rows), 0.15 * 5000);
    }

    /** NAB's scaled sigmoid: {@code 2 * sigmoid(-5x) - 1}, and -1 beyond x = 3. */
    public static double scaledSigmoid(double x) {
        return x > 3.0 ? -1.0 : 2 * (1 / (1 + Math.exp(5 * x))) - 1.0;
    }

    /** The score with every row whose anomaly score is {@code >= threshold} a detection. */
    public NabScore scoreAt(double threshold) {
        List<int[]> detections = new ArrayList<>();
        for (Prepared p : files) {
            double[] scores = p.file().anomalyScores();
            int[] rows = new int[scores.length];
            int n = 0;
            for (int i = 0; i < scores.length; i++) {
                if (scores[i] >= threshold) { // NaN never fires
                    rows[n++] = i;
                }
            }
            detections.add(Arrays.copyOf(rows, n));
        }
        return scoreRows(detections, threshold);
    }

    /**
     * The score when exactly the given rows of each file (ascending, in corpus order) are detections: for a
     * detector that decides for itself which rows fire at a threshold, as an alert policy with hysteresis does.
     */
    public NabScore scoreRows(List<int[]> detections, double threshold) {
        if (detections.size() != files.size()) {
            throw new IllegalArgumentException(detections.size() + " detection lists for " + files.size() + " files");
        }
        List<NabScore.FileScore> parts = new ArrayList<>();
        double raw = 0;
        int detected = 0;
        int missed = 0;
        int fp = 0;
        for (int f = 0; f < files.size(); f++) {
            Prepared p = files.get(f);
            List<NabWindow> windows = p.file().windows();
            int[] earliest = new int[windows.size()];
            Arrays.fill(earliest, -1);
            double fileRaw = 0;
            int fileFp = 0;
            for (int i : detections.get(f)) {
                if (i < p.probation()) {
                    continue;
                }
                int k = p.window()[i];
                if (k < 0) {
                    fileRaw += p.weight()[i];
                    fileFp++;
                } else if (earliest[k] < 0) {
                    earliest[k] = i;
                }
            }
            int fileDetected = 0;
            int fileMissed = 0;
            for (int k = 0; k < windows.size(); k++) {
                if (windows.get(k).last() < p.probation()) {
                    continue;
                }
                if (earliest[k] >= 0) {
                    fileRaw += Math.max(-profile.fnWeight(), p.weight()[earliest[k]]);
                    fileDetected++;
                } else {
                    fileRaw -= profile.fnWeight();
                    fileMissed++;
                }
            }
            parts.add(new NabScore.FileScore(p.file().key(), fileRaw, fileDetected, fileMissed, fileFp));
            raw += fileRaw;
            detected += fileDetected;
            missed += fileMissed;
            fp += fileFp;
        }
        double nullScore = -profile.fnWeight() * scoredWindows;
        double perfect = profile.tpWeight() * allWindows;
        double normalised = allWindows == 0 ? Double.NaN : 100 * (raw - nullScore) / (perfect - nullScore);
        return new NabScore(profile, threshold, normalised, raw, nullScore, perfect, detected, missed, fp, parts);
    }

    /**
     * The best corpus score over every threshold, as NAB's optimizer: the candidates are "never fire" (+∞)
     * and each distinct scored anomaly score; ties go to the higher threshold. One pass over the scored rows
     * in descending order of anomaly score, keeping the running total.
     */
    public NabScore sweep() {
        int m = 0;
        int[] windowBase = new int[files.size()];
        int windows = 0;
        for (int f = 0; f < files.size(); f++) {
            Prepared p = files.get(f);
            m += p.weight().length - p.probation();
            windowBase[f] = windows;
            windows += p.file().windows().size();
        }
        double[] score = new double[m];
        double[] weight = new double[m];
        int[] window = new int[m];
        int n = 0;
        for (int f = 0; f < files.size(); f++) {
            Prepared p = files.get(f);
            double[] s = p.file().anomalyScores();
            for (int i = p.probation(); i < s.length; i++) {
                if (!Double.isNaN(s[i])) {
                    score[n] = s[i];
                    weight[n] = p.weight()[i];
                    window[n] = p.window()[i] < 0 ? -1 : windowBase[f] + p.window()[i];
                    n++;
                }
            }
        }
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
        double[] best = new double[windows];
        Arrays.fill(best, -profile.fnWeight());
        double total = -profile.fnWeight() * scoredWindows;
        double bestTotal = total;
        double bestThreshold = Double.POSITIVE_INFINITY;
        for (int j = 0; j < n; ) {
            double t = score[order[j]];
            for (; j < n && score[order[j]] == t; j++) {
                int r = order[j];
                int k = window[r];
                if (k < 0) {
                    total += weight[r];
                } else if (weight[r] > best[k]) {
                    total += weight[r] - best[k];
                    best[k] = weight[r];
                }
            }
            if (total > bestTotal) {
                bestTotal = total;
                bestThreshold = t;
            }
        }
        return scoreAt(bestThreshold);
    }

    private static Prepared prepare(NabFile f, NabProfile profile) {
        int n = f.rows();
        double[] weight = new double[n];
        int[] window = new int[n];
        Arrays.fill(window, -1);
        double maxTp = scaledSigmoid(-1.0);
        List<NabWindow> windows = f.windows();
        for (int k = 0; k < windows.size(); k++) {
            NabWindow w = windows.get(k);
            for (int i = w.first(); i <= w.last(); i++) {
                window[i] = k;
                weight[i] = scaledSigmoid(-(double) (w.last() - i + 1) / w.width()) * profile.tpWeight() / maxTp;
            }
        }
        NabWindow previous = null;
        for (int i = 0; i < n; i++) {
            if (window[i] >= 0) {
                previous = windows.get(window[i]);
                continue;
            }
            // After a one-row window NAB divides by zero; +∞ rows past it costs the full weight.
            double unweighted = previous == null ? -1.0
                    : scaledSigmoid((double) (i - previous.last()) / (previous.width() - 1));
            weight[i] = unweighted * profile.fpWeight();
        }
        return new Prepared(f, probationRows(n), weight, window);
    }
}
