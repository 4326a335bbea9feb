package io.streamcast.anomaly;

import org.apache.commons.math3.special.Erf;

/**
 * Residual scoring after Numenta's anomaly likelihood. The raw score is the surprise of a value under its
 * own forecast distribution, −log10 of the two-sided tail probability (0.43 on average for a calibrated
 * forecast; 6.2 for a 5σ miss). The likelihood compares a short average of surprises with the long-run
 * distribution of that average (a Gaussian tail), so a series whose forecasts are often off does not alert
 * all the time, while one wild value in a well-predicted series does.
 * An alert policy with hysteresis turns likelihoods into incidents: one alert opens an incident, which
 * closes only after a run of quiet events. A separate rule catches a sensor that gets stuck (the same
 * value many times in a row after it had been moving), which no residual shows. All state lives in the
 * series' score slots.
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
        boolean repeated = stats[SEEN] > 0 && value == stats[LAST_VALUE];
        stats[FLAT_RUN] = repeated ? stats[FLAT_RUN] + 1 : 0;
        stats[LAST_VALUE] = value;
        stats[SEEN]++;
        double raw = rawScore(value, forecastMean, forecastScale);
        if (Double.isNaN(raw) || !warm) {
            return AnomalyResult.NOTHING;
        }
        double n = stats[COUNT] + 1;
        stats[COUNT] = n;
        // Averaged on the scale of |value - mean| / scale, whose tails are close to Gaussian, rather than on
        // the surprise, whose exponential tail a Gaussian fit would call impossible far too often.
        double deviation = Math.min(Math.abs(value - forecastMean) / forecastScale, MAX_DEVIATION);
        double mean = stats[MEAN];
        double std = Math.max(Math.sqrt(stats[VAR]), MIN_STD);
        double shortAvg = n == 1 ? deviation : stats[SHORT] + shortAlpha * (deviation - stats[SHORT]);
        stats[SHORT] = shortAvg;
        // The current short average against the history of short averages *before* this event.
        double z = (shortAvg - mean) / (std * SQRT2);
        double likelihood = n <= config.warmup() ? 0.5 : 0.5 * Erf.erfc(-z);
        double excess = n <= config.warmup() ? 0 : z;
        double a = Math.max(longAlpha, 1 / n);
        double d = shortAvg - mean;
        stats[MEAN] = mean + a * d;
        stats[VAR] = (1 - a) * (stats[VAR] + a * d * d);
        stats[LAST_LIKELIHOOD] = likelihood;
        AnomalyResult.Alert alert = transition(stats, raw, likelihood, n);
        return new AnomalyResult(raw, likelihood, alert, severity(stats, likelihood), cause(stats), excess);
    }

    private AnomalyResult.Alert transition(double[] stats, double raw, double likelihood, double n) {
        int flatline = config.flatlineEvents();
        if (stats[OPEN] == 0) {
            if (likelihood >= config.triggerLikelihood() && raw >= config.minScore()) {
                return open(stats, OPEN_SURPRISE);
            }
            // A sensor that stops moving, after having moved: flagged once, when the run reaches the length.
            if (flatline > 0 && n > config.warmup() && stats[FLAT_RUN] == flatline
                    && stats[SEEN] - stats[FLAT_RUN] > flatline) {
                return open(stats, OPEN_FLATLINE);
            }
            return AnomalyResult.Alert.NONE;
        }
        if (stats[OPEN] == OPEN_FLATLINE) {
            return stats[FLAT_RUN] == 0 ? close(stats) : AnomalyResult.Alert.NONE;
        }
        stats[QUIET] = likelihood < config.recoveryLikelihood() ? stats[QUIET] + 1 : 0;
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
