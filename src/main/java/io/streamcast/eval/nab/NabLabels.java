package io.streamcast.eval.nab;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NAB's label windows ({@code labels/combined_windows.json}): for each {@code <category>/<file>.csv}, a
 * list of {@code [start, end]} local timestamps such as {@code "2014-04-10 07:15:00.000000"}. The labels that
 * {@code generate} writes read too: series keys for file names, instants for times, the windows beside their kinds.
 */
public final class NabLabels {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final String source;
    private final Map<String, List<LabelWindow>> windows;

    private NabLabels(String source, Map<String, List<LabelWindow>> windows) {
        this.source = source;
        this.windows = Collections.unmodifiableMap(windows);
    }

    public static NabLabels read(Path windowsJson) throws IOException {
        if (!Files.isRegularFile(windowsJson)) {
            throw new IllegalArgumentException(windowsJson + ": no such labels file");
        }
        return parse(Files.readString(windowsJson), windowsJson.toString());
    }

    /** Parses the text of a windows file; {@code source} names it in error messages. */
    public static NabLabels parse(String json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw notWindows(source, "the top level must be an object "
                    + "{\"<category>/<file>.csv\": [[start, end], ...]}");
        }
        if (root.path("windows").isObject()) {
            root = root.get("windows"); // a labels file of `generate`: the windows beside their kinds
        }
        Map<String, List<LabelWindow>> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> file : root.properties()) {
            String key = file.getKey();
            if (!file.getValue().isArray()) {
                throw notWindows(source, key + ": expected a list of [start, end] windows");
            }
            List<LabelWindow> list = new ArrayList<>();
            for (JsonNode w : file.getValue()) {
                if (!w.isArray() || w.size() != 2 || !w.get(0).isTextual() || !w.get(1).isTextual()) {
                    throw notWindows(source, key + ": a window must be [\"start\", \"end\"], got " + w);
                }
                LocalDateTime start = time(source, key, w.get(0).asText());
                LocalDateTime end = time(source, key, w.get(1).asText());
                if (end.isBefore(start)) {
                    throw notWindows(source, key + ": window " + w + " ends before it starts");
                }
                list.add(new LabelWindow(start, end));
            }
            out.put(key, List.copyOf(list));
        }
        return new NabLabels(source, out);
    }

    /** Every file's windows, in the order of the labels file. */
    public Map<String, List<LabelWindow>> windows() {
        return windows;
    }

    public List<LabelWindow> windows(String fileKey) {
        List<LabelWindow> w = windows.get(fileKey);
        if (w == null) {
            throw new IllegalArgumentException(source + " has no entry for '" + fileKey
                    + "' (keys are <category>/<file>.csv)");
        }
        return w;
    }

    /** The file's windows as row ranges; see {@link #rows(String, List, long[])}. */
    public List<NabWindow> rows(String fileKey, long[] timestamps) {
        return rows(fileKey, windows(fileKey), timestamps);
    }

    /** A file ready to score: its rows' times and scores with its windows mapped onto the rows. */
    public NabFile file(String fileKey, long[] timestamps, double[] anomalyScores) {
        return new NabFile(fileKey, timestamps, anomalyScores, rows(fileKey, timestamps));
    }

    /**
     * Maps windows onto rows as NAB's sweeper does: each end is the first row whose time equals it (a time
     * can repeat, as at a daylight-saving change). Windows must come in time order and not overlap.
     *
     * @param timestamps each row's time in epoch millis (local time taken as UTC), in file order
     */
    public static List<NabWindow> rows(String fileKey, List<LabelWindow> windows, long[] timestamps) {
        Map<Long, Integer> firstRow = new HashMap<>();
        for (int i = timestamps.length - 1; i >= 0; i--) {
            firstRow.put(timestamps[i], i);
        }
        List<NabWindow> out = new ArrayList<>();
        int previousLast = -1;
        for (LabelWindow w : windows) {
            int first = row(fileKey, firstRow, w.startMillis(), "start", w);
            int last = row(fileKey, firstRow, w.endMillis(), "end", w);
            if (last < first) {
                throw new IllegalArgumentException(fileKey + ": window " + text(w) + " ends at row " + last
                        + ", before its start at row " + first + " (the clock steps back in between)");
            }
            if (first <= previousLast) {
                throw new IllegalArgumentException(fileKey + ": window " + text(w) + " starts at row " + first
                        + ", not after the previous window's last row " + previousLast);
            }
            out.add(new NabWindow(first, last));
            previousLast = last;
        }
        return List.copyOf(out);
    }

    private static int row(String fileKey, Map<Long, Integer> firstRow, long t, String end, LabelWindow w) {
        Integer i = firstRow.get(t);
        if (i == null) {
            throw new IllegalArgumentException(fileKey + ": window " + text(w) + ": its " + end + " "
                    + (end.equals("start") ? w.start() : w.end()).toString().replace('T', ' ')
                    + " is not the time of any row in the data (" + firstRow.size() + " distinct row times)");
        }
        return i;
    }

    private static String text(LabelWindow w) {
        return "[" + w.start().toString().replace('T', ' ') + ", " + w.end().toString().replace('T', ' ') + "]";
    }

    /** A local time as NAB writes it, or an instant with its offset (taken in UTC, as the rows' times are). */
    private static LocalDateTime time(String source, String key, String text) {
        String t = text.trim().replace(' ', 'T');
        try {
            return LocalDateTime.parse(t);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(t).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
            } catch (DateTimeParseException again) {
                throw notWindows(source, key + ": '" + text + "' is not a time like 2014-04-10 07:15:00.000000 or "
                        + "2025-01-04T11:20:00.698Z");
            }
        }
    }

    private static IllegalArgumentException notWindows(String source, String detail) {
        return new IllegalArgumentException(source + ": not a NAB windows file: " + detail);
    }
}
