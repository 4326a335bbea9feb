package io.streamcast.baseline;

/**
 * Fitted additive Holt-Winters smoothing weights (each in [0, 1]) and the state after the last of the n
 * fitted values. season[t % season.length] is the seasonal term of position t (one term of 0 unless
 * SEASONAL). The array is shared, not copied: treat it as read-only.
 */
record HoltWintersFit(Kind kind, double alpha, double beta, double gamma, double level, double trend,
                             double[] season, int n) {
    /** Which model the data allowed: fewer than 2m + 1 values cannot initialise the seasonal terms. */
    public enum Kind {
        /** Level, trend and m seasonal terms; needs n > 2m. */
        SEASONAL,
        /** Holt's linear trend, no season; needs n >= 3. */
        HOLT,
        /** Fewer than 3 values: the last value. */
        LAST_VALUE
    }

    /** The forecasts of positions n, ..., n + h - 1. */
    public double[] forecast(int h) {
        double[] f = new double[h];
        for (int k = 1; k <= h; k++) {
            f[k - 1] = level + k * trend + season[(n - 1 + k) % season.length];
        }
        return f;
    }
}
