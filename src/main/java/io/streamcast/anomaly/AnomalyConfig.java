package io.streamcast.anomaly;

/**
 * How residuals become anomaly likelihoods and alerts.
 *
 * @param longHalfLife   events: half-life of the running mean and variance of raw scores (what is usual)
 * @param shortHalfLife  events: half-life of the short average of raw scores (what is happening now)
 * @param warmup         scored events before the likelihood can fire an alert
 * @param triggerLikelihood an incident opens when the likelihood reaches this...
 * @param minScore       ...and the event itself is at least this surprising (−log10 tail probability:
 *                       2 means p < 0.01), so a series whose errors are unusually steady does not alert on
 *                       an ordinary miss
 * @param criticalLikelihood an opening alert at or above this is critical, else a warning
 * @param recoveryLikelihood an incident counts as quiet while the likelihood stays below this...
 * @param recoveryEvents ...for this many consecutive events, after which it closes
 * @param flatlineEvents the same value this many times in a row, after the series had been moving, opens a
 *                       flatline incident, unless the series has had runs that long before: then only a run
 *                       longer than any before it does (0 turns the rule off)
 * @param deviation      what a miss is measured against: the forecast's scale or the series' typical error
 * @param seasonalOpinion a second opinion: a miss counts only as much as the seasonal-naive forecast's miss, each
 *                       in its own typical misses, so a value the same time last season foretold does not alert
 *                       when the model is poor (needs the seasonal forecast, {@code forecast.season}, and
 *                       misses measured in typical misses, {@link Deviation#TYPICAL})
 * @param tailHalfLife   events: 0, or the half-life of the key's record of how often each level of surprise has
 *                       come before; with it the likelihood is no higher than that record bears out (an empirical
 *                       tail beside the Gaussian one), so a series that spikes every few hours stops alerting on
 *                       each spike, while a key whose past excursions never reached the level just below this
 *                       surprise keeps the Gaussian likelihood
 */
public record AnomalyConfig(double longHalfLife, double shortHalfLife, int warmup, double triggerLikelihood,
                            double minScore, double criticalLikelihood, double recoveryLikelihood, int recoveryEvents,
                            int flatlineEvents, Deviation deviation, boolean seasonalOpinion, double tailHalfLife) {
    public AnomalyConfig {
        if (!(tailHalfLife == 0 || tailHalfLife >= 1 && !Double.isInfinite(tailHalfLife))) {
            throw new IllegalArgumentException("anomaly.tailHalfLife must be 0 (off) or a finite number of events >= 1, "
                    + "got " + tailHalfLife);
        }
        positive("longHalfLife", longHalfLife);
        positive("shortHalfLife", shortHalfLife);
        if (warmup < 0) {
            throw new IllegalArgumentException("anomaly.warmup must be >= 0, got " + warmup);
        }
        probability("triggerLikelihood", triggerLikelihood);
        if (!(minScore >= 0) || Double.isInfinite(minScore)) {
            throw new IllegalArgumentException("anomaly.minScore must be a finite number >= 0, got " + minScore);
        }
        probability("criticalLikelihood", criticalLikelihood);
        probability("recoveryLikelihood", recoveryLikelihood);
        if (recoveryLikelihood > triggerLikelihood) {
            throw new IllegalArgumentException("anomaly.recoveryLikelihood (" + recoveryLikelihood
                    + ") must not exceed triggerLikelihood (" + triggerLikelihood + ")");
        }
        if (flatlineEvents < 0) {
            throw new IllegalArgumentException("anomaly.flatlineEvents must be >= 0, got " + flatlineEvents);
        }
        if (deviation == null) {
            throw new IllegalArgumentException("anomaly.deviation must be one of forecast, typical");
        }
        if (seasonalOpinion && deviation != Deviation.TYPICAL) {
            // Both misses must be in the same units: the seasonal forecast has no scale of its own to measure in.
            throw new IllegalArgumentException("anomaly.secondOpinion: seasonal compares misses in typical misses: "
                    + "set anomaly.deviation: typical (it is " + deviation.name().toLowerCase(java.util.Locale.ROOT)
                    + ")");
        }
        if (recoveryEvents < 1) {
            throw new IllegalArgumentException("anomaly.recoveryEvents must be >= 1, got " + recoveryEvents);
        }
    }

    /** Without the empirical tail. */
    public AnomalyConfig(double longHalfLife, double shortHalfLife, int warmup, double triggerLikelihood,
                         double minScore, double criticalLikelihood, double recoveryLikelihood, int recoveryEvents,
                         int flatlineEvents, Deviation deviation, boolean seasonalOpinion) {
        this(longHalfLife, shortHalfLife, warmup, triggerLikelihood, minScore, criticalLikelihood, recoveryLikelihood,
                recoveryEvents, flatlineEvents, deviation, seasonalOpinion, 0);
    }

    /** Without a second opinion. */
    public AnomalyConfig(double longHalfLife, double shortHalfLife, int warmup, double triggerLikelihood,
                         double minScore, double criticalLikelihood, double recoveryLikelihood, int recoveryEvents,
                         int flatlineEvents, Deviation deviation) {
        this(longHalfLife, shortHalfLife, warmup, triggerLikelihood, minScore, criticalLikelihood, recoveryLikelihood,
                recoveryEvents, flatlineEvents, deviation, false);
    }

    public static AnomalyConfig defaults() {
        return new AnomalyConfig(1000, 2, 100, 0.999999, 2.0, 0.99999999, 0.99, 12, 12, Deviation.FORECAST);
    }

    private static void positive(String f, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("anomaly." + f + " must be a finite number > 0, got " + v);
        }
    }

    private static void probability(String f, double v) {
        if (!(v > 0 && v < 1)) {
            throw new IllegalArgumentException("anomaly." + f + " must be in (0, 1), got " + v);
        }
    }
}
