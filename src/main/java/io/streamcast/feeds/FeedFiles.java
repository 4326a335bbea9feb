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
        for (LabelledFeed.Anomaly a : feed.anomalies()) {
            windows.computeIfAbsent(a.key(), k -> new ArrayList<>())
                    .add(List.of(Instant.ofEpochMilli(a.start()).toString(), Instant.ofEpochMilli(a.end()).toString()));
            kinds.computeIfAbsent(a.key(), k -> new ArrayList<>()).add(a.kind());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("windows", windows);
        out.put("kinds", kinds);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(labels.toFile(), out);
    }
}
