package io.streamcast.anomaly;

import io.streamcast.model.Labels;

import org.apache.commons.numbers.gamma.Erfc;

/**
 * The anomaly verdict for one event.
 *
 * @param score      the surprise: −log10 of the two-sided tail probability of the value under its forecast
 *                   (about 0.4 on average, 2 for a 3σ miss, 6 for 5σ); NaN when there was no forecast
 * @param likelihood how unusual the recent scores are against this series' own history, in [0, 1]
 * @param alert      what changed: an incident opened or closed, or nothing
 * @param severity   the open incident's severity (null when none is open)
 * @param cause      what opened the incident: a surprising value, or a flatline (null when none is open)
 * @param excess     how far the short average of deviations lies above its long-run mean, in units of
 *                   √2·std: the likelihood is Φ of it (0 during warm-up, −∞ when there was nothing to score);
 *                   where the key's empirical tail binds ({@code anomaly.tailHalfLife}), the value whose Gaussian tail
 *                   is that tail's rate, so {@link #tail()} stays 1 − likelihood
 */
public record AnomalyResult(double score, double likelihood, Alert alert, Severity severity, Cause cause,
                            double excess) {
    /** What an event did to the key's incident; an alert record's kind is the label ({@code "open"}, {@code "resolved"}). */
    public enum Alert {
        NONE, OPENED, CLOSED,
        /** An incident would have opened during a calendar event: recorded, not alerted. */
        SUPPRESSED;

        /** How an alert record names it ("" for none). */
        public String label() {
            return switch (this) {
                case NONE -> "";
                case OPENED -> "open";
                case CLOSED -> "resolved";
                case SUPPRESSED -> "suppressed";
            };
        }

        /** The kind an alert record names. */
        public static Alert ofLabel(String label) {
            Alert a = Labels.parse(Alert.class, label, Alert::label, "alert kind");
            if (a == NONE) {
                throw new IllegalArgumentException("alert kind must be one of open, resolved, suppressed, got ''");
            }
            return a;
        }
    }

    public enum Severity { WARNING, CRITICAL }

    public enum Cause { SURPRISE, FLATLINE }

    /** The result during a calendar event: an incident that opens is recorded as suppressed, not alerted. */
    public AnomalyResult duringCalendarEvent() {
        return alert != Alert.OPENED ? this : new AnomalyResult(score, likelihood, Alert.SUPPRESSED, severity, cause,
                excess);
    }

    /** The same event resolving the key's incident (its calendar event has ended). */
    public AnomalyResult resolving() {
        return new AnomalyResult(score, likelihood, Alert.CLOSED, null, null, excess);
    }

    static final AnomalyResult NOTHING = new AnomalyResult(Double.NaN, 0, Alert.NONE, null, null,
            Double.NEGATIVE_INFINITY);

    /**
     * 1 − likelihood, computed without cancellation: it tells 1 − 1e-20 from 1 − 1e-40, which the likelihood
     * itself (a double) cannot. Computed on demand: the live path needs only the likelihood.
     */
    public double tail() {
        return excess == Double.NEGATIVE_INFINITY ? 1 : 0.5 * Erfc.value(excess);
    }
}
