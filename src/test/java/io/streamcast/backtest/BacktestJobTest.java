package io.streamcast.backtest;

import io.streamcast.eval.Backtest;
import io.streamcast.eval.BacktestReport;
import io.streamcast.eval.RelativeAccuracy;
import io.streamcast.report.ReportWriter;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file backtest end to end on a small labelled folder: every output, bad rows, determinism. */
class BacktestJobTest {
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final LocalDateTime T0 = LocalDateTime.of(2024, 1, 1, 0, 0);
    private static final int ROWS = 3000;
    private static final int SPIKE = 2400;

    @TempDir
    Path dir;

    @Test
    void writesEveryOutputAndScoresAgainstBaselinesAndLabels() throws Exception {
        Path data = writeFolder();
        BacktestReport r = BacktestJob.run(options(data, dir.resolve("out")), Backtest.Progress.NONE);

        assertEquals("streaming", r.mode());
        assertEquals(2, r.series().size());
        assertEquals(List.of("streamcast", "naive", "seasonal-naive", "ewma", "holt-winters"),
                List.copyOf(r.overall().keySet()));
        BacktestReport.SeriesReport spiky = r.series().get(1); // files in name order
        assertEquals("sensors/spiky", spiky.key());
        assertEquals(ROWS + 2, spiky.rows());
        // One NaN value and one row older than its predecessor: rejected as the pipeline would dead-letter them.
        assertEquals(2, spiky.rejected());
        assertEquals(1L, spiky.rejectedBy().get("not-finite"));
        assertEquals(1L, spiky.rejectedBy().get("out-of-order"));
        assertTrue(r.overall().get("streamcast").n() > 0);
        assertTrue(r.eventsPerSecond() > 0);

        assertNotNull(r.nab());
        assertEquals(1, r.nab().windows());
        BacktestReport.NabProfileScore standard = r.nab().profiles().get("standard");
        assertEquals(1, standard.windowsDetected(), "the spike is obvious: " + standard);
        assertTrue(standard.score() > 50, "score " + standard.score());

        Path out = dir.resolve("out");
        JsonNode json = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals("spiky-test", json.path("spec").path("name").asText());
        assertEquals(1 + (ROWS + 2) + (ROWS + 1), Files.readAllLines(out.resolve("events.csv")).size());
        List<String> nab = Files.readAllLines(out.resolve("nab/sensors/spiky.csv"));
        List<String> in = Files.readAllLines(data.resolve("sensors/spiky.csv"));
        assertEquals(in.size(), nab.size(), "one row per input row");
        assertEquals("timestamp,value,anomaly_score", nab.get(0));
        for (int i = 1; i < in.size(); i++) {
            assertEquals(in.get(i).split(",")[0], nab.get(i).split(",")[0], "row " + i + " keeps its timestamp text");
        }
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<svg") && html.contains("sensors/spiky") && !html.contains("http://cdn"));
        // Scale-free figures lead: each series counts once, whatever its scale.
        RelativeAccuracy vsNaive = r.versusBaselines().get("streamcast").get("naive");
        assertEquals(2, vsNaive.series());
        assertTrue(html.indexOf("better than the naive forecast on <b>" + vsNaive.better() + " of 2 series")
                < html.indexOf("<table>"), "the headline comes before the table");
        assertTrue(html.contains("Every series, worst against naive first"));
        assertTrue(html.contains("<title>alert opened "), "an alert says when and what on hover");
        String firstDay = in.get(1).substring(0, 10);
        assertTrue(html.contains(">" + firstDay + "</text>"), "dates along the time axis: " + firstDay);
        assertEquals(2, json.path("versusBaselines").path("streamcast").path("naive").path("series").asInt());
    }

    @Test
    void theEventsFileCanBeCompressedOrLeftOut() throws Exception {
        Path data = writeFolder();
        BacktestJob.Options plain = options(data, dir.resolve("plain"));
        BacktestJob.run(plain, Backtest.Progress.NONE);
        for (ReportWriter.Events how : List.of(ReportWriter.Events.GZ, ReportWriter.Events.NONE)) {
            Path out = dir.resolve(how.name());
            BacktestJob.run(new BacktestJob.Options(plain.specFile(), plain.input(), "csv", 0, 0, 0, false,
                    plain.labels(), out, how), Backtest.Progress.NONE);
            assertFalse(Files.exists(out.resolve("events.csv")), how.name());
            assertTrue(Files.exists(out.resolve("report.html")), how.name());
        }
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(dir.resolve("GZ/events.csv.gz")))) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("plain/events.csv")), in.readAllBytes());
        }
        assertFalse(Files.exists(dir.resolve("NONE/events.csv.gz")));
        // Rerun into a plain run's folder, and a plain run into a compressed one's: no earlier rows stay behind.
        for (ReportWriter.Events how : List.of(ReportWriter.Events.NONE, ReportWriter.Events.GZ)) {
            BacktestJob.run(plain, Backtest.Progress.NONE);
            assertTrue(Files.exists(dir.resolve("plain/events.csv")));
            BacktestJob.run(new BacktestJob.Options(plain.specFile(), plain.input(), "csv", 0, 0, 0, false,
                    plain.labels(), dir.resolve("plain"), how), Backtest.Progress.NONE);
            assertFalse(Files.exists(dir.resolve("plain/events.csv")), how.name());
        }
        assertTrue(Files.exists(dir.resolve("plain/events.csv.gz")));
        BacktestJob.run(plain, Backtest.Progress.NONE);
        assertFalse(Files.exists(dir.resolve("plain/events.csv.gz")));
    }

    @Test
    void aHorizonWithNothingHeldOutIsNotCalledAHeldOutScore() throws Exception {
        Path data = writeFolder();
        BacktestJob.Options o = new BacktestJob.Options(spec(), data.resolve("sensors/smooth.csv"), "csv", 48, 0, 0,
                false, null, dir.resolve("h0"));
        BacktestJob.run(o, Backtest.Progress.NONE);
        String html = Files.readString(dir.resolve("h0/report.html"));
        assertFalse(html.contains("held-out"), "nothing was held out");
        assertTrue(html.contains("nothing is held out"));
    }

    @Test
    void aCategoryFolderOrOneFileAsInputStillMatchesItsLabels() throws Exception {
        Path data = writeFolder();
        for (Path input : List.of(data.resolve("sensors"), data.resolve("sensors/spiky.csv"))) {
            Path out = dir.resolve("one-" + input.getFileName());
            BacktestReport r = BacktestJob.run(options(input, out), Backtest.Progress.NONE);
            assertNotNull(r.nab(), input.toString());
            assertEquals(1, r.nab().profiles().get("standard").windowsDetected(), input.toString());
            assertTrue(Files.isRegularFile(out.resolve("nab/sensors/spiky.csv")), "category = the file's folder");
        }
    }

    @Test
    void sameInputGivesTheSameForecastsBitForBit() throws Exception {
        Path data = writeFolder();
        BacktestJob.run(options(data, dir.resolve("a")), Backtest.Progress.NONE);
        BacktestJob.run(options(data, dir.resolve("b")), Backtest.Progress.NONE);
        assertArrayEquals(Files.readAllBytes(dir.resolve("a/events.csv")), Files.readAllBytes(dir.resolve("b/events.csv")));
    }

    @Test
    void horizonModeForecastsTheHeldOutValuesAndScoresThemAgainstNaive2() throws Exception {
        Path data = writeFolder();
        BacktestJob.Options o = new BacktestJob.Options(spec(), data.resolve("sensors/smooth.csv"), "csv", 0, 48, 0,
                false, null, dir.resolve("h"));
        BacktestReport r = BacktestJob.run(o, Backtest.Progress.NONE);
        assertEquals("horizon", r.mode());
        assertEquals(48, r.horizon());
        assertTrue(r.owa().containsKey("naive2") && Math.abs(r.owa().get("naive2") - 1) < 1e-9);
        assertEquals(48, r.overall().get("streamcast").n());
        assertEquals(49, Files.readAllLines(dir.resolve("h/horizon.csv")).size());
        assertNull(r.nab());
    }

    private BacktestJob.Options options(Path data, Path out) throws Exception {
        Path labels = dir.resolve("windows.json");
        Files.writeString(labels, "{\"sensors/spiky.csv\": [[\"" + ts(SPIKE - 30) + ".000000\", \"" + ts(SPIKE + 30)
                + ".000000\"]]}");
        return new BacktestJob.Options(spec(), data, "csv", 0, 0, 0, false, labels, out);
    }

    private Path spec() throws Exception {
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(spec, """
                name: spiky-test
                model: {cell: gru, hiddenSize: 8, timeFeatures: none, window: 64}
                backtest: {seasonalPeriod: 96}
                """);
        return spec;
    }

    /** Two 15-minute sine series; one has a spike, a NaN and a row out of order. */
    private Path writeFolder() throws Exception {
        Path folder = dir.resolve("data/sensors");
        Files.createDirectories(folder);
        List<String> spiky = new ArrayList<>(List.of("timestamp,value"));
        List<String> smooth = new ArrayList<>(List.of("timestamp,value"));
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
        for (int i = 0; i < ROWS; i++) {
            double v = 50 + 10 * Math.sin(2 * Math.PI * i / 96) + rnd.nextGaussian() * 0.3;
            spiky.add(ts(i) + "," + String.format(Locale.ROOT, "%.3f", i == SPIKE ? v + 40 : v));
            smooth.add(ts(i) + "," + String.format(Locale.ROOT, "%.3f", v));
            if (i == 1000) {
                spiky.add(ts(i) + ",NaN");
                spiky.add(ts(i - 5) + ",50");
            }
        }
        smooth.add(ts(ROWS) + ",50");
        Files.write(folder.resolve("spiky.csv"), spiky);
        Files.write(folder.resolve("smooth.csv"), smooth);
        return dir.resolve("data");
    }

    private static String ts(int i) {
        return T0.plusMinutes(15L * i).format(TS);
    }
}
