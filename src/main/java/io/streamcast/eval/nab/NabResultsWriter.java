package io.streamcast.eval.nab;

import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a detector's scores in NAB's results layout, {@code <out>/nab/<category>/<file>.csv} with header
 * {@code timestamp,value,anomaly_score}: one line per input row, in input order, with the timestamp text
 * exactly as the input file had it (NAB matches rows by position, and by that text).
 */
public final class NabResultsWriter {
    private NabResultsWriter() {
    }

    /**
     * @param out        the run's output folder; the file goes under {@code out/nab/}
     * @param fileKey    {@code <category>/<file>.csv}
     * @param timestamps each row's original timestamp text
     * @return the file written
     */
    public static Path write(Path out, String fileKey, List<String> timestamps, double[] values,
                             double[] anomalyScores) throws IOException {
        if (timestamps.size() != values.length || values.length != anomalyScores.length) {
            throw new IllegalArgumentException(fileKey + ": " + timestamps.size() + " timestamps, " + values.length
                    + " values and " + anomalyScores.length + " anomaly scores; need one of each per row");
        }
        Path root = out.resolve("nab").normalize();
        Path file = root.resolve(fileKey).normalize();
        if (!file.startsWith(root) || file.equals(root) || !fileKey.endsWith(".csv")) {
            throw new IllegalArgumentException("'" + fileKey + "' is not a file key like <category>/<file>.csv");
        }
        Files.createDirectories(file.getParent());
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("timestamp,value,anomaly_score\n");
            for (int i = 0; i < values.length; i++) {
                String t = timestamps.get(i);
                if (t.indexOf(',') >= 0 || t.indexOf('\n') >= 0 || t.indexOf('\r') >= 0) {
                    throw new IllegalArgumentException(fileKey + ": row " + i + ": timestamp '" + t
                            + "' would break the CSV");
                }
                w.write(t + "," + number(values[i]) + "," + number(anomalyScores[i]) + "\n");
            }
        }
        return file;
    }

    /** The shortest text that reads back as the same double, without exponent; NaN as "NaN". */
    static String number(double d) {
        if (!Double.isFinite(d)) {
            return Double.toString(d);
        }
        if (d == 0) {
            return "0"; // BigDecimal would drop the sign of -0.0 anyway
        }
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
