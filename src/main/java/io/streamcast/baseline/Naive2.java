package io.streamcast.baseline;

/**
 * M4's Naive2 benchmark, as the organisers' R code computes it ({@code Benchmarks and Evaluation.R} with
 * {@code stats::decompose} and {@code stats::acf}): if a 90% autocorrelation test finds the series
 * seasonal at lag m, the last value is seasonally adjusted by classical multiplicative indices and
 * multiplied back by the index of each future position; otherwise it is the last value.
 */
public final class Naive2 implements HorizonBaseline {
    private static final double T_CRIT = 1.645;

    private final int m;

    public Naive2(int m) {
        this.m = Baselines.checkPeriod(m);
    }

    @Override
    public String name() {
        return "naive2(m=" + m + ")";
    }

    @Override
    public double[] horizon(double[] train, int h) {
        Baselines.checkHorizon(train, h);
        int n = train.length;
        double[] f = new double[h];
        if (m > 1 && seasonal(train, m)) {
            double[] index = seasonalIndices(train, m);
            double adjusted = train[n - 1] / index[(n - 1) % m];
            for (int k = 0; k < h; k++) {
                f[k] = adjusted * index[(n + k) % m];
            }
        } else {
            java.util.Arrays.fill(f, train[n - 1]);
        }
        return f;
    }

    /**
     * True when n >= 3m and |r_m| > 1.645 * sqrt((1 + 2 * (r_1^2 + ... + r_(m-1)^2)) / n). As in R, acf
     * stops at lag floor(10 * log10(n)) (and n - 1); when that is below m, r_m is NA and the answer false.
     */
    public static boolean seasonal(double[] x, int m) {
        int n = x.length;
        if (n < 3 * m) {
            return false;
        }
        int lagMax = Math.min((int) Math.floor(10 * Math.log10(n)), n - 1);
        if (m > lagMax) {
            return false;
        }
        double[] r = acf(x, m);
        double sum = 1;
        for (int k = 1; k < m; k++) {
            sum += 2 * r[k] * r[k];
        }
        return Math.abs(r[m]) > T_CRIT / Math.sqrt(n) * Math.sqrt(sum);
    }

    /** r[k] for k = 0..maxLag, R's estimator: deviations from the mean, both sums divided by n. */
    static double[] acf(double[] x, int maxLag) {
        int n = x.length;
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= n;
        double[] r = new double[maxLag + 1];
        for (int k = 0; k <= maxLag; k++) {
            double s = 0;
            for (int t = 0; t + k < n; t++) {
                s += (x[t] - mean) * (x[t + k] - mean);
            }
            r[k] = s;
        }
        double c0 = r[0];
        for (int k = 0; k <= maxLag; k++) {
            r[k] /= c0;
        }
        return r;
    }

    /**
     * The m multiplicative seasonal indices of {@code decompose(type = "multiplicative")}; index[i] belongs
     * to positions t with t % m == i. Trend: the centred moving average (2 x m for even m, m for odd m),
     * undefined for the first and last m/2 positions. Each index is the mean of x / trend over its defined
     * positions; the m means are then divided by their own mean. Needs n >= 2m.
     */
    public static double[] seasonalIndices(double[] x, int m) {
        int n = x.length;
        if (m < 2 || n < 2 * m) {
            throw new IllegalArgumentException("need a period >= 2 and two periods, got m=" + m + ", n=" + n);
        }
        int half = m / 2;
        double[] sum = new double[m];
        int[] count = new int[m];
        for (int t = half; t < n - half; t++) {
            double trend = 0;
            if (m % 2 == 0) {
                trend = 0.5 * (x[t - half] + x[t + half]);
                for (int j = -half + 1; j < half; j++) {
                    trend += x[t + j];
                }
            } else {
                for (int j = -half; j <= half; j++) {
                    trend += x[t + j];
                }
            }
            sum[t % m] += x[t] / (trend / m);
            count[t % m]++;
        }
        double[] index = new double[m];
        double mean = 0;
        for (int i = 0; i < m; i++) {
            index[i] = sum[i] / count[i];
            mean += index[i] / m;
        }
        for (int i = 0; i < m; i++) {
            index[i] /= mean;
        }
        return index;
    }
}
