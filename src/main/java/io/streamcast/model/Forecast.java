package io.streamcast.model;

/**
 * A forecast for one event with its central interval, mean ± quantile · scale: the one place the interval,
 * its coverage and whether the forecast counts are defined, for the processor, the backtests and the API.
 *
 * @param mean     the forecast in data units (NaN when none has been made yet)
 * @param scale    its predictive standard deviation
 * @param quantile the standard-normal quantile of the interval level (1.96 for 95%)
 * @param warm     the key's normaliser was past its warm-up, so the forecast is scored and alerted on
 */
public record Forecast(double mean, double scale, double quantile, boolean warm) {
    /** A forecast was made (a key's first event has none to be scored against). */
    public boolean exists() {
        return Double.isFinite(mean);
    }

    /** Made and warm: its error counts in accuracy, coverage and metrics. */
    public boolean counts() {
        return warm && exists();
    }

    public double halfWidth() {
        return quantile * scale;
    }

    public double lower() {
        return mean - quantile * scale;
    }

    public double upper() {
        return mean + quantile * scale;
    }

    /** The value fell inside the interval (ends included). */
    public boolean covers(double value) {
        return value >= lower() && value <= upper();
    }
}
