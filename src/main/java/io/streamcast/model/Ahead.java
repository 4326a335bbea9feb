package io.streamcast.model;

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

    public int steps() {
        return mean.length;
    }

    /** The time step h (from 0) is for. */
    public long ts(int h) {
        return from + (h + 1) * stepMs;
    }
}
