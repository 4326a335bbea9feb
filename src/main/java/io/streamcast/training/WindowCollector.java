package io.streamcast.training;

import io.streamcast.model.Checks;
import io.streamcast.model.FeatureEncoder;
import io.streamcast.model.Forecaster;
import io.streamcast.model.NetworkShape;
import io.streamcast.model.SeriesState;
import io.streamcast.model.StepResult;
import io.streamcast.model.TrainingWindow;
import io.streamcast.model.Weights;

/**
 * The training side's per-key state: the series exactly as the forecast side sees it (normaliser, last event,
 * hidden state) and the recent (input row, target) pairs once the normaliser is warm. Every k1 pairs, once k2
 * are there, it hands out the window of the last k2 pairs with the hidden state the forecast side had at its
 * start: a snapshot kept every k1 pairs. (Starting windows from a state rolled forward from zero instead was
 * measured to teach a trained model the wrong thing: its hidden state carries memory longer than any window,
 * and even plain gradient descent on such windows made the forecasts worse.)
 */
public final class WindowCollector {
    final SeriesState series;
    final int k1;
    final int k2;
    final double[][] inputs;
    final double[] targets;
    final long[] times;
    final double[] pendingInput;
    /** The hidden state before the pending input was stepped: a pair's start state. */
    final double[] pendingHidden;
    /** Scratch: the hidden state before the current event's step. */
    private final double[] beforeStep;
    /** Start states of pairs whose index is a multiple of k1, by index modulo the ring size. */
    final long[] snapIndex;
    final double[][] snapState;
    boolean hasPending;
    long pairs;
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
        this.pendingInput = new double[inputSize];
        this.pendingHidden = new double[series.stateSize()];
        this.beforeStep = new double[series.stateSize()];
        int snaps = k2 / k1 + 2;
        this.snapIndex = new long[snaps];
        java.util.Arrays.fill(snapIndex, -1);
        this.snapState = new double[snaps][series.stateSize()];
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
     * {@code w} must be the version the forecast side uses for this key, so the hidden states match.
     */
    public TrainingWindow add(Forecaster f, Weights w, long ts, double value) {
        series.copyHidden(beforeStep);
        StepResult r = f.step(series, w, ts, value);
        // Pairs from the normaliser's warm-up are noise (z against a barely-known mean and variance): the
        // forecast pipeline does not score them either.
        boolean added = hasPending && r.warm() && Double.isFinite(r.target());
        if (added) {
            int at = (int) (pairs % inputs.length);
            System.arraycopy(pendingInput, 0, inputs[at], 0, pendingInput.length);
            targets[at] = FeatureEncoder.clip(r.target());
            times[at] = ts;
            if (pairs % k1 == 0) {
                int s = (int) ((pairs / k1) % snapIndex.length);
                snapIndex[s] = pairs;
                System.arraycopy(pendingHidden, 0, snapState[s], 0, pendingHidden.length);
            }
            pairs++;
        }
        System.arraycopy(f.lastInput(), 0, pendingInput, 0, pendingInput.length);
        System.arraycopy(beforeStep, 0, pendingHidden, 0, beforeStep.length);
        hasPending = true;
        if (!added || pairs < k2 || (pairs - k2) % k1 != 0) {
            return null;
        }
        long from = pairs - k2;
        int s = (int) ((from / k1) % snapIndex.length);
        if (snapIndex[s] != from) {
            return null; // not retained: k2 / k1 + 2 snapshots always cover a window, so only a corrupt state gets here
        }
        double[][] in = new double[k2][];
        double[] tg = new double[k2];
        for (int t = 0; t < k2; t++) {
            int i = (int) ((from + t) % inputs.length);
            in[t] = inputs[i].clone();
            tg[t] = targets[i];
        }
        windows++;
        return new TrainingWindow(snapState[s].clone(), in, tg, times[(int) (from % inputs.length)],
                times[(int) ((pairs - 1) % inputs.length)]);
    }
}
