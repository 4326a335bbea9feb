package io.streamcast.data;

import io.streamcast.model.Ahead;

/**
 * One series to replay, rows in input order.
 *
 * @param key      the series key: the file's path under the input folder without ".csv", or the key column
 * @param category the folder the file sits in (NAB's category), "" for a single file
 * @param tsText   each row's timestamp as written in the file (for per-row outputs), or null
 * @param holdout  how many of the last rows are hidden from the forecaster and scored as a horizon forecast
 * @param recordTimes each row's Kafka record timestamp, for rows read from a topic; null for files
 */
public record SeriesInput(String key, String category, String[] tsText, long[] ts, double[] values, int holdout,
                          long[] recordTimes) {
    /** Rows of a file: no record times. */
    public SeriesInput(String key, String category, String[] tsText, long[] ts, double[] values, int holdout) {
        this(key, category, tsText, ts, values, holdout, null);
    }

    public SeriesInput {
        if (ts.length != values.length) {
            throw new IllegalArgumentException(key + ": " + ts.length + " timestamps but " + values.length + " values");
        }
        if (holdout < 0 || holdout >= values.length) {
            throw new IllegalArgumentException(key + ": cannot hold out " + holdout + " of " + values.length
                    + " values (the series needs at least one more)");
        }
    }

    /**
     * The series as it stood {@code rows} rows earlier, with {@code holdout} of what is left held out: an earlier
     * forecast origin for a rolling-origin evaluation.
     */
    public SeriesInput endingEarlier(int rows, int holdout) {
        int n = values.length - rows;
        if (n <= holdout) {
            throw new IllegalArgumentException(key + ": " + values.length + " values are too few for an origin "
                    + rows + " rows earlier with " + holdout + " held out");
        }
        return new SeriesInput(key, category, tsText == null ? null : java.util.Arrays.copyOf(tsText, n),
                java.util.Arrays.copyOf(ts, n), java.util.Arrays.copyOf(values, n), holdout,
                recordTimes == null ? null : java.util.Arrays.copyOf(recordTimes, n));
    }

    /** The row's Kafka record timestamp, or -1 when it has none (a file). */
    public long recordTime(int row) {
        return recordTimes == null ? -1 : recordTimes[row];
    }

    public int size() {
        return values.length;
    }

    /** Rows the forecaster sees. */
    public int visible() {
        return values.length - holdout;
    }

    /** The usual spacing of the series: the median gap between rows (one hour when there is only one row). */
    public long medianStepMs() {
        if (ts.length < 2) {
            return 3_600_000L;
        }
        long[] gaps = new long[ts.length - 1];
        for (int i = 1; i < ts.length; i++) {
            gaps[i - 1] = ts[i] - ts[i - 1];
        }
        return Ahead.medianStep(gaps, gaps.length);
    }
}
