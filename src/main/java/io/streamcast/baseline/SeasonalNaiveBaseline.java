package io.streamcast.baseline;

/** The value one season ago (m steps back); the last value while there is not yet a whole season. */
public final class SeasonalNaiveBaseline implements StreamingBaseline, HorizonBaseline {
    private final int m;

    public SeasonalNaiveBaseline(int m) {
        this.m = Baselines.checkPeriod(m);
    }

    @Override
    public String name() {
        return "seasonal-naive(m=" + m + ")";
    }

    @Override
    public double[] oneStepAhead(double[] y) {
        double[] f = new double[y.length];
        for (int t = 0; t < y.length; t++) {
            f[t] = t == 0 ? Double.NaN : t < m ? y[t - 1] : y[t - m];
        }
        return f;
    }

    /** Repeats the last m values; with fewer than m, repeats the last value. */
    @Override
    public double[] horizon(double[] train, int h) {
        Baselines.checkHorizon(train, h);
        int n = train.length;
        double[] f = new double[h];
        for (int k = 0; k < h; k++) {
            f[k] = n < m ? train[n - 1] : train[n - m + k % m];
        }
        return f;
    }
}
