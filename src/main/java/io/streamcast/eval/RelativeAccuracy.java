package io.streamcast.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A method against a baseline over series, scale-free first: the median of the per-series MAE ratios and how
 * many series it beats the baseline on (ratio below 1), then the ratio of the mean MAEs, which a few series of
 * large scale decide. Series where either has no score, or the baseline's MAE is 0, are left out.
 *
 * @param series       series compared
 * @param medianRatio  median over series of method MAE / baseline MAE
 * @param better       series where the method's MAE is below the baseline's
 * @param ratioOfMeans mean MAE over mean MAE (for comparison with older reports; not scale-free)
 */
public record RelativeAccuracy(int series, double medianRatio, int better, double ratioOfMeans) {

    public double shareBetter() {
        return series == 0 ? Double.NaN : better / (double) series;
    }

    /** @param perSeries each series' metrics by method name */
    public static RelativeAccuracy of(List<Map<String, MetricRow>> perSeries, String method, String baseline) {
        List<Double> ratios = new ArrayList<>();
        double sumMethod = 0;
        double sumBaseline = 0;
        int better = 0;
        for (Map<String, MetricRow> m : perSeries) {
            double r = ratio(m, method, baseline);
            if (Double.isNaN(r)) {
                continue;
            }
            ratios.add(r);
            better += r < 1 ? 1 : 0;
            sumMethod += m.get(method).mae();
            sumBaseline += m.get(baseline).mae();
        }
        return new RelativeAccuracy(ratios.size(), median(ratios), better,
                ratios.isEmpty() ? Double.NaN : sumMethod / sumBaseline);
    }

    /** One series' MAE ratio, or NaN where either has no score or the baseline's MAE is 0. */
    public static double ratio(Map<String, MetricRow> series, String method, String baseline) {
        MetricRow a = series.get(method);
        MetricRow b = series.get(baseline);
        if (a == null || b == null || !Double.isFinite(a.mae()) || !Double.isFinite(b.mae()) || b.mae() == 0) {
            return Double.NaN;
        }
        return a.mae() / b.mae();
    }

    static double median(List<Double> values) {
        return median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The median (of an even count, the mean of the middle two); NaN for none. {@code values} is left as it was. */
    public static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
