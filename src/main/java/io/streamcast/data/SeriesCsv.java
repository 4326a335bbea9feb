package io.streamcast.data;

import io.streamcast.training.OfflineTrainer.SeriesData;
import io.streamcast.engine.ObservationParser;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads series from CSV: long format {@code key,ts,value} (many keys per file), or one series per file
 * {@code timestamp,value} as in the Numenta Anomaly Benchmark (the key is the file name). Timestamps are
 * epoch milliseconds or ISO-8601 (a local date-time is taken as UTC). A folder means every *.csv in it.
 */
public final class SeriesCsv {
    /** One row, in file order. */
    public record Row(String key, long ts, double value, String tsText) {
        public Row(String key, long ts, double value) {
            this(key, ts, value, null);
        }
    }

    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY).build();

    private SeriesCsv() {
    }

    public static List<Path> files(Path input) throws IOException {
        if (Files.isDirectory(input)) {
            try (Stream<Path> s = Files.walk(input)) {
                return s.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
            }
        }
        if (!Files.exists(input)) {
            throw new IllegalArgumentException(input + ": no such file or folder");
        }
        return List.of(input);
    }

    public static List<Row> read(Path file) throws IOException {
        return read(file, file.getFileName().toString().replaceFirst("\\.csv$", ""));
    }

    /** Rows of one file; a one-series file's rows take {@code defaultKey}. */
    public static List<Row> read(Path file, String defaultKey) throws IOException {
        List<Row> rows = new ArrayList<>();
        // A real CSV reader: quoted fields (a key with a comma in it), CRLF line ends, blank lines.
        try (BufferedReader r = Files.newBufferedReader(file);
             MappingIterator<String[]> it = CSV.readerFor(String[].class).readValues(r)) {
            if (!it.hasNext()) {
                return rows;
            }
            String[] cols = it.next();
            if (cols.length > 0 && cols[0].startsWith("\uFEFF")) {
                cols[0] = cols[0].substring(1); // a byte-order mark, as some spreadsheets write
            }
            boolean longFormat = cols.length == 3;
            if (cols.length != 2 && cols.length != 3) {
                String got = String.join(",", cols);
                throw new IllegalArgumentException(file + ": header must be 'key,ts,value' or 'timestamp,value', got '"
                        + (got.length() > 60 ? got.substring(0, 60) + "..." : got) + "'"
                        + (cols.length > 3 ? " (" + cols.length + " columns: an M4 file? backtest reads those with "
                        + "--format m4)" : ""));
            }
            int[] at = columns(file, cols);
            long lineNo = 1;
            while (it.hasNext()) {
                String[] f = it.next();
                lineNo++; // one row per line (a quoted field spanning lines would shift the count)
                if (f.length == 0 || f.length == 1 && f[0].isBlank()) {
                    continue;
                }
                if (f.length != cols.length) {
                    throw new IllegalArgumentException(file + ":" + lineNo + ": expected " + cols.length
                            + " fields, got " + f.length + " ('" + String.join(",", f) + "')");
                }
                String key = longFormat ? f[at[0]] : defaultKey;
                String ts = f[at[1]];
                long time;
                try {
                    time = time(ts);
                } catch (ObservationParser.Rejection | NumberFormatException e) {
                    throw new IllegalArgumentException(file + ":" + lineNo + ": column '" + cols[at[1]] + "': "
                            + (e instanceof NumberFormatException ? "'" + ts + "' has too many digits for epoch "
                            + "milliseconds" : e.getMessage()));
                }
                rows.add(new Row(key, time, number(file, lineNo, cols[at[2]], f[at[2]]), ts));
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeJsonMappingException e) {
            throw new IllegalArgumentException(file + ": not readable as CSV: " + e.getMessage().lines().findFirst().orElse(""));
        }
        return rows;
    }

    private static final java.util.Set<String> KEYS = java.util.Set.of("key", "series", "id", "sensor", "name");
    private static final java.util.Set<String> TIMES =
            java.util.Set.of("ts", "timestamp", "time", "date", "datetime", "epoch_ms");

    /**
     * Where the key (long format), time and value are: by the header's names where it names the time and the value
     * (in any order; the key is the third column), else by position. A first line that reads as data is refused: it
     * would be lost as a header.
     */
    static int[] columns(Path file, String[] cols) {
        int n = cols.length;
        int[] at = n == 3 ? new int[] {0, 1, 2} : new int[] {-1, 0, 1};
        int value = -1;
        int time = -1;
        for (int i = 0; i < n; i++) {
            String c = cols[i].trim().toLowerCase(java.util.Locale.ROOT);
            if (c.equals("value")) {
                value = i;
            } else if (TIMES.contains(c)) {
                time = i;
            }
        }
        if (value >= 0 && time >= 0) {
            int key = n == 2 ? -1 : 3 - value - time;
            // The third column is the key when it comes first or is named as one; a label column is not a key.
            if (key > 0 && !KEYS.contains(cols[key].trim().toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException(file + ": column '" + cols[key] + "' is neither a series key nor "
                        + "the time or value: a file of one series has two columns (timestamp,value), a file of many "
                        + "has key,ts,value (the key first, or named key, series, id, sensor or name)");
            }
            return new int[] {key, time, value};
        }
        boolean data;
        try {
            time(cols[at[1]]);
            Double.parseDouble(cols[at[2]].trim());
            data = true;
        } catch (ObservationParser.Rejection | RuntimeException e) {
            data = false;
        }
        if (data) {
            throw new IllegalArgumentException(file + ": the first line is data, not a header: add the line '"
                    + (n == 3 ? "key,ts,value" : "timestamp,value") + "' at the top");
        }
        return at;
    }

    private static double number(Path file, long lineNo, String column, String text) {
        String t = text.trim();
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ":" + lineNo + ": column '" + column + "' must be a number, got "
                    + (t.isEmpty() ? "an empty field" : "'" + t + "'"));
        }
    }

    static long time(String s) throws ObservationParser.Rejection {
        String t = s.trim();
        if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
            return Long.parseLong(t);
        }
        return ObservationParser.parseTime(t);
    }

    /** Rows grouped by key in first-seen order, each in file order, dropping rows not after the key's last. */
    public static List<SeriesData> series(List<Row> rows) {
        Map<String, List<Row>> byKey = new LinkedHashMap<>();
        for (Row row : rows) {
            byKey.computeIfAbsent(row.key(), k -> new ArrayList<>()).add(row);
        }
        List<SeriesData> out = new ArrayList<>();
        byKey.forEach((key, list) -> {
            long[] ts = new long[list.size()];
            double[] v = new double[list.size()];
            int n = 0;
            for (Row row : list) {
                if (n == 0 || row.ts() > ts[n - 1]) {
                    ts[n] = row.ts();
                    v[n] = row.value();
                    n++;
                }
            }
            out.add(new SeriesData(key, java.util.Arrays.copyOf(ts, n), java.util.Arrays.copyOf(v, n)));
        });
        return out;
    }
}
