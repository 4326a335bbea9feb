package io.streamcast.topics;

import io.streamcast.anomaly.AnomalyResult;
import io.streamcast.engine.EventOutcome;
import io.streamcast.model.Forecast;
import java.util.Locale;

/**
 * A record of the alerts topic: an incident opened (with its severity and cause) or resolved, with the value
 * and the forecast interval it was judged against. Schema: src/site/markdown/specs.md, "Topics".
 *
 * @param kind     {@code OPENED}, {@code CLOSED} or {@code SUPPRESSED} (it would have opened during a calendar
 *                 event), written {@code "open"}, {@code "resolved"} and {@code "suppressed"}
 * @param calendar the calendar event that suppressed it, or null
 * @param severity null when the incident resolved
 * @param cause    null when the incident resolved
 */
public record AlertRecord(String key, long ts, AnomalyResult.Alert kind, double value, double expected, double lower,
                          double upper, double score, double likelihood, AnomalyResult.Severity severity,
                          AnomalyResult.Cause cause, String calendar) {

    public AlertRecord(String key, long ts, AnomalyResult.Alert kind, double value, double expected, double lower,
                       double upper, double score, double likelihood, AnomalyResult.Severity severity,
                       AnomalyResult.Cause cause) {
        this(key, ts, kind, value, expected, lower, upper, score, likelihood, severity, cause, null);
    }

    /** The alert a stepped event raises, or null when it neither opened nor resolved an incident. */
    public static AlertRecord of(String key, long ts, double value, EventOutcome.Stepped out) {
        AnomalyResult a = out.anomaly();
        if (a.alert() == AnomalyResult.Alert.NONE) {
            return null;
        }
        boolean opened = a.alert() != AnomalyResult.Alert.CLOSED;
        Forecast f = out.scored();
        return new AlertRecord(key, ts, a.alert(), value, f.mean(), f.lower(), f.upper(),
                a.score(), a.likelihood(), opened ? a.severity() : null, opened ? a.cause() : null, out.calendar());
    }

    /** How the topic spells a severity or cause: lower case, absent as null. */
    public static String label(Enum<?> e) {
        return e == null ? null : e.name().toLowerCase(Locale.ROOT);
    }
}
