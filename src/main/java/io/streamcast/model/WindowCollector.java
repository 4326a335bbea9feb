package io.streamcast.model;

/**
 * The training side's per-key state: the series as the forecaster sees it (normaliser, last event) and the
 * recent (input row, target) pairs once the normaliser is warm. Every k1 pairs, once k2 are there, it hands out the window of the last
 * k2 pairs with the hidden state at its start; that start state is rolled forward k1 steps at a time with
 * the current weights (as {@link OnlineLearner} does), so a key keeps only k1 + k2 pairs.
 */
public final class WindowCollector {
    final SeriesState series;
    final int k1;
    final int k2;
    final double[][] inputs;
    final double[] targets;
    final long[] times;
    final double[] startState;
    final double[] pendingInput;
    boolean hasPending;
    long pairs;
    long startIndex;
    long windows;

    public WindowCollector(NetworkShape shape, int k1, int k2) {
        this(new SeriesState(shape.stateSize(), 1), k1, k2, shape.inputSize());
    }

    WindowCollector(SeriesState series, int k1, int k2, int inputSize) {
        Checks.positive("k1", k1);
        Checks.positive("k2", k2);
        this.series = series;
        this.k1 = k1;
        this.k2 = k2;
        int cap = k1 + k2;
        this.inputs = new double[cap][inputSize];
        this.targets = new double[cap];
        this.times = new long[cap];
        this.startState = new double[series.hidden.length];
        this.pendingInput = new double[inputSize];
    }

    /** The series' last event time, {@link SeriesState#NO_EVENT} before the first. */
    public long lastEventTime() {
        return series.lastEventTime();
    }

    /** Windows handed out so far. */
    public long windows() {
        return windows;
    }

    /**
     * Takes one event (finite value, time after the last event) and returns the window it completes, or null.
     * The forecaster must have been built for this collector's shape (and a ring of at least one value).
     */
    public TrainingWindow add(Forecaster f, Weights w, StepWorkspace ws, long ts, double value) {
        StepResult r = f.step(series, w, ts, value);
        // Pairs from the normaliser's warm-up are noise (z against a barely-known mean and variance): the
        // forecast pipeline does not score them either.
        boolean added = hasPending && r.warm() && Double.isFinite(r.target());
        if (added) {
            int at = (int) (pairs % inputs.length);
            System.arraycopy(pendingInput, 0, inputs[at], 0, pendingInput.length);
            targets[at] = FeatureEncoder.clip(r.target());
            times[at] = ts;
            pairs++;
        }
        System.arraycopy(f.lastInput(), 0, pendingInput, 0, pendingInput.length);
        hasPending = true;
        if (!added || pairs < k2 || (pairs - k2) % k1 != 0) {
            return null;
        }
        long from = pairs - k2;
        double[] head = new double[2];
        for (; startIndex < from; startIndex++) {
            Network.step(w, startState, inputs[(int) (startIndex % inputs.length)], head, ws);
        }
        double[][] in = new double[k2][];
        double[] tg = new double[k2];
        for (int t = 0; t < k2; t++) {
            int i = (int) ((from + t) % inputs.length);
            in[t] = inputs[i].clone();
            tg[t] = targets[i];
        }
        windows++;
        return new TrainingWindow(startState.clone(), in, tg, times[(int) (from % inputs.length)],
                times[(int) ((pairs - 1) % inputs.length)]);
    }
}
