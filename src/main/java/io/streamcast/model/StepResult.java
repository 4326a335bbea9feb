package io.streamcast.model;

/**
 * What one event did to a series, in data units unless named otherwise.
 *
 * @param previous the forecast that had been made for this event (its mean NaN for a key's first event)
 * @param target   this event's value in the previous step's normalised frame: the training target of the
 *                 previous input row (NaN for the first event)
 * @param next     the forecast for the next event
 * @param judged   the network's own forecast for this event, which its anomaly score judges: the same as
 *                 {@code previous} unless the spec blends the network's forecast with the naive ones
 * @param seasonal the seasonal-naive forecast that had been made for this event (the value a season before it),
 *                 the anomaly score's second opinion; NaN without {@code forecast.season} or before a season
 */
public record StepResult(Forecast previous, double target, Forecast next, Forecast judged, double seasonal) {
    /** Whether the normaliser is past its warm-up, so this event's forecasts count. */
    public boolean warm() {
        return next.warm();
    }
}
