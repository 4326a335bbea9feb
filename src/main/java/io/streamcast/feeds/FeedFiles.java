package io.streamcast.feeds;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a feed as long-format CSV ({@code key,ts,value}, ISO-8601 UTC) and its labels in the Numenta
 * Anomaly Benchmark's windows format, keyed by series key, plus the kinds alongside.
 */
public final class FeedFiles {
    private FeedFiles() {
    }

    public static void write(LabelledFeed feed, Path csv, Path labels) throws IOException {
        Files.createDirectories(csv.toAbsolutePath().getParent());
        try (BufferedWriter w = Files.newBufferedWriter(csv)) {
            w.write("key,ts,value\n");
            for (LabelledFeed.Event e : feed.events()) {
                w.write(e.key() + "," + Instant.ofEpochMilli(e.ts()) + "," + e.value() + "\n");
            }
        }
        Map<String, List<List<String>>> windows = new LinkedHashMap<>();
        Map<String, List<String>> kinds = new LinkedHashMap<>();
        Map<String, long[]> times = timesByKey(feed);
        for (LabelledFeed.Anomaly a : feed.anomalies()) {
            long[] t = times.getOrDefault(a.key(), new long[0]);
            // At the times of the rows they start and end on (the clock's jitter included): NAB's scorer, which
            // `backtest --labels` runs, maps a window onto the rows whose times equal its ends.
            windows.computeIfAbsent(a.key(), k -> new ArrayList<>()).add(List.of(rowTime(t, a.key(), a.start()),
                    rowTime(t, a.key(), a.end())));
            kinds.computeIfAbsent(a.key(), k -> new ArrayList<>()).add(a.kind());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("windows", windows);
        out.put("kinds", kinds);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(labels.toFile(), out);
    }

    /** The time of the key's first event at or after {@code t} ({@code times}: the key's, ascending), as text. */
    private static String rowTime(long[] times, String key, long t) {
        int i = java.util.Arrays.binarySearch(times, t);
        int at = i >= 0 ? i : -i - 1;
        if (at == times.length) {
            throw new IllegalStateException(key + ": an anomaly at " + Instant.ofEpochMilli(t) + " after its last event");
        }
        return Instant.ofEpochMilli(times[at]).toString();
    }

    private static Map<String, long[]> timesByKey(LabelledFeed feed) {
        Map<String, List<Long>> lists = new LinkedHashMap<>();
        for (LabelledFeed.Event e : feed.events()) {
            lists.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e.ts());
        }
        Map<String, long[]> out = new LinkedHashMap<>();
        lists.forEach((k, v) -> out.put(k, v.stream().mapToLong(Long::longValue).sorted().toArray()));
        return out;
    }
}
