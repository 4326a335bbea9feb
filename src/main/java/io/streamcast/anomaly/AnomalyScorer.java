package io.streamcast.anomaly;

import io.streamcast.model.SeriesState;
import org.apache.commons.math3.special.Erf;

/**
 * Residual scoring after Numenta's anomaly likelihood. The raw score is the surprise of a value under its
 * own forecast distribution, −log10 of the two-sided tail probability (0.43 on average for a calibrated
 * forecast; 6.2 for a 5σ miss). The likelihood compares a short average of misses with the long-run
 * distribution of that average (a Gaussian tail), so a series whose forecasts are often off does not alert
 * all the time, while one wild value in a well-predicted series does. The miss is measured in forecast
 * scales or in the series' typical errors ({@link Deviation}).
 * An alert policy with hysteresis turns likelihoods into incidents: one alert opens an incident, which
 * closes only after a run of quiet events. A separate rule catches a sensor that gets stuck (the same
 * value many times in a row after it had been moving, longer than any plateau the series has had), which
 * no residual shows. All state lives in the series' score slots.
 */
public final class AnomalyScorer {
    // Slots of SeriesState.scoreStats().
    private static final int COUNT = 0;
    private static final int MEAN = 1;
    private static final int VAR = 2;
    private static final int SHORT = 3;
    private static final int OPEN = 4;
    private static final int QUIET = 5;
    private static final int LAST_LIKELIHOOD = 6;
    private static final int LAST_VALUE = 7;
    private static final int FLAT_RUN = 8;
    private static final int SEEN = 9;
    private static final int TYPICAL = 10;
    private static final int LONGEST_RUN = 11;
    private static final int OPEN_SURPRISE = 1;
    private static final int OPEN_FLATLINE = 2;
    private static final double MIN_STD = 0.05;
    private static final double MAX_SURPRISE = 50;
    private static final double MAX_DEVIATION = 20;
    private static final double SQRT2 = Math.sqrt(2);

    private final AnomalyConfig config;
    private final double longAlpha;
    private final double shortAlpha;

    public AnomalyScorer(AnomalyConfig config) {
        this.config = config;
        this.longAlpha = 1 - Math.pow(2, -1 / config.longHalfLife());
        this.shortAlpha = 1 - Math.pow(2, -1 / config.shortHalfLife());
    }

    public AnomalyConfig config() {
        return config;
    }

    /** The surprise of a value under N(mean, scale²): −log10 P(|Z| ≥ |value − mean| / scale), capped at 50. */
    public static double rawScore(double value, double mean, double scale) {
        if (!Double.isFinite(mean) || !(scale > 0)) {
            return Double.NaN;
        }
        double r = Math.abs(value - mean) / scale;
        double tail = Erf.erfc(r / SQRT2);
        return tail <= 1e-50 ? MAX_SURPRISE : -Math.log10(tail);
    }

    /** Whether the series is in an open incident. */
    public static boolean incidentOpen(double[] stats) {
        return stats[OPEN] != 0;
    }

    /** The likelihood computed at the last scored event. */
    public static double lastLikelihood(double[] stats) {
        return stats[LAST_LIKELIHOOD];
    }

    /** The value of the last event seen (NaN before the first). */
    public static double lastValue(double[] stats) {
        return stats[SEEN] > 0 ? stats[LAST_VALUE] : Double.NaN;
    }

    /**
     * Scores one event against the forecast made for it and advances the statistics in {@code stats}.
     *
     * @param warm whether the forecast counts (the normaliser is past its warm-up)
     */
    public AnomalyResult score(double[] stats, double value, double forecastMean, double forecastScale, boolean warm) {
        boolean moved = trackRun(stats, value);
        double raw = rawScore(value, forecastMean, forecastScale);
        if (Double.isNaN(raw) || !warm) {
            return AnomalyResult.NOTHING;
        }
        double n = stats[COUNT] + 1;
        stats[COUNT] = n;
        double a = Math.max(longAlpha, 1 / n);
        double deviation = Math.min(deviation(stats, Math.abs(value - forecastMean), forecastScale, n, a),
                MAX_DEVIATION);
        // Averaged on the scale of the miss rather than of the surprise, whose exponential tail a Gaussian fit
        // would call impossible far too often; and the fit is to the average's square root, since the average
        // of non-negative misses is skewed right and its root is much closer to normal.
        double shortAvg = n == 1 ? deviation : stats[SHORT] + shortAlpha * (deviation - stats[SHORT]);
        stats[SHORT] = shortAvg;
        double x = Math.sqrt(shortAvg);
        double mean = stats[MEAN];
        double std = Math.max(Math.sqrt(stats[VAR]), MIN_STD);
        // The current short average against the history of short averages *before* this event.
        double z = (x - mean) / (std * SQRT2);
        double likelihood = n <= config.warmup() ? 0.5 : 0.5 * Erf.erfc(-z);
        double excess = n <= config.warmup() ? 0 : z;
        double d = x - mean;
        stats[MEAN] = mean + a * d;
        stats[VAR] = (1 - a) * (stats[VAR] + a * d * d);
        stats[LAST_LIKELIHOOD] = likelihood;
        boolean stuck = flatlineDue(stats, n);
        AnomalyResult.Alert alert = transition(stats, likelihood >= config.triggerLikelihood()
                && raw >= config.minScore(), likelihood < config.recoveryLikelihood(), stuck, moved);
        return new AnomalyResult(raw, likelihood, alert, severity(stats, likelihood), cause(stats), excess);
    }

    /** Advances the run of repeated values by one event; whether the value differs from the one before. */
    private static boolean trackRun(double[] stats, double value) {
        boolean moved = !(stats[SEEN] > 0 && value == stats[LAST_VALUE]);
        if (moved) {
            stats[LONGEST_RUN] = Math.max(stats[LONGEST_RUN], stats[FLAT_RUN]);
        }
        stats[FLAT_RUN] = moved ? 0 : stats[FLAT_RUN] + 1;
        stats[LAST_VALUE] = value;
        stats[SEEN]++;
        return moved;
    }

    /**
     * The flatline rule's inputs to {@link #transition} for a whole series, recomputed from its values as
     * {@link #score} computes them event by event: lets a sweep replay the alert policy without the states.
     *
     * @param seen   whether each row reached the scorer (false for a rejected row)
     * @param scored whether each row was scored (it had a warm forecast)
     * @param moved  out: the row's value differs from the one before
     * @param stuck  out: the flatline rule was due at the row
     */
    public void runSignals(double[] values, boolean[] seen, boolean[] scored, boolean[] moved, boolean[] stuck) {
        double[] stats = new double[SeriesState.SCORE_STATS];
        for (int i = 0; i < values.length; i++) {
            if (!seen[i]) {
                continue;
            }
            moved[i] = trackRun(stats, values[i]);
            if (scored[i]) {
                stats[COUNT]++;
                stuck[i] = flatlineDue(stats, stats[COUNT]);
            }
        }
    }

    /**
     * The miss in forecast scales, or in typical misses. The typical miss (a running mean with weight a) is kept
     * in both modes, so a spec can switch to it on a running pipeline.
     */
    private double deviation(double[] stats, double error, double forecastScale, double n, double a) {
        double typical = stats[TYPICAL];
        stats[TYPICAL] = n == 1 ? error : typical + a * (error - typical);
        if (config.deviation() == Deviation.FORECAST) {
            return error / forecastScale;
        }
        if (n == 1) {
            return 1; // nothing to compare with yet: call it typical
        }
        if (error == 0) {
            return 0;
        }
        return typical > 0 ? error / typical : MAX_DEVIATION;
    }

    /**
     * A stuck sensor: the value has repeated {@code flatlineEvents} times, or once more than the longest run the
     * series has had (so a square wave's plateaus do not count), after it had been moving.
     */
    private boolean flatlineDue(double[] stats, double n) {
        int flatline = config.flatlineEvents();
        return flatline > 0 && n > config.warmup() && stats[FLAT_RUN] == Math.max(flatline, stats[LONGEST_RUN] + 1)
                && stats[SEEN] - stats[FLAT_RUN] > flatline;
    }

    /**
     * The incident state machine, one scored event at a time: an incident opens on a surprising event, or on a
     * stuck sensor; a surprise incident closes after {@code recoveryEvents} quiet events in a row, a flatline
     * incident when the value moves. Public so that a threshold sweep can replay it with other triggers.
     *
     * @param surprising the likelihood reached the trigger and the event itself was surprising enough
     * @param quiet      the likelihood was below the recovery level
     * @param stuck      the flatline rule is due at this event
     * @param moved      the value differs from the one before
     */
    public AnomalyResult.Alert transition(double[] stats, boolean surprising, boolean quiet, boolean stuck,
                                          boolean moved) {
        if (stats[OPEN] == 0) {
            if (surprising) {
                return open(stats, OPEN_SURPRISE);
            }
            return stuck ? open(stats, OPEN_FLATLINE) : AnomalyResult.Alert.NONE;
        }
        if (stats[OPEN] == OPEN_FLATLINE) {
            return moved ? close(stats) : AnomalyResult.Alert.NONE;
        }
        stats[QUIET] = quiet ? stats[QUIET] + 1 : 0;
        return stats[QUIET] >= config.recoveryEvents() ? close(stats) : AnomalyResult.Alert.NONE;
    }

    private static AnomalyResult.Alert open(double[] stats, int cause) {
        stats[OPEN] = cause;
        stats[QUIET] = 0;
        return AnomalyResult.Alert.OPENED;
    }

    private static AnomalyResult.Alert close(double[] stats) {
        stats[OPEN] = 0;
        stats[QUIET] = 0;
        return AnomalyResult.Alert.CLOSED;
    }

    private AnomalyResult.Severity severity(double[] stats, double likelihood) {
        if (stats[OPEN] == 0) {
            return null;
        }
        if (stats[OPEN] == OPEN_FLATLINE) {
            return AnomalyResult.Severity.WARNING;
        }
        return likelihood >= config.criticalLikelihood() ? AnomalyResult.Severity.CRITICAL
                : AnomalyResult.Severity.WARNING;
    }

    private static AnomalyResult.Cause cause(double[] stats) {
        return stats[OPEN] == OPEN_FLATLINE ? AnomalyResult.Cause.FLATLINE
                : stats[OPEN] == OPEN_SURPRISE ? AnomalyResult.Cause.SURPRISE : null;
    }
}
