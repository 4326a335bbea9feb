package io.streamcast.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * A key's next forecasts past its last event, one per step of {@code stepMs}: step h (from 0) is for time
 * {@code from + (h + 1)·stepMs}, with its central interval. What a forecast record carries under
 * {@code forecast.horizon}; the arrays are the caller's and not copied.
 *
 * @param from   the time of the key's last event
 * @param stepMs the spacing the steps assume: the median gap between the events in the key's window
 */
public record Ahead(long from, long stepMs, double[] mean, double[] lower, double[] upper) {
    public Ahead {
        if (stepMs < 1 || mean.length != lower.length || mean.length != upper.length) {
            throw new IllegalArgumentException("an ahead forecast needs stepMs >= 1 and equal lengths, got stepMs "
                    + stepMs + " and " + mean.length + "/" + lower.length + "/" + upper.length + " values");
        }
    }

    /**
     * The step forecasts ahead assume: the median of the first {@code n} gaps between events (sorted in place), at
     * least 1 ms. Live records take it over a key's window, a backtest over its whole series.
     */
    public static long medianStep(long[] gaps, int n) {
        Arrays.sort(gaps, 0, n);
        return Math.max(1, gaps[n / 2]);
    }

    public int steps() {
        return mean.length;
    }

    /** The time step h (from 0) is for. */
    public long ts(int h) {
        return from + (h + 1) * stepMs;
    }

    /** Equal steps, bit for bit (a record's own equals would compare the arrays by identity). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Ahead a && a.from == from && a.stepMs == stepMs && Arrays.equals(a.mean, mean)
                && Arrays.equals(a.lower, lower) && Arrays.equals(a.upper, upper);
    }

    @Override
    public int hashCode() {
        return Objects.hash(from, stepMs, Arrays.hashCode(mean), Arrays.hashCode(lower), Arrays.hashCode(upper));
    }

    @Override
    public String toString() {
        return "Ahead{from=" + from + ", stepMs=" + stepMs + ", mean=" + Arrays.toString(mean) + "}";
    }
}
