package io.streamcast.model;

/** Calendar inputs (UTC), each a sin/cos pair: the day's phase, and optionally the week's. */
public enum TimeFeatures {
    NONE(0),
    /** Hour of day. */
    DAY(2),
    /** Hour of day and day of week; needs weeks of history to be learned, or it extrapolates. */
    WEEK(4);

    private final int width;

    TimeFeatures(int width) {
        this.width = width;
    }

    public int width() {
        return width;
    }

    public static TimeFeatures parse(String name) {
        return Labels.parse(TimeFeatures.class, name, "timeFeatures");
    }
}
