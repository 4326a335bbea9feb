package io.streamcast.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.eval.RelativeAccuracy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayBenchmarkTest {
    @TempDir
    Path dir;

    @Test
    void timesTheReadmeBacktestsOnOneThreadAndOnEveryCoreOverSmallDatasets() throws Exception {
        Path nab = Files.createDirectories(dir.resolve("nab/data/realKnownCause"));
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        for (int s = 0; s < 3; s++) {
            StringBuilder csv = new StringBuilder("timestamp,value\n");
            LocalDateTime t = LocalDateTime.of(2014, 1, 1, 0, 0);
            for (int i = 0; i < 400; i++) {
                csv.append(f.format(t.plusMinutes(5L * i))).append(',').append(50 + 10 * Math.sin(i / (3.0 + s)))
                        .append('\n');
            }
            Files.writeString(nab.resolve("series" + s + ".csv"), csv);
        }
        Files.createDirectories(dir.resolve("m4-hourly"));
        StringBuilder m4 = new StringBuilder("\"V1\"");
        for (int i = 0; i < 600; i++) {
            m4.append(",\"V").append(i + 2).append('"');
        }
        for (int s = 0; s < 4; s++) {
            m4.append("\n\"H").append(s + 1).append('"');
            for (int i = 0; i < 600; i++) {
                m4.append(',').append(100 + s + 20 * Math.sin(2 * Math.PI * i / 24) + 0.01 * i);
            }
        }
        Files.writeString(dir.resolve("m4-hourly/Hourly-train.csv"), m4.append('\n'));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        List<ReplayBenchmark.Result> results = new ReplayBenchmark(new PrintStream(printed, true,
                StandardCharsets.UTF_8)).run(ReplayBenchmark.readmeDatasets(dir), 2);

        assertEquals(List.of("NAB", "M4 Hourly"), results.stream().map(ReplayBenchmark.Result::dataset).toList());
        assertEquals(3 * 400, results.get(0).events());
        assertEquals(4 * (600 - 48), results.get(1).events(), "M4's last 48 values are held out, as in README");
        for (ReplayBenchmark.Result r : results) {
            assertEquals(2, r.oneThread().length);
            assertEquals(2, r.allThreads().length);
            assertTrue(r.medianOne() > 0 && Double.isFinite(r.medianOne()), r.toString());
            assertTrue(r.medianAll() > 0 && Double.isFinite(r.medianAll()), r.toString());
        }
        String out = printed.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("M4 Hourly round 2: 1 thread"), out);
        assertTrue(out.contains("direct head fitted"), out);
    }

    @Test
    void mediansOfOddAndEvenCounts() {
        assertEquals(2.0, RelativeAccuracy.median(new double[] {3, 1, 2}));
        assertEquals(2.5, RelativeAccuracy.median(new double[] {4, 1, 3, 2}));
    }

    @Test
    void aFolderWithoutTheDatasetsSaysWhatItNeeds() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReplayBenchmark.readmeDatasets(dir));
        assertTrue(e.getMessage().contains("--datasets"), e.getMessage());
    }
}
