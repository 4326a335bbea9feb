package io.streamcast.anomaly;

import io.streamcast.model.AnomalyStats;
import io.streamcast.model.AnomalyStats.Incident;
import org.apache.commons.numbers.gamma.Erfc;
import org.apache.commons.numbers.gamma.InverseErfc;

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
 * no residual shows. All state lives in the series' {@link AnomalyStats}, updated in place.
 */
public final class AnomalyScorer {
    private static final double MIN_STD = 0.05;
    private static final double MAX_SURPRISE = 50;
    private static final double MAX_DEVIATION = 20;
    private static final double SQRT2 = Math.sqrt(2);

    private final AnomalyConfig config;
    private final double longAlpha;
    private final double shortAlpha;
    /** Each event's weight in the empirical tail one event later. */
    private final double tailDecay;
    /**
     * The weight of record from which the empirical tail has a say: a record shorter than the recovery level's
     * tail (100 events for 0.99) cannot tell that a surprise past that level is common.
     */
    private final double tailFrom;

    public AnomalyScorer(AnomalyConfig config) {
        this.config = config;
        this.longAlpha = 1 - Math.pow(2, -1 / config.longHalfLife());
        this.shortAlpha = 1 - Math.pow(2, -1 / config.shortHalfLife());
        this.tailDecay = config.tailHalfLife() > 0 ? Math.pow(2, -1 / config.tailHalfLife()) : 0;
        this.tailFrom = 1 / (1 - config.recoveryLikelihood());
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
        double tail = Erfc.value(r / SQRT2);
        return tail <= 1e-50 ? MAX_SURPRISE : -Math.log10(tail);
    }

    /** {@link #score(AnomalyStats, double, double, double, boolean, double)} without a seasonal forecast. */
    public AnomalyResult score(AnomalyStats stats, double value, double forecastMean, double forecastScale,
                               boolean warm) {
        return score(stats, value, forecastMean, forecastScale, warm, Double.NaN);
    }

    /**
     * Scores one event against the forecast made for it and advances the statistics in {@code stats}.
     *
     * @param warm     whether the forecast counts (the normaliser is past its warm-up)
     * @param seasonal the seasonal-naive forecast for the event, the second opinion (NaN: none)
     */
    public AnomalyResult score(AnomalyStats stats, double value, double forecastMean, double forecastScale,
                               boolean warm, double seasonal) {
        boolean moved = trackRun(stats, value);
        double raw = rawScore(value, forecastMean, forecastScale);
        if (Double.isNaN(raw) || !warm) {
            return AnomalyResult.NOTHING;
        }
        long scored = stats.scored + 1;
        stats.scored = scored;
        double n = scored;
        double a = Math.max(longAlpha, 1 / n);
        double deviation = Math.min(deviation(stats, Math.abs(value - forecastMean), forecastScale, n, a),
                MAX_DEVIATION);
        if (config.seasonalOpinion()) {
            deviation = secondOpinion(stats, Math.abs(value - seasonal), deviation);
        }
        // Averaged on the scale of the miss rather than of the surprise, whose exponential tail a Gaussian fit
        // would call impossible far too often; and the fit is to the average's square root, since the average
        // of non-negative misses is skewed right and its root is much closer to normal.
        double shortAvg = n == 1 ? deviation : stats.shortDeviation + shortAlpha * (deviation - stats.shortDeviation);
        stats.shortDeviation = shortAvg;
        double x = Math.sqrt(shortAvg);
        double mean = stats.rootMean;
        double std = Math.max(Math.sqrt(stats.rootVariance), MIN_STD);
        // The current short average against the history of short averages *before* this event.
        double z = (x - mean) / (std * SQRT2);
        double likelihood = n <= config.warmup() ? 0.5 : 0.5 * Erfc.value(-z);
        double excess = n <= config.warmup() ? 0 : z;
        if (tailDecay > 0 && n > config.warmup()) {
            double share = throughTail(stats, 0.5 * Erfc.value(z));
            if (share > 0) {
                likelihood = 1 - share;
                excess = InverseErfc.value(2 * share); // so that AnomalyResult.tail() is the share
            }
        }
        double d = x - mean;
        stats.rootMean = mean + a * d;
        stats.rootVariance = (1 - a) * (stats.rootVariance + a * d * d);
        stats.lastLikelihood = likelihood;
        boolean stuck = flatlineDue(stats, scored);
        AnomalyResult.Alert alert = transition(stats, likelihood >= config.triggerLikelihood()
                && raw >= config.minScore(), likelihood < config.recoveryLikelihood(), stuck, moved);
        return new AnomalyResult(raw, likelihood, alert, severity(stats, likelihood), cause(stats), excess);
    }

    /**
     * The key's own past against the Gaussian tail {@code p} (1 − likelihood): the recency-weighted rate per event
     * of past excursions that reached this event's surprise (by the nines of their Gaussian tails, interpolated
     * log-linearly between the counted levels) when that rate is higher than {@code p}, else 0 (the Gaussian
     * likelihood stands, bit for bit). So a heavy-tailed series (a spike every few hours) stops alerting on each
     * spike, while a key whose past excursions never reached the level just below this surprise keeps the Gaussian
     * likelihood. Excursions count rather than events, so one long anomaly (hours of surprising events) does not
     * hide the next. The event then joins the record: its weight now, its excursion's levels when that ends.
     */
    private double throughTail(AnomalyStats stats, double p) {
        if (!stats.hasTail()) {
            stats.startTail();
        }
        double[] levels = AnomalyStats.TAIL_NINES;
        double[] tail = stats.tail;
        double nines = p > 0 ? -Math.log10(p) : Double.MAX_VALUE;
        int k = -1;
        while (k + 1 < levels.length && nines >= levels[k + 1]) {
            k++;
        }
        double share = 0;
        if (stats.tailWeight >= tailFrom && k >= 0) {
            double lo = tail[k] / stats.tailWeight;
            share = lo;
            if (k + 1 < levels.length) {
                double hi = tail[k + 1] / stats.tailWeight;
                double f = (nines - levels[k]) / (levels[k + 1] - levels[k]);
                share = lo > 0 && hi > 0 ? Math.exp(Math.log(lo) * (1 - f) + Math.log(hi) * f) : lo + f * (hi - lo);
            }
        }
        // An excursion is counted when it ends, at every level it reached: until then it is not part of the
        // record it is judged against, so an anomaly does not make its own later events look usual.
        int ended = k < 0 ? stats.tailReached : -1;
        stats.tailWeight = stats.tailWeight * tailDecay + 1;
        for (int i = 0; i < levels.length; i++) {
            tail[i] = tail[i] * tailDecay + (i <= ended ? 1 : 0);
        }
        stats.tailReached = k < 0 ? -1 : Math.max(stats.tailReached, k);
        return share > p ? share : 0;
    }

    /** Advances the run of repeated values by one event; whether the value differs from the one before. */
    private static boolean trackRun(AnomalyStats stats, double value) {
        boolean moved = !(stats.seen > 0 && value == stats.lastValue);
        if (moved) {
            stats.longestFlatRun = Math.max(stats.longestFlatRun, stats.flatRun);
        }
        stats.flatRun = moved ? 0 : stats.flatRun + 1;
        stats.lastValue = value;
        stats.seen++;
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
        AnomalyStats stats = new AnomalyStats();
        for (int i = 0; i < values.length; i++) {
            if (!seen[i]) {
                continue;
            }
            moved[i] = trackRun(stats, values[i]);
            if (scored[i]) {
                stats.scored++;
                stuck[i] = flatlineDue(stats, stats.scored);
            }
        }
    }

    /**
     * The miss in forecast scales, or in typical misses. The typical miss (a running mean with weight a) is kept
     * in both modes, so a spec can switch to it on a running pipeline.
     */
    private double deviation(AnomalyStats stats, double error, double forecastScale, double n, double a) {
        double typical = stats.typicalMiss;
        stats.typicalMiss = n == 1 ? error : typical + a * (error - typical);
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
     * The miss as the seasonal-naive forecast sees it, when that is smaller: each in its own typical misses, so a
     * periodic series the model forecasts poorly (a square wave's edges) does not alert where the same time last
     * season foretold the value, while a value that both miss keeps the model's deviation. The seasonal miss's
     * running mean is kept from its first scored event and gives its opinion after the scorer's warm-up.
     */
    private double secondOpinion(AnomalyStats stats, double seasonalError, double deviation) {
        if (Double.isNaN(seasonalError)) {
            return deviation;
        }
        long n = stats.seasonalScored + 1;
        stats.seasonalScored = n;
        double typical = stats.typicalSeasonalMiss;
        stats.typicalSeasonalMiss = n == 1 ? seasonalError
                : typical + Math.max(longAlpha, 1.0 / n) * (seasonalError - typical);
        if (n <= config.warmup() || !(typical > 0)) {
            return deviation;
        }
        return Math.min(deviation, Math.min(seasonalError / typical, MAX_DEVIATION));
    }

    /**
     * A stuck sensor: the value has repeated {@code flatlineEvents} times, or once more than the longest run the
     * series has had (so a square wave's plateaus do not count), after it had been moving.
     */
    private boolean flatlineDue(AnomalyStats stats, long scored) {
        int flatline = config.flatlineEvents();
        return flatline > 0 && scored > config.warmup()
                && stats.flatRun == Math.max(flatline, stats.longestFlatRun + 1)
                && stats.seen - stats.flatRun > flatline;
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
    public AnomalyResult.Alert transition(AnomalyStats stats, boolean surprising, boolean quiet, boolean stuck,
                                          boolean moved) {
        if (stats.incident == Incident.NONE) {
            if (surprising) {
                return open(stats, Incident.SURPRISE);
            }
            return stuck ? open(stats, Incident.FLATLINE) : AnomalyResult.Alert.NONE;
        }
        if (stats.incident == Incident.FLATLINE) {
            return moved ? close(stats) : AnomalyResult.Alert.NONE;
        }
        stats.quietRun = quiet ? stats.quietRun + 1 : 0;
        return stats.quietRun >= config.recoveryEvents() ? close(stats) : AnomalyResult.Alert.NONE;
    }

    private static AnomalyResult.Alert open(AnomalyStats stats, Incident cause) {
        stats.incident = cause;
        stats.quietRun = 0;
        return AnomalyResult.Alert.OPENED;
    }

    private static AnomalyResult.Alert close(AnomalyStats stats) {
        stats.incident = Incident.NONE;
        stats.quietRun = 0;
        return AnomalyResult.Alert.CLOSED;
    }

    private AnomalyResult.Severity severity(AnomalyStats stats, double likelihood) {
        if (stats.incident == Incident.NONE) {
            return null;
        }
        if (stats.incident == Incident.FLATLINE) {
            return AnomalyResult.Severity.WARNING;
        }
        return likelihood >= config.criticalLikelihood() ? AnomalyResult.Severity.CRITICAL
                : AnomalyResult.Severity.WARNING;
    }

    private static AnomalyResult.Cause cause(AnomalyStats stats) {
        return stats.incident == Incident.FLATLINE ? AnomalyResult.Cause.FLATLINE
                : stats.incident == Incident.SURPRISE ? AnomalyResult.Cause.SURPRISE : null;
    }
}
