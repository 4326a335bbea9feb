package io.streamcast.data;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The M4 competition's wide CSV: a header row, then one row per series, the id first and the values in
 * time order, shorter series padded at the end with empty cells ({@code ""} or nothing). Cells may be
 * quoted; none may contain a comma. Also reads what {@link #write} writes (the submission form).
 */
public final class M4Csv {
    /** A series or a forecast: its id and values, oldest first. */
    public record Series(String id, double[] values) {
    }

    private M4Csv() {
    }

    public static List<Series> read(Path file) throws IOException {
        List<Series> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        try (BufferedReader r = Files.newBufferedReader(file)) {
            String header = r.readLine();
            if (header == null || header.isBlank()) {
                throw new IllegalArgumentException(file + ":1: no header row");
            }
            String[] names = cells(file, 1, header);
            int width = names.length;
            if (width <= 3 && java.util.Arrays.stream(names).anyMatch(n -> n.equalsIgnoreCase("value"))) {
                throw new IllegalArgumentException(file + ":1: header '" + header + "' is a CSV of rows "
                        + "(timestamp,value or key,ts,value), not the M4 wide format (id,V1,V2,...): leave out "
                        + "--format m4");
            }
            if (width < 2) {
                throw new IllegalArgumentException(file + ":1: header needs an id column and value columns, got '"
                        + header + "'");
            }
            String line;
            int lineNo = 1;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (!line.isEmpty()) {
                    Series s = row(file, lineNo, cells(file, lineNo, line), width);
                    if (!ids.add(s.id())) {
                        throw new IllegalArgumentException(file + ":" + lineNo + ": duplicate id " + s.id());
                    }
                    out.add(s);
                }
            }
        }
        return out;
    }

    private static Series row(Path file, int lineNo, String[] c, int width) {
        String where = file + ":" + lineNo + ": ";
        if (c.length != width) {
            throw new IllegalArgumentException(where + "expected " + width + " cells as in the header, got "
                    + c.length);
        }
        if (c[0].isEmpty()) {
            throw new IllegalArgumentException(where + "empty id");
        }
        int n = 1;
        while (n < width && !c[n].isEmpty()) {
            n++;
        }
        for (int k = n; k < width; k++) {
            if (!c[k].isEmpty()) {
                throw new IllegalArgumentException(where + "value in column " + (k + 1) + " after an empty cell"
                        + " in column " + (n + 1) + " (only padding may follow the last value)");
            }
        }
        if (n == 1) {
            throw new IllegalArgumentException(where + "series " + c[0] + " has no values");
        }
        double[] v = new double[n - 1];
        for (int k = 1; k < n; k++) {
            try {
                v[k - 1] = Double.parseDouble(c[k]);
            } catch (NumberFormatException e) {
                v[k - 1] = Double.NaN;
            }
            if (!Double.isFinite(v[k - 1])) {
                throw new IllegalArgumentException(where + "column " + (k + 1) + ": not a finite number: '" + c[k]
                        + "'");
            }
        }
        return new Series(c[0], v);
    }

    /** The cells of a line, unquoted. */
    private static String[] cells(Path file, int lineNo, String line) {
        String[] c = line.split(",", -1);
        for (int k = 0; k < c.length; k++) {
            String s = c[k].trim();
            if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
                s = s.substring(1, s.length() - 1);
            }
            if (s.indexOf('"') >= 0) {
                throw new IllegalArgumentException(file + ":" + lineNo + ": column " + (k + 1)
                        + ": stray quote in '" + c[k] + "'");
            }
            c[k] = s;
        }
        return c;
    }

    /** Writes {@code id,F1,...,FH} and one row per forecast; every forecast must have the same H >= 1. */
    public static void write(Path file, List<Series> forecasts) throws IOException {
        int h = forecasts.isEmpty() ? 0 : forecasts.get(0).values().length;
        for (Series s : forecasts) {
            if (s.values().length != h || h == 0) {
                throw new IllegalArgumentException(file + ": forecast " + s.id() + " has " + s.values().length
                        + " values, the first has " + h + " (need the same horizon >= 1 for all)");
            }
            if (s.id().isEmpty() || s.id().contains(",") || s.id().contains("\"")) {
                throw new IllegalArgumentException(file + ": id '" + s.id() + "' is empty or holds a comma or quote");
            }
            if (!Arrays.stream(s.values()).allMatch(Double::isFinite)) {
                throw new IllegalArgumentException(file + ": forecast " + s.id() + " holds a NaN or infinite value");
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            StringBuilder b = new StringBuilder("id");
            for (int k = 1; k <= h; k++) {
                b.append(",F").append(k);
            }
            w.write(b.append('\n').toString());
            for (Series s : forecasts) {
                b.setLength(0);
                b.append(s.id());
                for (double v : s.values()) {
                    // Plain decimal, never 1.0E7: shortest form that reads back to the same double.
                    b.append(',').append(BigDecimal.valueOf(v).toPlainString());
                }
                w.write(b.append('\n').toString());
            }
        }
    }
}
