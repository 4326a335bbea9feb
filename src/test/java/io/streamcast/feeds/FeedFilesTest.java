package io.streamcast.feeds;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamcast.data.SeriesCsv;
import io.streamcast.eval.nab.NabLabels;
import io.streamcast.eval.nab.NabWindow;
import io.streamcast.training.OfflineTrainer.SeriesData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedFilesTest {
    /** What `generate` writes is what `backtest --labels` scores: each window lands on the rows of its anomaly. */
    @Test
    void theLabelsOfAGeneratedFeedMapOntoTheRowsOfItsCsv(@TempDir Path dir) throws Exception {
        LabelledFeed feed = SensorFeedGenerator.generate(3, 5, 3, 7);
        Path csv = dir.resolve("feed.csv");
        Path json = dir.resolve("feed-labels.json");
        FeedFiles.write(feed, csv, json);
        NabLabels labels = NabLabels.read(json);
        int windows = 0;
        for (SeriesData s : SeriesCsv.series(SeriesCsv.read(csv))) {
            List<NabWindow> rows = labels.rows(s.key(), s.ts());
            List<LabelledFeed.Anomaly> mine = feed.anomalies().stream().filter(a -> a.key().equals(s.key())).toList();
            assertEquals(mine.size(), rows.size(), s.key());
            windows += rows.size();
            for (int i = 0; i < rows.size(); i++) {
                // The window's rows are the anomaly's: the first at or after its start, the first at or after its end.
                long start = mine.get(i).start();
                long end = mine.get(i).end();
                assertEquals(firstAtOrAfter(s.ts(), start), rows.get(i).first(), s.key());
                assertEquals(firstAtOrAfter(s.ts(), end), rows.get(i).last(), s.key());
            }
        }
        assertEquals(feed.anomalies().size(), windows);
        assertEquals(3, labels.windows().size());
    }

    /** sample-streams/ is what its README's generate command writes, byte for byte. */
    @Test
    void theSampleStreamsAreWhatTheGeneratorWrites(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("sensors.csv");
        Path json = dir.resolve("sensors-labels.json");
        FeedFiles.write(SensorFeedGenerator.generate(6, 5, 3, 42), csv, json);
        assertEquals(-1L, java.nio.file.Files.mismatch(csv, Path.of("sample-streams/sensors.csv")));
        assertEquals(-1L, java.nio.file.Files.mismatch(json, Path.of("sample-streams/sensors-labels.json")));
    }

    private static int firstAtOrAfter(long[] ts, long t) {
        int i = 0;
        while (ts[i] < t) {
            i++;
        }
        return i;
    }
}
