package io.streamcast.cli;

import io.streamcast.feeds.FeedFiles;
import io.streamcast.feeds.LabelledFeed;
import io.streamcast.feeds.SensorFeedGenerator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Writes a labelled sample sensor feed (the files in sample-streams/ are made by this command). */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate a labelled sample sensor feed: CSV (key,ts,value) plus anomaly windows (JSON).")
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--keys", defaultValue = "6", description = "Sensors, 1 to 6 (default: ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--days", defaultValue = "5", description = "Days of 5-minute readings (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--anomalies-from-day", description = "First day with injected anomalies; earlier days are clean "
            + "history (default: 3, or the last day of a shorter feed).")
    Integer anomalyFromDay;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", defaultValue = "sample-streams/sensors.csv", description = "CSV to write (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--labels", description = "Labels JSON to write (default: next to the CSV, <name>-labels.json).")
    Path labels;

    @Override
    public Integer call() throws Exception {
        if (days < 1) {
            throw new IllegalArgumentException("--days must be at least 1, got " + days);
        }
        int from = anomalyFromDay != null ? anomalyFromDay : Math.min(3, days - 1);
        if (from < 0 || from >= days) {
            throw new IllegalArgumentException("--anomalies-from-day must be a day of the feed, 0 to " + (days - 1)
                    + ", got " + from);
        }
        LabelledFeed feed = SensorFeedGenerator.generate(keys, days, from, seed);
        Path lab = labels != null ? labels
                : out.resolveSibling(out.getFileName().toString().replaceFirst("\\.csv$", "") + "-labels.json");
        FeedFiles.write(feed, out, lab);
        System.out.printf("wrote %s (%d events, %d keys, %d days) and %s (%d anomalies)%n", out, feed.events().size(),
                keys, days, lab, feed.anomalies().size());
        return 0;
    }
}
