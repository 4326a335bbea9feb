package io.streamcast.baseline;

import io.streamcast.baseline.HoltWintersFit.Kind;
import java.util.Arrays;

/**
 * Additive Holt-Winters with period m whose alpha, beta, gamma (each in [0, 1]) minimise the sum of squared
 * one-step-ahead errors (a grid, then BOBYQA: {@code HoltWintersSearch}; deterministic). Initial
 * state from the first two seasons (see {@link HoltWintersState#initial}); with 2m values or fewer it is
 * Holt's linear trend, with fewer than 3 the last value.
 *
 * <p>Streaming: the weights are fitted once on the prefix y[0..fitLength-1], and forecasts exist only
 * from t = fitLength on, so f[t] never depends on y[t] or later (the prefix gives NaN: its fitted values
 * would have seen the future through the weights). Horizon: fitted on the whole training array.
 */
public final class HoltWintersBaseline implements StreamingBaseline, HorizonBaseline {
    private final int m;
    private final int fitLength;

    /** Streaming fits on the first 3m values: two seasons to initialise, one to fit the weights on. */
    public HoltWintersBaseline(int m) {
        this(m, 3 * m);
    }

    public HoltWintersBaseline(int m, int fitLength) {
        this.m = Baselines.checkPeriod(m);
        if (fitLength < 1) {
            throw new IllegalArgumentException("fitLength must be >= 1, got " + fitLength);
        }
        this.fitLength = fitLength;
    }

    @Override
    public String name() {
        return "holt-winters(m=" + m + ", fit=" + fitLength + ")";
    }

    /** Fits the weights on the whole of y; the state is the one after y's last value. */
    public HoltWintersFit fit(double[] y) {
        if (y.length == 0) {
            throw new IllegalArgumentException("empty series");
        }
        Kind kind = HoltWintersState.kind(y.length, m);
        HoltWintersState start = HoltWintersState.initial(y, m, kind);
        double[] p = switch (kind) {
            case SEASONAL -> HoltWintersSearch.weights(y, start, 3);
            case HOLT -> HoltWintersSearch.weights(y, start, 2);
            case LAST_VALUE -> new double[] {1, 0, 0};
        };
        HoltWintersState s = start.copy();
        s.absorb(y, y.length, p[0], p[1], p[2]);
        return s.toFit(kind, p[0], p[1], p[2]);
    }

    @Override
    public double[] oneStepAhead(double[] y) {
        double[] f = new double[y.length];
        Arrays.fill(f, Double.NaN);
        if (y.length <= fitLength) {
            return f;
        }
        HoltWintersFit fit = fit(Arrays.copyOf(y, fitLength));
        HoltWintersState s = HoltWintersState.initial(y, m, fit.kind());
        for (int t = s.next; t < y.length; t++) {
            if (t >= fitLength) {
                f[t] = s.forecast(1);
            }
            s.update(y[t], fit.alpha(), fit.beta(), fit.gamma());
        }
        return f;
    }

    @Override
    public double[] horizon(double[] train, int h) {
        Baselines.checkHorizon(train, h);
        return fit(train).forecast(h);
    }
}
