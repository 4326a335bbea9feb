package io.streamcast.report;

import io.streamcast.eval.BacktestReport;
import io.streamcast.data.M4Csv;
import io.streamcast.eval.SeriesRun;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes a backtest's files: report.json, every row's forecast (events.csv), the horizon forecasts. */
public final class ReportWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportWriter() {
    }

    public static Path json(Path out, BacktestReport report) throws IOException {
        Files.createDirectories(out);
        Path p = out.resolve("report.json");
        JSON.writeValue(p.toFile(), report);
        return p;
    }

    /** How the per-row file is written: events.csv, events.csv.gz, or not at all. */
    public enum Events {
        CSV("events.csv"), GZ("events.csv.gz"), NONE(null);

        private final String file;

        Events(String file) {
            this.file = file;
        }

        /** The file's name under --out, or null for none. */
        public String file() {
            return file;
        }

        /** "csv", "gz" or "none", as --events takes it. */
        public static Events of(String s) {
            try {
                return valueOf(s.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--events must be csv, gz or none, got '" + s + "'");
            }
        }
    }

    /**
     * One line per input row: what the pipeline would have emitted for it, or why it would have rejected it.
     * Returns the file written, or null with {@link Events#NONE}.
     */
    public static Path events(Path out, List<SeriesRun> runs, Events how) throws IOException {
        // An earlier run's rows left beside this run's report would read as this run's.
        for (Events other : Events.values()) {
            if (other != how && other.file != null) {
                Files.deleteIfExists(out.resolve(other.file));
            }
        }
        if (how == Events.NONE) {
            return null;
        }
        Path p = out.resolve(how.file);
        OutputStream file = Files.newOutputStream(p);
        try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(how == Events.GZ
                ? new GZIPOutputStream(file, 1 << 16) : file, StandardCharsets.UTF_8), 1 << 16)) {
            w.write("key,ts,value,forecast,lower,upper,score,likelihood,alert,version,next_forecast,rejected\n");
            StringBuilder b = new StringBuilder(256);
            for (SeriesRun r : runs) {
                for (int i = 0; i < r.rows(); i++) {
                    b.setLength(0);
                    b.append(csv(r.key())).append(',').append(r.input.ts()[i]).append(',').append(r.input.values()[i])
                            .append(',').append(num(r.forecast[i])).append(',').append(num(r.lower[i])).append(',')
                            .append(num(r.upper[i])).append(',').append(num(r.score[i])).append(',')
                            .append(r.likelihood[i]).append(',')
                            .append(r.alert[i].label())
                            .append(',').append(r.version[i]).append(',').append(num(r.next[i])).append(',')
                            .append(r.rejected[i] == null ? "" : csv(r.rejected[i].toString())).append('\n');
                    w.write(b.toString());
                }
            }
        }
        return p;
    }

    /** Horizon forecasts in long form: key, step (1..H), mean and interval. */
    public static Path horizon(Path out, List<SeriesRun> runs) throws IOException {
        Path p = out.resolve("horizon.csv");
        try (BufferedWriter w = Files.newBufferedWriter(p)) {
            w.write("key,step,forecast,lower,upper\n");
            for (SeriesRun r : runs) {
                for (int h = 0; h < r.horizonMean.length; h++) {
                    w.write(csv(r.key()) + "," + (h + 1) + "," + r.horizonMean[h] + "," + r.horizonLower[h] + ","
                            + r.horizonUpper[h] + "\n");
                }
            }
        }
        return p;
    }

    /** The horizon forecasts in M4 submission form: {@code id,F1,...,FH}. */
    public static Path m4(Path out, List<SeriesRun> runs) throws IOException {
        Path p = out.resolve("forecast.csv");
        M4Csv.write(p, runs.stream().map(r -> new M4Csv.Series(r.key(), r.horizonMean)).toList());
        return p;
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    private static String csv(String s) {
        return s.indexOf(',') < 0 && s.indexOf('"') < 0 ? s : '"' + s.replace("\"", "\"\"") + '"';
    }
}
