package io.streamcast.backtest;

import io.streamcast.backtest.nab.NabFile;
import io.streamcast.backtest.nab.NabLabels;
import io.streamcast.backtest.nab.NabProfile;
import io.streamcast.backtest.nab.NabResultsWriter;
import io.streamcast.backtest.nab.NabScore;
import io.streamcast.backtest.nab.NabScorer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Numenta Anomaly Benchmark side of a backtest: one anomaly score per input row (the pipeline's anomaly
 * likelihood; 0 for a row the pipeline would have rejected), written as NAB results files, and scored against
 * labelled windows under NAB's three profiles.
 */
public final class NabOutputs {
    private NabOutputs() {
    }

    /** Decades of the likelihood's tail that make an anomaly score of 1. */
    static final double DECADES = 300;

    /**
     * The per-row score NAB thresholds: how many nines the anomaly likelihood has, −log10(1 − likelihood),
     * over {@value #DECADES}. Monotone in the likelihood the live pipeline alerts on, but it keeps apart
     * likelihoods that a double rounds to 1, which a threshold sweep needs.
     */
    public static double[] anomalyScores(SeriesRun run, int quiet) {
        double[] s = new double[run.rows()];
        for (int i = 0; i < s.length; i++) {
            s[i] = run.rejected[i] == null ? Math.min(1, -Math.log10(Math.max(run.tail[i], 1e-300)) / DECADES) : 0;
        }
        return quiet > 0 ? firstCrossings(s, quiet) : s;
    }

    /**
     * Keeps a row's score only where it beats every score of the previous {@code k} rows (else 0): a run of high
     * scores becomes one detection at its start, whatever the threshold. The causal analogue of the live alert
     * policy's hysteresis (one alert per incident); NAB counts every row over the threshold as a detection.
     */
    static double[] firstCrossings(double[] s, int k) {
        double[] out = new double[s.length];
        // A monotone queue of the window's candidates for its maximum: O(n) whatever k is.
        ArrayDeque<Integer> window = new ArrayDeque<>();
        for (int i = 0; i < s.length; i++) {
            while (!window.isEmpty() && window.peekFirst() < i - k) {
                window.pollFirst();
            }
            double before = window.isEmpty() ? 0 : s[window.peekFirst()];
            out[i] = s[i] > before ? s[i] : 0;
            while (!window.isEmpty() && s[window.peekLast()] <= s[i]) {
                window.pollLast();
            }
            window.addLast(i);
        }
        return out;
    }

    /** The likelihood an anomaly score stands for (rounded to a double). */
    public static double likelihoodOf(double anomalyScore) {
        return 1 - Math.pow(10, -anomalyScore * DECADES);
    }

    /** The NAB file key of a one-series file: {@code <category>/<file>.csv}. */
    public static String fileKey(SeriesRun run) {
        String key = run.key();
        String file = key.substring(key.lastIndexOf('/') + 1) + ".csv";
        return run.input.category().isEmpty() ? file : run.input.category() + "/" + file;
    }

    /** Writes {@code <out>/nab/<category>/<file>.csv} for every series read from a timestamp,value file. */
    public static void write(Path out, List<SeriesRun> runs, int quiet) throws IOException {
        for (SeriesRun run : runs) {
            if (run.input.tsText() == null || run.input.holdout() > 0) {
                continue;
            }
            NabResultsWriter.write(out, fileKey(run), Arrays.asList(run.input.tsText()), run.input.values(),
                    anomalyScores(run, quiet));
        }
    }

    /** Scores the labelled files; fills {@code perSeries} with each file's share under the standard profile. */
    public static BacktestReport.NabSummary score(NabLabels labels, Path labelsFile, List<SeriesRun> runs, int quiet,
                                                  Map<String, BacktestReport.NabSeries> perSeries) {
        List<NabFile> corpus = new ArrayList<>();
        List<SeriesRun> scored = new ArrayList<>();
        for (SeriesRun run : runs) {
            String label = labelKey(labels, run);
            if (label != null) {
                corpus.add(labels.file(label, run.input.ts(), anomalyScores(run, quiet)));
                scored.add(run);
            }
        }
        if (corpus.isEmpty()) {
            throw new IllegalArgumentException(labelsFile + " labels none of the input files (its keys are "
                    + "<category>/<file>.csv, matched against the end of each file's path)");
        }
        Map<String, BacktestReport.NabProfileScore> profiles = new LinkedHashMap<>();
        int windows = 0;
        for (NabProfile p : NabProfile.standardProfiles()) {
            NabScore s = new NabScorer(corpus, p).sweep();
            windows = s.windowsDetected() + s.windowsMissed();
            profiles.put(p.name(), new BacktestReport.NabProfileScore(s.normalised(), s.threshold(), s.raw(),
                    s.nullScore(), s.perfect(), s.windowsDetected(), s.windowsMissed(), s.falsePositives(),
                    s.precision(), s.recall()));
            if (p.equals(NabProfile.STANDARD)) {
                for (int i = 0; i < scored.size(); i++) {
                    NabScore.FileScore f = s.files().get(i);
                    perSeries.put(scored.get(i).key(), new BacktestReport.NabSeries(corpus.get(i).windows().size(),
                            f.windowsDetected(), f.falsePositives(), f.raw()));
                }
            }
        }
        return new BacktestReport.NabSummary(labelsFile.toString(), corpus.size(), windows, profiles,
                "a row is a detection when its anomaly likelihood is at least the threshold; the standard "
                        + "profile's threshold is the live alert trigger (anomaly.triggerLikelihood) that scores best");
    }

    /** The labels file's key for a run's file ({@code <category>/<file>.csv} ending its path), or null. */
    static String labelKey(NabLabels labels, SeriesRun run) {
        String path = run.key() + ".csv";
        for (String k : labels.windows().keySet()) {
            if (path.equals(k) || path.endsWith("/" + k)) {
                return k;
            }
        }
        return null;
    }
}
