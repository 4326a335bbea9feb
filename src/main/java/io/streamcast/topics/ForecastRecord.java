package io.streamcast.topics;

import io.streamcast.engine.EventOutcome;
import io.streamcast.engine.Swap;
import io.streamcast.model.Ahead;
import io.streamcast.model.Forecast;

/**
 * A record of the forecasts topic: the value that arrived, the forecast for the key's next event with its
 * interval, the model version that made it and the value's anomaly score. Numbers that do not exist yet (a
 * key's first forecasts) are NaN here and null in JSON. Schema: src/site/markdown/specs.md, "Topics".
 *
 * @param swap     how the key changed model version at this event (written only when it did)
 * @param calendar the calendar event the value fell in (written only then): training skips it
 * @param ahead    with {@code forecast.horizon}, the key's next forecasts (written only then), else null
 */
public record ForecastRecord(String key, long ts, double value, double forecast, double lower, double upper,
                             double scale, long modelVersion, double score, double likelihood, boolean warm,
                             Swap swap, String calendar, Ahead ahead) {
    public ForecastRecord {
        swap = swap == null ? Swap.NONE : swap;
    }

    /** A record without forecasts further ahead. */
    public ForecastRecord(String key, long ts, double value, double forecast, double lower, double upper, double scale,
                          long modelVersion, double score, double likelihood, boolean warm, Swap swap, String calendar) {
        this(key, ts, value, forecast, lower, upper, scale, modelVersion, score, likelihood, warm, swap, calendar, null);
    }

    /** A record outside any calendar event. */
    public ForecastRecord(String key, long ts, double value, double forecast, double lower, double upper, double scale,
                          long modelVersion, double score, double likelihood, boolean warm, Swap swap) {
        this(key, ts, value, forecast, lower, upper, scale, modelVersion, score, likelihood, warm, swap, null, null);
    }

    /** The record the forecast processor emits for a stepped event. */
    public static ForecastRecord of(String key, long ts, double value, EventOutcome.Stepped out) {
        return of(key, ts, value, out, null);
    }

    /** @param ahead the key's next forecasts (forecast.horizon), or null */
    public static ForecastRecord of(String key, long ts, double value, EventOutcome.Stepped out, Ahead ahead) {
        Forecast next = out.next();
        return new ForecastRecord(key, ts, value, next.mean(), next.lower(), next.upper(), next.scale(),
                out.version(), out.anomaly().score(), out.anomaly().likelihood(), next.warm(), out.swap(), out.calendar(),
                ahead);
    }
}
