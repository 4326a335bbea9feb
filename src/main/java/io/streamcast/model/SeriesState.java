package io.streamcast.model;

import java.util.Arrays;

/**
 * Everything one series key carries between events: hidden state, normaliser, the forecast made for
 * the next step, anomaly statistics, the ring of recent normalised inputs, the model version the
 * hidden state was computed with, the last event time and the step count. Mutable: it is read, advanced
 * and written back on every event; {@link SeriesStateCodec} turns it into bytes.
 */
public final class SeriesState {
    public static final long NO_EVENT = Long.MIN_VALUE;

    long modelVersion;
    long lastEventTime = NO_EVENT;
    long steps;
    long normCount;
    double normMean;
    double normVar;
    double forecastMean = Double.NaN;
    double forecastScale = Double.NaN;
    double calibration = 1.0;
    final double[] hidden;
    final AnomalyStats anomaly = new AnomalyStats();
    double[] ringZ;
    long[] ringTs;
    int ringStart;
    int ringSize;
    /**
     * The step count when the forecast store last wrote this key's ring record ({@link LiveStateCodec}): -1 when the
     * state came from a form that carried its whole ring. Bookkeeping of how the state is stored, not part of its
     * value: equals and copies ignore it.
     */
    long ringSavedAt;
    // The forecast combination's candidates for the next event and their running squared errors (ForecastCombiner).
    double candModel = Double.NaN;
    double candNaive = Double.NaN;
    double candSeasonal = Double.NaN;
    double errModel;
    double errNaive;
    double errSeasonal;
    long combScored;
    long seasonalScored;

    public SeriesState(int stateSize, int window) {
        Checks.positive("stateSize", stateSize);
        Checks.positive("window", window);
        hidden = new double[stateSize];
        allocateWindow(window);
    }

    /** A state whose ring is allocated by {@link #allocateWindow} once the decoder has read its capacity. */
    SeriesState(int stateSize) {
        Checks.positive("stateSize", stateSize);
        hidden = new double[stateSize];
    }

    /** Gives the state an empty ring of this capacity, keeping its arrays when they already have it. */
    void allocateWindow(int window) {
        Checks.positive("window", window);
        ringStart = 0;
        ringSize = 0;
        if (ringZ == null || ringZ.length != window) {
            ringZ = new double[window];
            ringTs = new long[window];
        }
    }

    /**
     * This state, emptied for a decoder to fill, when its hidden state has {@code stateSize} doubles; else a new
     * one. The per-event path decodes every key into one such scratch state, so it allocates no arrays.
     */
    static SeriesState reuse(SeriesState scratch, int stateSize) {
        if (scratch == null || scratch.hidden.length != stateSize) {
            return new SeriesState(stateSize);
        }
        scratch.candModel = Double.NaN;
        scratch.candNaive = Double.NaN;
        scratch.candSeasonal = Double.NaN;
        scratch.errModel = 0;
        scratch.errNaive = 0;
        scratch.errSeasonal = 0;
        scratch.combScored = 0;
        scratch.seasonalScored = 0;
        scratch.ringStart = 0;
        scratch.ringSize = 0;
        scratch.ringSavedAt = 0;
        return scratch;
    }

    public long modelVersion() {
        return modelVersion;
    }

    public long lastEventTime() {
        return lastEventTime;
    }

    public long steps() {
        return steps;
    }

    /** Events the normaliser has seen: forecasts count ("warm") once this passes the normaliser's warm-up. */
    public long normaliserCount() {
        return normCount;
    }

    public double normaliserMean() {
        return normMean;
    }

    public double normaliserStd(NormaliserConfig cfg) {
        return Math.sqrt(Math.max(normVar, cfg.varianceFloor()));
    }

    /** The forecast made for the next event, in data units (NaN before the first event). */
    public double forecastMean() {
        return forecastMean;
    }

    public double forecastScale() {
        return forecastScale;
    }

    /** Running mean of squared standardised errors: the factor (squared) that keeps intervals honest. */
    public double calibration() {
        return calibration;
    }

    /** The anomaly scorer's statistics, which it updates in place. */
    public AnomalyStats anomalyStats() {
        return anomaly;
    }

    public int windowCapacity() {
        return ringZ.length;
    }

    public int windowSize() {
        return ringSize;
    }

    /** The i-th oldest normalised value in the ring (0 ≤ i < windowSize). */
    public double windowValue(int i) {
        return ringZ[(ringStart + i) % ringZ.length];
    }

    /**
     * The ring's inputs back in data units, oldest first, into {@code into} (at least {@link #windowSize} long);
     * returns how many. Each input was normalised by the normaliser as it stood after that event, so the
     * normaliser's update is run backwards from its current mean and variance: exact up to rounding, which grows
     * by 2^(1/halfLife) a step back (ModelConfig keeps the window within 16 half-lives where this is used).
     */
    public int windowData(NormaliserConfig cfg, double[] into) {
        double alpha = cfg.alpha();
        double mean = normMean;
        double var = normVar;
        long count = normCount;
        for (int i = ringSize - 1; i >= 0; i--, count--) {
            double d = Math.sqrt(Math.max(var, cfg.varianceFloor())) * windowValue(i);
            into[i] = mean + d;
            double a = Math.max(alpha, 1.0 / count);
            if (a >= 1) {
                break; // the key's first event: nothing came before it
            }
            double step = d / (1 - a); // the input's distance from the mean before it
            mean -= a * step;
            var = var / (1 - a) - a * step * step;
        }
        return ringSize;
    }

    public long windowTime(int i) {
        return ringTs[(ringStart + i) % ringTs.length];
    }

    /** Doubles of hidden state (h, and c for LSTM) over all layers. */
    public int stateSize() {
        return hidden.length;
    }

    /** Copies the hidden state into a caller's buffer (no allocation on the per-event path). */
    public void copyHidden(double[] into) {
        System.arraycopy(hidden, 0, into, 0, hidden.length);
    }

    public double[] hiddenCopy() {
        return hidden.clone();
    }

    void push(double z, long ts) {
        int cap = ringZ.length;
        if (ringSize < cap) {
            int at = (ringStart + ringSize) % cap;
            ringZ[at] = z;
            ringTs[at] = ts;
            ringSize++;
        } else {
            ringZ[ringStart] = z;
            ringTs[ringStart] = ts;
            ringStart = (ringStart + 1) % cap;
        }
    }

    public SeriesState copy() {
        return copyInto(new SeriesState(hidden.length, ringZ.length));
    }

    /** Makes {@code s}, a state of the same sizes, a copy of this one (a forecast ahead steps a scratch copy). */
    SeriesState copyInto(SeriesState s) {
        if (s.hidden.length != hidden.length) {
            throw new IllegalArgumentException("a copy needs " + hidden.length + " doubles of hidden state, got "
                    + s.hidden.length);
        }
        s.allocateWindow(ringZ.length);
        s.modelVersion = modelVersion;
        s.lastEventTime = lastEventTime;
        s.steps = steps;
        s.normCount = normCount;
        s.normMean = normMean;
        s.normVar = normVar;
        s.forecastMean = forecastMean;
        s.forecastScale = forecastScale;
        s.calibration = calibration;
        System.arraycopy(hidden, 0, s.hidden, 0, hidden.length);
        s.anomaly.copyFrom(anomaly);
        s.candModel = candModel;
        s.candNaive = candNaive;
        s.candSeasonal = candSeasonal;
        s.errModel = errModel;
        s.errNaive = errNaive;
        s.errSeasonal = errSeasonal;
        s.combScored = combScored;
        s.seasonalScored = seasonalScored;
        for (int i = 0; i < ringSize; i++) {
            s.push(windowValue(i), windowTime(i));
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SeriesState s) || s.ringSize != ringSize || s.ringZ.length != ringZ.length) {
            return false;
        }
        for (int i = 0; i < ringSize; i++) {
            if (Double.doubleToLongBits(s.windowValue(i)) != Double.doubleToLongBits(windowValue(i))
                    || s.windowTime(i) != windowTime(i)) {
                return false;
            }
        }
        return s.modelVersion == modelVersion && s.lastEventTime == lastEventTime && s.steps == steps
                && s.normCount == normCount && Double.compare(s.normMean, normMean) == 0
                && Double.compare(s.normVar, normVar) == 0 && Double.compare(s.forecastMean, forecastMean) == 0
                && Double.compare(s.forecastScale, forecastScale) == 0
                && Double.compare(s.calibration, calibration) == 0 && Arrays.equals(s.hidden, hidden)
                && s.anomaly.equals(anomaly) && Double.compare(s.candModel, candModel) == 0
                && Double.compare(s.candNaive, candNaive) == 0 && Double.compare(s.candSeasonal, candSeasonal) == 0
                && Double.compare(s.errModel, errModel) == 0 && Double.compare(s.errNaive, errNaive) == 0
                && Double.compare(s.errSeasonal, errSeasonal) == 0 && s.combScored == combScored
                && s.seasonalScored == seasonalScored;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(steps) * 31 + Arrays.hashCode(hidden);
    }

    @Override
    public String toString() {
        return "SeriesState{steps=" + steps + ", modelVersion=" + modelVersion + ", lastEventTime=" + lastEventTime
                + ", mean=" + normMean + ", forecast=" + forecastMean + "±" + forecastScale + "}";
    }
}
