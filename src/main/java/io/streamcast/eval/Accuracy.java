package io.streamcast.eval;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Forecast accuracy as M4 defines it, for streams as well as horizons: a position counts only when both
 * the actual and the forecast are numbers, so a method's NaN warm-up is skipped, not scored as an error
 * (see {@link #scored} for how many were). A mean over no positions is NaN.
 */
public final class Accuracy {
    private Accuracy() {
    }

    public static MetricRow score(double[] y, double[] f, double[] insample, int m) {
        return score(y, f, null, null, maseScale(insample, m));
    }

    /** All metrics at once; lo and hi may be null (coverage NaN). scale is the MASE denominator. */
    public static MetricRow score(double[] y, double[] f, double[] lo, double[] hi, double scale) {
        double mae = mae(y, f);
        double cov = lo == null || hi == null ? Double.NaN : coverage(y, lo, hi);
        return new MetricRow(mae, rmse(y, f), smape(y, f), mae / scale, cov, scored(y, f));
    }

    /** How many positions the other metrics average over. */
    public static int scored(double[] y, double[] f) {
        check(y, f);
        int n = 0;
        for (int t = 0; t < y.length; t++) {
            if (counts(y[t], f[t])) {
                n++;
            }
        }
        return n;
    }

    public static double mae(double[] y, double[] f) {
        check(y, f);
        double s = 0;
        for (int t = 0; t < y.length; t++) {
            s += counts(y[t], f[t]) ? Math.abs(y[t] - f[t]) : 0;
        }
        return s / scored(y, f);
    }

    public static double rmse(double[] y, double[] f) {
        check(y, f);
        double s = 0;
        for (int t = 0; t < y.length; t++) {
            s += counts(y[t], f[t]) ? (y[t] - f[t]) * (y[t] - f[t]) : 0;
        }
        return Math.sqrt(s / scored(y, f));
    }

    /** Mean of 200 |y - f| / (|y| + |f|), percent; a position where y = f = 0 scores 0 (M4's R gives NaN). */
    public static double smape(double[] y, double[] f) {
        check(y, f);
        double s = 0;
        for (int t = 0; t < y.length; t++) {
            double denominator = Math.abs(y[t]) + Math.abs(f[t]);
            s += counts(y[t], f[t]) && denominator > 0 ? 200 * Math.abs(y[t] - f[t]) / denominator : 0;
        }
        return s / scored(y, f);
    }

    /** MAE divided by the in-sample scale {@link #maseScale}. */
    public static double mase(double[] y, double[] f, double[] insample, int m) {
        return mae(y, f) / maseScale(insample, m);
    }

    /** Mean |x[t] - x[t - m]| over t = m..n-1: the in-sample error of the seasonal naive forecast. */
    public static double maseScale(double[] insample, int m) {
        if (m < 1 || insample.length <= m) {
            throw new IllegalArgumentException("MASE needs more than m=" + m + " in-sample values, got "
                    + insample.length);
        }
        double s = 0;
        for (int t = m; t < insample.length; t++) {
            s += Math.abs(insample[t] - insample[t - m]);
        }
        return s / (insample.length - m);
    }

    /** Fraction of the positions with an interval where lo <= y <= hi. */
    public static double coverage(double[] y, double[] lo, double[] hi) {
        check(y, lo);
        check(y, hi);
        int n = 0;
        int inside = 0;
        for (int t = 0; t < y.length; t++) {
            if (counts(y[t], lo[t]) && !Double.isNaN(hi[t])) {
                n++;
                inside += lo[t] <= y[t] && y[t] <= hi[t] ? 1 : 0;
            }
        }
        return (double) inside / n;
    }

    /**
     * M4's overall weighted average from the means over all series of a method and of Naive2; like the
     * organisers, each mean is rounded to 3 decimals before the ratios. Below 1 beats Naive2.
     */
    public static double owa(double smape, double mase, double smapeNaive2, double maseNaive2) {
        return (round3(smape) / round3(smapeNaive2) + round3(mase) / round3(maseNaive2)) / 2;
    }

    public static double round3(double v) {
        if (!Double.isFinite(v)) {
            return v;
        }
        return BigDecimal.valueOf(v).setScale(3, RoundingMode.HALF_EVEN).doubleValue();
    }

    private static boolean counts(double y, double f) {
        return !Double.isNaN(y) && !Double.isNaN(f);
    }

    private static void check(double[] y, double[] f) {
        if (y.length != f.length) {
            throw new IllegalArgumentException("length mismatch: " + y.length + " actuals, " + f.length + " forecasts");
        }
    }
}
