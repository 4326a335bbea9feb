package io.streamcast.baseline;

import java.util.Arrays;

/** The last value: the floor any forecaster must clear one step ahead (and a poor one 48 steps ahead). */
public final class NaiveBaseline implements StreamingBaseline, HorizonBaseline {
    @Override
    public String name() {
        return "naive";
    }

    @Override
    public double[] oneStepAhead(double[] y) {
        double[] f = new double[y.length];
        if (y.length > 0) {
            f[0] = Double.NaN;
            System.arraycopy(y, 0, f, 1, y.length - 1);
        }
        return f;
    }

    @Override
    public double[] horizon(double[] train, int h) {
        Baselines.checkHorizon(train, h);
        double[] f = new double[h];
        Arrays.fill(f, train[train.length - 1]);
        return f;
    }
}
