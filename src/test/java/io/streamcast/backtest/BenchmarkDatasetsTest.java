package io.streamcast.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed benchmark specs on the shared datasets, run as the README's commands run them. M4 is held to
 * its target (OWA at most 0.60; it measured 0.569). NAB's floor is a regression guard below what the spec
 * measured (49.6); its target of 60 is not reached yet, as the README says.
 */
class BenchmarkDatasetsTest {
    private static final Path NAB = Path.of("../shared/datasets/nab");
    private static final Path M4 = Path.of("../shared/datasets/m4-hourly/Hourly-train.csv");

    @TempDir
    Path out;

    @Test
    void nabWithOnlineTrainingScoresAboveTheFloor() throws Exception {
        assumeTrue(Files.isDirectory(NAB.resolve("data")), "skipped: " + NAB.toAbsolutePath() + " is absent");
        BacktestReport r = BacktestJob.run(new BacktestJob.Options(Path.of("topologies/nab.yaml"), NAB.resolve("data"),
                "csv", 0, 0, 0, true, NAB.resolve("labels/combined_windows.json"), out), BacktestJobTest.quiet());
        assertEquals(18, r.nab().files());
        assertEquals(25, r.nab().windows());
        double score = r.nab().profiles().get("standard").score();
        assertTrue(score >= 40, "NAB standard score " + score);
        MetricRow us = r.overall().get(BacktestScoring.MODEL);
        MetricRow naive = r.overall().get("naive");
        assertTrue(us.mae() < 0.7 * naive.mae(), "MAE " + us.mae() + " vs naive " + naive.mae());
        try (var files = Files.walk(out.resolve("nab"), 2)) {
            assertEquals(18, files.filter(Files::isRegularFile).count(), "one NAB results file per input file");
        }
    }

    @Test
    void m4HourlyReachesTheOwaTarget() throws Exception {
        assumeTrue(Files.isRegularFile(M4), "skipped: " + M4.toAbsolutePath() + " is absent");
        BacktestReport r = BacktestJob.run(new BacktestJob.Options(Path.of("topologies/m4-hourly.yaml"), M4, "m4", 48,
                48, 0, false, null, out), BacktestJobTest.quiet());
        assertEquals(414, r.series().size());
        double owa = r.owa().get(BacktestScoring.MODEL);
        double seasonal = r.owa().get("seasonal-naive");
        assertEquals(0.629, seasonal, 0.0015, "the dataset README's seasonal naive");
        assertTrue(owa <= 0.60, "OWA " + owa + " (seasonal naive " + seasonal + ")");
        assertEquals(415, Files.readAllLines(out.resolve("forecast.csv")).size());
    }
}
