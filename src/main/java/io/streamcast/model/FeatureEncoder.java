package io.streamcast.model;

/**
 * Builds a step's input row: the normalised value (clipped), then optionally hour-of-day (and
 * day-of-week) as sin/cos pairs (UTC), then optionally log of the seconds since the previous event, so
 * irregular timestamps are a signal the network can use.
 */
public final class FeatureEncoder {
    /** Normalised values beyond this are clipped: one absurd value must not saturate every unit. */
    public static final double CLIP = 8.0;
    private static final double DAY_MS = 86_400_000.0;
    private static final double TWO_PI = 2 * Math.PI;

    private final TimeFeatures time;
    private final boolean delta;
    private final int size;

    public FeatureEncoder(TimeFeatures timeFeatures, boolean deltaFeature) {
        this.time = timeFeatures;
        this.delta = deltaFeature;
        this.size = 1 + time.width() + (delta ? 1 : 0);
    }

    public int size() {
        return size;
    }

    public static double clip(double z) {
        return z > CLIP ? CLIP : (z < -CLIP ? -CLIP : z);
    }

    /**
     * @param prevTs the key's previous event time, or Long.MIN_VALUE for its first event
     */
    public void encode(double z, long ts, long prevTs, double[] out) {
        out[0] = clip(z);
        int i = 1;
        if (time != TimeFeatures.NONE) {
            double dayFrac = Math.floorMod(ts, 86_400_000L) / DAY_MS;
            out[i++] = Math.sin(TWO_PI * dayFrac);
            out[i++] = Math.cos(TWO_PI * dayFrac);
            if (time == TimeFeatures.WEEK) {
                long day = Math.floorDiv(ts, 86_400_000L);
                double weekFrac = (Math.floorMod(day + 3, 7L) + dayFrac) / 7.0; // epoch day 0 was a Thursday
                out[i++] = Math.sin(TWO_PI * weekFrac);
                out[i++] = Math.cos(TWO_PI * weekFrac);
            }
        }
        if (delta) {
            double dtSeconds = prevTs == Long.MIN_VALUE ? 0 : Math.max(0, ts - prevTs) / 1000.0;
            out[i] = Math.log1p(dtSeconds) / 10.0;
        }
    }
}
