package io.streamcast.baseline;

import java.util.Arrays;

/**
 * Simple exponential smoothing with a fixed weight: level = alpha * y + (1 - alpha) * level, started at the
 * first value. alpha = 1 is the naive forecast. The horizon forecast is flat at the last level.
 */
public final class EwmaBaseline implements StreamingBaseline, HorizonBaseline {
    private final double alpha;

    public EwmaBaseline(double alpha) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1], got " + alpha);
        }
        this.alpha = alpha;
    }

    @Override
    public String name() {
        return "ewma(alpha=" + alpha + ")";
    }

    @Override
    public double[] oneStepAhead(double[] y) {
        double[] f = new double[y.length];
        double level = Double.NaN;
        for (int t = 0; t < y.length; t++) {
            f[t] = level;
            level = t == 0 ? y[0] : alpha * y[t] + (1 - alpha) * level;
        }
        return f;
    }

    @Override
    public double[] horizon(double[] train, int h) {
        Baselines.checkHorizon(train, h);
        double level = train[0];
        for (int t = 1; t < train.length; t++) {
            level = alpha * train[t] + (1 - alpha) * level;
        }
        double[] f = new double[h];
        Arrays.fill(f, level);
        return f;
    }
}
