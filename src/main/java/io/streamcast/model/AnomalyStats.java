package io.streamcast.model;

/**
 * The anomaly scorer's running statistics for one series, persisted with its {@link SeriesState}.
 * <p>
 * It lives in {@code model}, beside the state and its codec that persist it, rather than in {@code anomaly}
 * with the scorer that gives the fields their meaning: {@code anomaly} builds on {@code model}, and the state
 * holding a type from {@code anomaly} would make the two packages depend on each other.
 * <p>
 * Plain mutable fields rather than a record: the scorer updates them in place on every event, allocating
 * nothing. Counts are whole numbers; the statistics of misses are doubles.
 */
public final class AnomalyStats {
    /** Whether a series is in an incident, and what opened it. The state formats store the ordinal: add at the end. */
    public enum Incident {
        NONE, SURPRISE, FLATLINE
    }

    /** Events seen, scored or not. */
    public long seen;
    /** The value of the last event seen (meaningless while {@link #seen} is 0). */
    public double lastValue;
    /** Events in a row, up to the last, whose value repeated the one before. */
    public long flatRun;
    /** The longest such run that has ended. */
    public long longestFlatRun;
    /** Events scored against a warm forecast. */
    public long scored;
    /** Running mean of the absolute miss |value − forecast|, in data units. */
    public double typicalMiss;
    /** Events whose seasonal-naive forecast was scored (the second opinion, {@code anomaly.secondOpinion}). */
    public long seasonalScored;
    /** Running mean of the seasonal-naive forecast's absolute miss, in data units. */
    public double typicalSeasonalMiss;
    /** Short running average of the deviation (the miss in forecast scales or in typical misses). */
    public double shortDeviation;
    /** Long-run mean of the square root of {@link #shortDeviation}. */
    public double rootMean;
    /** Long-run variance of the square root of {@link #shortDeviation}. */
    public double rootVariance;
    /** The anomaly likelihood at the last scored event. */
    public double lastLikelihood;
    public Incident incident = Incident.NONE;
    /** Quiet events in a row during a surprise incident. */
    public long quietRun;
    /**
     * The empirical tail ({@code anomaly.tailHalfLife}): the recency-weighted count of events scored past the
     * warm-up, and in {@link #tail} of the excursions that reached each of {@link #TAIL_NINES} nines of Gaussian
     * likelihood (a run of events at 2 nines or more counts once per level it reached, however long it lasted,
     * when it ends).
     * Empty (and not stored) without it.
     */
    public double tailWeight;
    public double[] tail = NO_TAIL;
    /** The highest level the current excursion has reached (an index of {@link #TAIL_NINES}); -1 outside one. */
    public int tailReached = -1;
    /** The levels of surprise the tail counts, in nines of the likelihood: from 2 (the usual recovery level, 0.99) up. */
    public static final double[] TAIL_NINES = {2, 2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8, 10};
    private static final double[] NO_TAIL = new double[0];

    /** Whether the empirical tail is kept: its counts exist (they are created at the first scored event). */
    public boolean hasTail() {
        return tail.length > 0;
    }

    /** Starts the empirical tail's counts at zero. */
    public void startTail() {
        tail = new double[TAIL_NINES.length];
        tailWeight = 0;
        tailReached = -1;
    }

    /** Drops the empirical tail (a state from a format without it, or one that never kept it). */
    void dropTail() {
        tail = NO_TAIL;
        tailWeight = 0;
        tailReached = -1;
    }

    public boolean incidentOpen() {
        return incident != Incident.NONE;
    }

    /** The value of the last event seen, NaN before the first. */
    public double lastValueOrNaN() {
        return seen > 0 ? lastValue : Double.NaN;
    }

    public AnomalyStats copy() {
        AnomalyStats c = new AnomalyStats();
        c.copyFrom(this);
        return c;
    }

    /**
     * Puts back what the scorer has learned over the long run (the error scale and the distribution of short
     * averages) as it was in {@code before}, keeping the short-term state (the short average, the incident, the
     * last value, runs of repeats, the last likelihood): a calendar event's values are judged against what was
     * normal before it, but not learned as normal.
     */
    public void keepStatisticsOf(AnomalyStats before) {
        scored = before.scored;
        typicalMiss = before.typicalMiss;
        seasonalScored = before.seasonalScored;
        typicalSeasonalMiss = before.typicalSeasonalMiss;
        rootMean = before.rootMean;
        rootVariance = before.rootVariance;
        longestFlatRun = before.longestFlatRun; // a plateau during the event is not the new normal
        copyTail(before); // the tail is a long-run record too
    }

    /**
     * A calendar event has ended: its short-term memory goes (the short average back to its long-run typical
     * level, the run of repeated values from zero), so what happened during the event does not alert after it,
     * and a value still stuck after it counts its plateau afresh.
     */
    public void forgetShortTerm() {
        shortDeviation = rootMean * rootMean;
        flatRun = 0;
    }

    /** Ends the open incident without waiting for quiet (a calendar event that covered it has ended). */
    public void endIncident() {
        incident = Incident.NONE;
        quietRun = 0;
    }

    void copyFrom(AnomalyStats o) {
        seen = o.seen;
        lastValue = o.lastValue;
        flatRun = o.flatRun;
        longestFlatRun = o.longestFlatRun;
        scored = o.scored;
        typicalMiss = o.typicalMiss;
        seasonalScored = o.seasonalScored;
        typicalSeasonalMiss = o.typicalSeasonalMiss;
        shortDeviation = o.shortDeviation;
        rootMean = o.rootMean;
        rootVariance = o.rootVariance;
        lastLikelihood = o.lastLikelihood;
        incident = o.incident;
        quietRun = o.quietRun;
        copyTail(o);
    }

    /** The empirical tail as {@code o} has it, into this one's own array when it has one of that size. */
    private void copyTail(AnomalyStats o) {
        tailWeight = o.tailWeight;
        if (o.tail.length == 0) {
            tail = NO_TAIL;
        } else {
            if (tail.length != o.tail.length) {
                tail = new double[o.tail.length];
            }
            System.arraycopy(o.tail, 0, tail, 0, tail.length); // no garbage where states are copied every event
        }
        tailReached = o.tailReached;
    }

    /** Bit for bit, as the state round trip must be. */
    @Override
    public boolean equals(Object o) {
        return o instanceof AnomalyStats s && s.seen == seen && same(s.lastValue, lastValue) && s.flatRun == flatRun
                && s.longestFlatRun == longestFlatRun && s.scored == scored && same(s.typicalMiss, typicalMiss)
                && s.seasonalScored == seasonalScored && same(s.typicalSeasonalMiss, typicalSeasonalMiss)
                && same(s.shortDeviation, shortDeviation) && same(s.rootMean, rootMean)
                && same(s.rootVariance, rootVariance) && same(s.lastLikelihood, lastLikelihood)
                && s.incident == incident && s.quietRun == quietRun && same(s.tailWeight, tailWeight)
                && java.util.Arrays.equals(s.tail, tail) && s.tailReached == tailReached;
    }

    private static boolean same(double a, double b) {
        return Double.doubleToLongBits(a) == Double.doubleToLongBits(b);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(seen) * 31 + Long.hashCode(scored);
    }

    @Override
    public String toString() {
        return "AnomalyStats{seen=" + seen + ", scored=" + scored + ", incident=" + incident + ", likelihood="
                + lastLikelihood + "}";
    }
}
