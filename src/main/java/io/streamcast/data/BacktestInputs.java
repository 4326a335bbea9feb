package io.streamcast.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a backtest's series: CSV files (one series per file, or long format) or an M4 wide file. */
public final class BacktestInputs {
    private BacktestInputs() {
    }

    /**
     * Every CSV under {@code input} (or the one file), each row kept in file order, rows of a long-format file
     * grouped by key. A one-series file's key is its path under the folder without ".csv"
     * (e.g. {@code realKnownCause/nyc_taxi}), so files of the same name in two folders stay apart.
     */
    public static List<SeriesInput> csv(Path input, int holdout) throws IOException {
        List<SeriesInput> out = new ArrayList<>();
        Path base = Files.isDirectory(input) ? input.toAbsolutePath() : input.toAbsolutePath().getParent();
        for (Path f : SeriesCsv.files(input)) {
            String rel = base.relativize(f.toAbsolutePath()).toString().replace('\\', '/');
            String key = rel.replaceFirst("\\.csv$", "");
            // NAB's category is the file's folder, also when --input names that folder or the file itself.
            Path parent = f.toAbsolutePath().getParent();
            String category = parent != null && parent.getFileName() != null ? parent.getFileName().toString() : "";
            Map<String, List<SeriesCsv.Row>> byKey = new LinkedHashMap<>();
            for (SeriesCsv.Row r : SeriesCsv.read(f, key)) {
                byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
            }
            byKey.forEach((k, rows) -> out.add(series(k, category, rows, holdout)));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(input + ": no series found (expected CSV files with a header "
                    + "'timestamp,value' or 'key,ts,value')");
        }
        return out;
    }

    private static SeriesInput series(String key, String category, List<SeriesCsv.Row> rows, int holdout) {
        int n = rows.size();
        String[] text = new String[n];
        long[] ts = new long[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            SeriesCsv.Row r = rows.get(i);
            text[i] = r.tsText();
            ts[i] = r.ts();
            v[i] = r.value();
        }
        return new SeriesInput(key, category, text, ts, v, holdout);
    }

    /**
     * Series with no timestamps (M4): row i is taken as hour i after the epoch, so hour of day is the
     * position mod 24, as the M4 data's own documentation says (up to an unknown offset per series).
     */
    public static SeriesInput positional(String key, double[] values, long stepMs, int holdout) {
        long[] ts = new long[values.length];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = i * stepMs;
        }
        return new SeriesInput(key, "", null, ts, values, holdout);
    }
}
