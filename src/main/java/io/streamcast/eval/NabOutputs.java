package io.streamcast.eval;

import io.streamcast.anomaly.AnomalyConfig;
import io.streamcast.eval.nab.NabFile;
import io.streamcast.eval.nab.NabLabels;
import io.streamcast.eval.nab.NabProfile;
import io.streamcast.eval.nab.NabResultsWriter;
import io.streamcast.eval.nab.NabScore;
import io.streamcast.eval.nab.NabScorer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Numenta Anomaly Benchmark side of a backtest. NAB counts every row over a threshold as a detection; our
 * detections are the alerts the live policy would have opened with that threshold as its trigger (one per
 * incident, hysteresis and the flatline rule included), so the sweep replays the policy for each candidate
 * trigger ({@link AlertReplay}) and scores the openings. The results files hold, per row, the anomaly score at
 * the rows that opened an alert at the chosen trigger and 0 elsewhere: NAB's own scorer, at any threshold up to
 * the lowest of those, counts exactly these detections.
 */
public final class NabOutputs {
    private NabOutputs() {
    }

    /** Decades of the likelihood's tail that make an anomaly score of 1. */
    static final double DECADES = 300;
    /** The highest threshold tried: 15 nines, which a double likelihood still resolves to about 10%. */
    static final double MAX_THRESHOLD = 15 / DECADES;
    /** Thresholds tried in a first pass when there are more; the best one's neighbourhood is then tried in full. */
    static final int COARSE_THRESHOLDS = 4096;

    /**
     * The per-row score a threshold applies to: how many nines the anomaly likelihood has, −log10(1 −
     * likelihood), over {@value #DECADES}. Monotone in the likelihood the live pipeline alerts on, but it keeps
     * apart likelihoods that a double rounds to 1, which a threshold sweep needs. 0 for a rejected row.
     */
    public static double[] anomalyScores(SeriesRun run) {
        double[] s = new double[run.rows()];
        for (int i = 0; i < s.length; i++) {
            s[i] = run.rejected[i] == null ? scoreOfTail(run.tail[i]) : 0;
        }
        return s;
    }

    /** The anomaly score of a likelihood's tail, 1 − likelihood. */
    static double scoreOfTail(double tail) {
        return Math.min(1, -Math.log10(Math.max(tail, 1e-300)) / DECADES);
    }

    /** The likelihood an anomaly score stands for (rounded to a double). */
    public static double likelihoodOf(double anomalyScore) {
        return 1 - Math.pow(10, -anomalyScore * DECADES);
    }

    /** A threshold as the {@code anomaly.triggerLikelihood} it stands for and its nines, for people to read. */
    public static String triggerText(double threshold) {
        return String.format(java.util.Locale.ROOT, "%.10f (%.2f nines)", likelihoodOf(threshold), threshold * DECADES);
    }

    /** The anomaly score of a likelihood. */
    static double scoreOf(double likelihood) {
        return scoreOfTail(1 - likelihood);
    }

    /** The NAB file key of a one-series file: {@code <category>/<file>.csv}. */
    public static String fileKey(SeriesRun run) {
        String key = run.key();
        String file = key.substring(key.lastIndexOf('/') + 1) + ".csv";
        return run.input.category().isEmpty() ? file : run.input.category() + "/" + file;
    }

    /** One replay per run, for the scoring and the results files. */
    public static List<AlertReplay> replays(List<SeriesRun> runs, AnomalyConfig config) {
        List<AlertReplay> out = new ArrayList<>();
        for (SeriesRun run : runs) {
            out.add(new AlertReplay(run, config));
        }
        return out;
    }

    /** Each run's detections: the rows where alerts open with {@code threshold} (an anomaly score) as the trigger. */
    public static List<int[]> detections(List<AlertReplay> replays, double threshold) {
        return replays.stream().map(r -> r.openings(r.scores(), threshold)).toList();
    }

    /**
     * Writes {@code <out>/nab/<category>/<file>.csv} for every series read from a timestamp,value file: the
     * anomaly score where alerts open at {@code threshold} (or at the spec's own trigger when it is null) and 0
     * elsewhere.
     */
    public static void write(Path out, List<AlertReplay> replays, AnomalyConfig config, Double threshold)
            throws IOException {
        for (AlertReplay r : replays) {
            SeriesRun run = r.run();
            if (run.input.tsText() == null || run.input.holdout() > 0) {
                continue;
            }
            NabResultsWriter.write(out, fileKey(run), Arrays.asList(run.input.tsText()), run.input.values(),
                    r.detectionScores(threshold, config));
        }
    }

    /** Scores the labelled files; fills {@code perSeries} with each file's share under the standard profile. */
    public static BacktestReport.NabSummary score(NabLabels labels, Path labelsFile, List<AlertReplay> replays,
                                                  AnomalyConfig config,
                                                  Map<String, BacktestReport.NabSeries> perSeries) {
        List<NabFile> corpus = new ArrayList<>();
        List<AlertReplay> scored = new ArrayList<>();
        for (AlertReplay r : replays) {
            String label = labelKey(labels, r.run());
            if (label != null) {
                corpus.add(labels.file(label, r.run().input.ts(), r.scores()));
                scored.add(r);
            }
        }
        if (corpus.isEmpty()) {
            throw new IllegalArgumentException(labelsFile + " labels none of the input files (its keys are "
                    + "<category>/<file>.csv, matched against the end of each file's path)");
        }
        List<NabProfile> profiles = NabProfile.standardProfiles();
        double floor = scoreOf(config.recoveryLikelihood());
        NabScore[] best = sweep(corpus, scored, profiles, floor);
        BacktestReport.NabCrossValidated cv = null;
        Map<String, BacktestReport.NabProfileScore> out = new LinkedHashMap<>();
        int windows = 0;
        for (int p = 0; p < profiles.size(); p++) {
            NabScore s = best[p];
            windows = s.windowsDetected() + s.windowsMissed();
            out.put(profiles.get(p).name(), new BacktestReport.NabProfileScore(s.normalised(), s.threshold(), s.raw(),
                    s.nullScore(), s.perfect(), s.windowsDetected(), s.windowsMissed(), s.falsePositives(),
                    s.precision(), s.recall()));
            if (profiles.get(p).equals(NabProfile.STANDARD)) {
                cv = crossValidated(corpus, scored, floor, s);
                for (int i = 0; i < scored.size(); i++) {
                    NabScore.FileScore f = s.files().get(i);
                    perSeries.put(scored.get(i).run().key(), new BacktestReport.NabSeries(
                            corpus.get(i).windows().size(), f.windowsDetected(), f.falsePositives(), f.raw()));
                }
            }
        }
        return new BacktestReport.NabSummary(labelsFile.toString(), corpus.size(), windows, out,
                "A detection is an alert the live policy opens with the threshold as its trigger (one per incident: "
                        + "it closes after anomaly.recoveryEvents quiet events; flatline alerts count at every "
                        + "threshold); a profile's threshold is the trigger likelihood that scores best, as its nines over "
                        + (int) DECADES + ": threshold = -log10(1 - anomaly.triggerLikelihood) / " + (int) DECADES,
                cv);
    }

    /**
     * The standard profile with the threshold never chosen on the files it scores: per category (per file when
     * there is one category), the trigger that scores best on every other file, applied to the held-out ones;
     * their raw scores summed and normalised as the in-sample score is. Null with fewer than two folds.
     */
    static BacktestReport.NabCrossValidated crossValidated(List<NabFile> corpus, List<AlertReplay> replays,
                                                           double floor, NabScore inSample) {
        Map<String, List<Integer>> folds = new LinkedHashMap<>();
        for (int i = 0; i < corpus.size(); i++) {
            String key = corpus.get(i).key();
            folds.computeIfAbsent(key.contains("/") ? key.substring(0, key.lastIndexOf('/')) : "", k -> new ArrayList<>())
                    .add(i);
        }
        String by = "category";
        if (folds.size() < 2) {
            folds.clear();
            for (int i = 0; i < corpus.size(); i++) {
                folds.put(corpus.get(i).key(), List.of(i));
            }
            by = "file";
        }
        if (folds.size() < 2) {
            return null;
        }
        double raw = 0;
        List<BacktestReport.NabFold> parts = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> fold : folds.entrySet()) {
            List<NabFile> trainFiles = new ArrayList<>();
            List<AlertReplay> trainReplays = new ArrayList<>();
            List<NabFile> heldFiles = new ArrayList<>();
            List<int[]> heldDetections = new ArrayList<>();
            for (int i = 0; i < corpus.size(); i++) {
                if (!fold.getValue().contains(i)) {
                    trainFiles.add(corpus.get(i));
                    trainReplays.add(replays.get(i));
                }
            }
            double t = sweep(trainFiles, trainReplays, List.of(NabProfile.STANDARD), floor)[0].threshold();
            for (int i : fold.getValue()) {
                heldFiles.add(corpus.get(i));
                heldDetections.add(replays.get(i).openings(replays.get(i).scores(), t));
            }
            NabScore held = new NabScorer(heldFiles, NabProfile.STANDARD).scoreRows(heldDetections, t);
            raw += held.raw();
            parts.add(new BacktestReport.NabFold(fold.getKey(), heldFiles.size(), t, held.raw(), held.windowsDetected(),
                    held.windowsMissed(), held.falsePositives()));
        }
        double score = 100 * (raw - inSample.nullScore()) / (inSample.perfect() - inSample.nullScore());
        return new BacktestReport.NabCrossValidated(by, score, raw, parts);
    }

    /**
     * Each profile's best score over the candidate triggers: never (+∞, flatline alerts only) and every distinct
     * row score at or above the recovery level (a trigger below it is not a valid spec). Ties go to the higher
     * threshold, as in NAB's optimizer. With more than {@value #COARSE_THRESHOLDS} candidates, every k-th is tried
     * first and then every candidate next to each profile's best.
     */
    static NabScore[] sweep(List<NabFile> corpus, List<AlertReplay> replays, List<NabProfile> profiles,
                            double floor) {
        // A live trigger is a double likelihood, which cannot tell rows apart past ~15 nines: every row above
        // that counts as one candidate there, so the trigger written into a spec does what the sweep scored.
        double[] all = replays.stream().flatMapToDouble(r -> Arrays.stream(r.thresholds(floor)))
                .map(x -> Math.min(x, MAX_THRESHOLD)).toArray();
        double[] distinct = Arrays.stream(all).distinct().sorted().toArray();
        double[] t = new double[distinct.length + 1];
        t[0] = Double.POSITIVE_INFINITY;
        for (int i = 0; i < distinct.length; i++) {
            t[i + 1] = distinct[distinct.length - 1 - i];
        }
        List<NabScorer> scorers = profiles.stream().map(p -> new NabScorer(corpus, p)).toList();
        NabScore[] best = new NabScore[profiles.size()];
        int[] bestAt = new int[profiles.size()];
        int step = Math.max(1, (t.length + COARSE_THRESHOLDS - 1) / COARSE_THRESHOLDS);
        for (int i = 0; i < t.length; i += step) {
            evaluate(t, i, replays, scorers, best, bestAt);
        }
        if (step > 1) {
            int[] centres = bestAt.clone();
            for (int c : centres) {
                for (int i = Math.max(0, c - step + 1); i < Math.min(t.length, c + step); i++) {
                    evaluate(t, i, replays, scorers, best, bestAt);
                }
            }
        }
        return best;
    }

    /**
     * Scores the detections at candidate {@code t[i]}, reported at the midpoint down to the next candidate
     * (the same detections), so that the trigger carried into a spec keeps the rows apart despite rounding;
     * the lowest candidate as it is, so its trigger stays at or above the recovery level.
     */
    private static void evaluate(double[] t, int i, List<AlertReplay> replays, List<NabScorer> scorers,
                                 NabScore[] best, int[] bestAt) {
        List<int[]> detections = new ArrayList<>(replays.size());
        for (AlertReplay r : replays) {
            detections.add(r.openings(r.scores(), t[i]));
        }
        double threshold = i == 0 || i + 1 == t.length ? t[i] : (t[i] + t[i + 1]) / 2;
        for (int p = 0; p < scorers.size(); p++) {
            NabScore s = scorers.get(p).scoreRows(detections, threshold);
            if (best[p] == null || s.raw() > best[p].raw()
                    || (s.raw() == best[p].raw() && threshold > best[p].threshold())) {
                best[p] = s;
                bestAt[p] = i;
            }
        }
    }

    /** The labels file's key for a run's file ({@code <category>/<file>.csv} ending its path) or series key, or null. */
    public static String labelKey(NabLabels labels, SeriesRun run) {
        String path = run.key() + ".csv";
        String file = fileKey(run);
        for (String k : labels.windows().keySet()) {
            if (path.equals(k) || path.endsWith("/" + k) || file.equals(k) || run.key().equals(k)) {
                return k;
            }
        }
        return null;
    }
}
