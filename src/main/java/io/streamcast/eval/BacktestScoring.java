package io.streamcast.eval;

import io.streamcast.data.SeriesInput;
import io.streamcast.baseline.EwmaBaseline;
import io.streamcast.baseline.HoltWintersBaseline;
import io.streamcast.baseline.HorizonBaseline;
import io.streamcast.baseline.Naive2;
import io.streamcast.baseline.NaiveBaseline;
import io.streamcast.baseline.SeasonalNaiveBaseline;
import io.streamcast.baseline.StreamingBaseline;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Scores a series' forecasts and the baselines' on exactly the same positions. Streaming mode: one-step
 * forecasts of every accepted row past the normaliser's warm-up. Horizon mode: the forecast of the held-out
 * rows from the visible ones. The baselines see only the rows the forecaster accepted.
 */
public final class BacktestScoring {
    public static final String MODEL = "streamcast";
    /** The same spec's forecast with its direct head left out: what the fitted head adds is the difference. */
    public static final String WITHOUT_HEAD = "streamcast-no-head";
    public static final String NAIVE2 = "naive2";
    public static final String HOLT_WINTERS = "holt-winters";
    static final double EWMA_ALPHA = 0.3;

    private final int period;

    public BacktestScoring(int period) {
        this.period = period;
    }

    /** The seasonal period: the spec's, or one day of the series' usual step (at least 2). */
    public static int period(int fromSpec, SeriesInput in) {
        if (fromSpec > 0) {
            return fromSpec;
        }
        long perDay = 86_400_000L / in.medianStepMs();
        return (int) Math.max(2, Math.min(perDay, 10_000));
    }

    /** Metrics by method name, the model first. */
    public Map<String, MetricRow> streaming(SeriesRun run) {
        int n = run.rows();
        int[] accepted = new int[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (run.rejected[i] == null) {
                accepted[k++] = i;
            }
        }
        double[] y = new double[k];
        double[] f = new double[k];
        double[] lo = new double[k];
        double[] hi = new double[k];
        double[] scored = new double[k];
        for (int j = 0; j < k; j++) {
            int i = accepted[j];
            y[j] = run.input.values()[i];
            f[j] = run.forecast[i];
            lo[j] = run.lower[i];
            hi[j] = run.upper[i];
            // Only rows whose forecast counted (normaliser warm) are scored, for every method alike.
            scored[j] = run.warm[i] && Double.isFinite(f[j]) ? y[j] : Double.NaN;
        }
        double scale = Accuracy.maseScale(y, Math.min(period, Math.max(1, k - 1)));
        Map<String, MetricRow> out = new LinkedHashMap<>();
        out.put(MODEL, Accuracy.score(scored, f, lo, hi, scale));
        streamingBaselines(k).forEach((name, b) -> out.put(name, Accuracy.score(scored, b.oneStepAhead(y), null,
                null, scale)));
        return out;
    }

    /** Horizon metrics by method name, the model first; empty when nothing is held out. */
    public Map<String, MetricRow> horizon(SeriesRun run) {
        SeriesInput in = run.input;
        if (in.holdout() == 0 || run.horizonMean.length == 0) {
            return Map.of();
        }
        double[] train = Arrays.copyOf(in.values(), in.visible());
        int h = Math.min(in.holdout(), run.horizonMean.length);
        double[] test = Arrays.copyOfRange(in.values(), in.visible(), in.visible() + h);
        double scale = Accuracy.maseScale(train, Math.min(period, train.length - 1));
        Map<String, MetricRow> out = new LinkedHashMap<>();
        out.put(MODEL, Accuracy.score(test, Arrays.copyOf(run.horizonMean, h), Arrays.copyOf(run.horizonLower, h),
                Arrays.copyOf(run.horizonUpper, h), scale));
        if (run.horizonWithoutHead.length > 0) {
            out.put(WITHOUT_HEAD, Accuracy.score(test, Arrays.copyOf(run.horizonWithoutHead, h), null, null, scale));
        }
        horizonBaselines().forEach((name, b) -> out.put(name, Accuracy.score(test, b.horizon(train, h), null, null,
                scale)));
        return out;
    }

    private Map<String, StreamingBaseline> streamingBaselines(int n) {
        // Holt-Winters fits its three parameters on the first fifth of the series (at least two seasons and
        // one more row), then runs on with them: it has seen those rows before it forecasts them, nothing later.
        int fit = Math.min(n, Math.max(2 * period + 1, n / 5));
        Map<String, StreamingBaseline> m = new LinkedHashMap<>();
        m.put("naive", new NaiveBaseline());
        m.put("seasonal-naive", new SeasonalNaiveBaseline(period));
        m.put("ewma", new EwmaBaseline(EWMA_ALPHA));
        m.put(HOLT_WINTERS, new HoltWintersBaseline(period, fit));
        return m;
    }

    private Map<String, HorizonBaseline> horizonBaselines() {
        Map<String, HorizonBaseline> m = new LinkedHashMap<>();
        m.put("naive", new NaiveBaseline());
        m.put("seasonal-naive", new SeasonalNaiveBaseline(period));
        m.put("ewma", new EwmaBaseline(EWMA_ALPHA));
        m.put(HOLT_WINTERS, new HoltWintersBaseline(period));
        m.put(NAIVE2, new Naive2(period));
        return m;
    }
}
