package io.streamcast.baseline;

/**
 * A one-step-ahead forecaster run over a whole series as if it arrived one value at a time: what the
 * streaming backtest compares the RNN with.
 */
public interface StreamingBaseline {
    String name();

    /**
     * Returns f of y's length where f[t] forecasts y[t] from y[0..t-1] only; NaN where the method has no
     * forecast yet (always at t = 0).
     */
    double[] oneStepAhead(double[] y);
}
