package io.streamcast.eval.nab;

import java.util.List;

/**
 * One NAB data file as the scorer sees it: a detector's anomaly score for every row, in file order, and
 * the file's label windows as row ranges. NAB scores by row position, so rows with a repeated or
 * backward timestamp are ordinary rows here.
 *
 * @param key           {@code <category>/<file>.csv}, as in the labels file
 * @param timestamps    each row's time (epoch millis, local time taken as UTC), in file order
 * @param anomalyScores each row's score; NaN means "no score" and never counts as a detection
 * @param windows       the label windows in time order, disjoint, within the file's rows
 */
public record NabFile(String key, long[] timestamps, double[] anomalyScores, List<NabWindow> windows) {
    public NabFile {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("a NAB file needs a key");
        }
        if (timestamps.length != anomalyScores.length) {
            throw new IllegalArgumentException(key + ": " + timestamps.length + " rows but "
                    + anomalyScores.length + " anomaly scores (one per row, in file order)");
        }
        for (int i = 0; i < anomalyScores.length; i++) {
            // Infinite scores would collide with the "never fire" threshold, +∞.
            if (Double.isInfinite(anomalyScores[i])) {
                throw new IllegalArgumentException(key + ": row " + i + " has an infinite anomaly score");
            }
        }
        windows = List.copyOf(windows);
        int previousLast = -1;
        for (NabWindow w : windows) {
            if (w.first() <= previousLast || w.last() >= timestamps.length) {
                throw new IllegalArgumentException(key + ": windows must be in order, disjoint and within the "
                        + timestamps.length + " rows, got " + windows);
            }
            previousLast = w.last();
        }
    }

    public int rows() {
        return timestamps.length;
    }
}
