package io.streamcast.backtest;

import io.streamcast.eval.Backtest;
import io.streamcast.eval.BacktestScoring;
import io.streamcast.eval.MetricRow;
import io.streamcast.eval.BacktestReport;
import io.streamcast.report.ThresholdWriter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.data.SharedDatasets;
import io.streamcast.eval.nab.NabFile;
import io.streamcast.eval.nab.NabLabels;
import io.streamcast.eval.nab.NabProfile;
import io.streamcast.eval.nab.NabScorer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed benchmark specs on the shared datasets, run as the README's commands run them, each held to its
 * target: M4 Hourly OWA at most 0.47 (it measures 0.436) and the fitted direct head at least 5 % better than the same
 * spec without it (0.475), NAB standard at least 64, 63 cross-validated (README, Backtests). And
 * the NAB threshold carried into a spec makes the live alert policy fire exactly where the NAB files say.
 */
class BenchmarkDatasetsTest {
    @TempDir
    Path out;

    @Test
    void nabWithOnlineTrainingReachesTheTargetAndItsThresholdCarriesIntoLiveAlerts() throws Exception {
        Path data = SharedDatasets.require("nab/data");
        Path windows = SharedDatasets.require("nab/labels/combined_windows.json");
        BacktestReport r = BacktestJob.run(new BacktestJob.Options(Path.of("topologies/nab.yaml"), data,
                "csv", 0, 0, 0, true, windows, out), Backtest.Progress.NONE);
        assertEquals(18, r.nab().files());
        assertEquals(25, r.nab().windows());
        double score = r.nab().profiles().get("standard").score();
        assertTrue(score >= 64, "NAB standard score " + score);
        double crossValidated = r.nab().crossValidated().score();
        assertTrue(crossValidated >= 63, "NAB standard score, cross-validated " + crossValidated);
        MetricRow us = r.overall().get(BacktestScoring.MODEL);
        MetricRow naive = r.overall().get("naive");
        assertTrue(us.mae() < 0.7 * naive.mae(), "MAE " + us.mae() + " vs naive " + naive.mae());
        try (var files = Files.walk(out.resolve("nab"), 2)) {
            assertEquals(18, files.filter(Files::isRegularFile).count(), "one NAB results file per input file");
        }
        // The best threshold, written into a copy of the spec, as the live trigger: a plain replay (no labels)
        // then opens its alerts on exactly the rows the NAB files mark as detections.
        Path tuned = out.resolve("tuned.yaml");
        Files.writeString(tuned, Files.readString(Path.of("topologies/nab.yaml"))
                .replaceFirst("triggerLikelihood: [0-9.]+", "triggerLikelihood: 0.999999"));
        assertTrue(ThresholdWriter.write(tuned, r).contains("was 0.999999"));
        Path live = out.resolve("live");
        BacktestJob.run(new BacktestJob.Options(tuned, data, "csv", 0, 0, 0, true, null, live),
                Backtest.Progress.NONE);
        Map<String, List<Integer>> opened = new HashMap<>();
        List<String> events = Files.readAllLines(live.resolve("events.csv"));
        Map<String, Integer> rowOf = new HashMap<>();
        for (String line : events.subList(1, events.size())) {
            String[] f = line.split(",", -1);
            int row = rowOf.merge(f[0], 1, Integer::sum) - 1;
            if (f[8].equals("open")) {
                opened.computeIfAbsent(f[0], k -> new ArrayList<>()).add(row);
            }
        }
        int detections = 0;
        try (var files = Files.walk(out.resolve("nab"), 2)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String key = out.resolve("nab").relativize(file).toString().replace(".csv", "");
                List<String> rows = Files.readAllLines(file);
                List<Integer> detected = new ArrayList<>();
                for (int i = 1; i < rows.size(); i++) {
                    if (Double.parseDouble(rows.get(i).substring(rows.get(i).lastIndexOf(',') + 1)) > 0) {
                        detected.add(i - 1);
                    }
                }
                assertEquals(detected, opened.getOrDefault(key, List.of()), key + ": NAB detections vs live alerts");
                detections += detected.size();
            }
        }
        assertTrue(detections > 25, "detections compared: " + detections);
        // NAB's own rule on the files written, every row at or above the threshold a detection: the same score.
        NabLabels labels = NabLabels.read(windows);
        List<NabFile> corpus = new ArrayList<>();
        for (String key : labels.windows().keySet()) {
            List<String> rows = Files.readAllLines(out.resolve("nab").resolve(key));
            long[] ts = new long[rows.size() - 1];
            double[] scores = new double[ts.length];
            for (int i = 0; i < ts.length; i++) {
                String[] f = rows.get(i + 1).split(",");
                ts[i] = java.time.LocalDateTime.parse(f[0].replace(' ', 'T')).toInstant(java.time.ZoneOffset.UTC)
                        .toEpochMilli();
                scores[i] = Double.parseDouble(f[2]);
            }
            corpus.add(labels.file(key, ts, scores));
        }
        assertEquals(score, new NabScorer(corpus, NabProfile.STANDARD).sweep().normalised(), 1e-9);
    }

    @Test
    void m4HourlyReachesTheOwaTarget() throws Exception {
        Path m4 = SharedDatasets.require("m4-hourly/Hourly-train.csv");
        BacktestReport r = BacktestJob.run(new BacktestJob.Options(Path.of("topologies/m4-hourly.yaml"), m4, "m4", 48,
                48, 0, false, null, out), Backtest.Progress.NONE);
        assertEquals(414, r.series().size());
        double owa = r.owa().get(BacktestScoring.MODEL);
        double seasonal = r.owa().get("seasonal-naive");
        assertEquals(0.629, seasonal, 0.0015, "the dataset README's seasonal naive");
        assertTrue(owa <= 0.47, "OWA " + owa + " (seasonal naive " + seasonal + "; target 0.50)");
        double withoutHead = r.owa().get(BacktestScoring.WITHOUT_HEAD);
        assertTrue(owa <= 0.95 * withoutHead, "the fitted head: OWA " + owa + " against " + withoutHead + " without it");
        assertEquals(415, Files.readAllLines(out.resolve("forecast.csv")).size());
    }
}
