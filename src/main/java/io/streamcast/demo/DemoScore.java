package io.streamcast.demo;

import io.streamcast.feeds.LabelledFeed;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores what the demo's pipeline emitted against what the generator injected: forecast error against the
 * naive forecast, interval coverage, and alerts matched to anomaly windows (an alert counts for a window
 * from its start to an hour after its end).
 */
final class DemoScore {
    static final long ALERT_SLACK_MS = 3_600_000L;

    private final long scoreFrom;
    private final Map<String, double[]> last = new HashMap<>(); // key -> {value, forecast, lower, upper, version}
    private double modelAbs;
    private double naiveAbs;
    private long scored;
    private long covered;
    private final Map<Long, double[]> byVersion = new java.util.TreeMap<>(); // version -> {model, naive, n}
    private final List<Alert> alerts = new ArrayList<>();
    private static final int RECENT = 1000;
    private final double[] recentModel = new double[RECENT];
    private final double[] recentNaive = new double[RECENT];
    private int recentAt;
    private int recentCount;

    record Alert(String key, long ts, double value, double expected, double likelihood, String severity,
                 String cause) {
    }

    /** @param scoreFrom only events at or after this time count towards the error figures */
    DemoScore(long scoreFrom) {
        this.scoreFrom = scoreFrom;
    }

    void forecast(String key, long ts, double value, double forecast, double lower, double upper, boolean warm,
                  long version) {
        double[] prev = last.get(key);
        if (prev != null && warm && Double.isFinite(prev[1])) {
            double[] v = byVersion.computeIfAbsent((long) prev[4], x -> new double[3]);
            v[0] += Math.abs(value - prev[1]);
            v[1] += Math.abs(value - prev[0]);
            v[2]++;
            recentModel[recentAt] = Math.abs(value - prev[1]);
            recentNaive[recentAt] = Math.abs(value - prev[0]);
            recentAt = (recentAt + 1) % RECENT;
            recentCount = Math.min(RECENT, recentCount + 1);
            if (ts >= scoreFrom) {
                modelAbs += Math.abs(value - prev[1]);
                naiveAbs += Math.abs(value - prev[0]);
                scored++;
                if (value >= prev[2] && value <= prev[3]) {
                    covered++;
                }
            }
        }
        last.put(key, new double[] {value, forecast, lower, upper, version});
    }

    /** MAE / naive MAE of the forecasts each model version made, with how many were scored. */
    Map<Long, double[]> errorByVersion() {
        Map<Long, double[]> m = new java.util.TreeMap<>();
        byVersion.forEach((v, a) -> m.put(v, new double[] {a[0] / a[1], a[2]}));
        return m;
    }

    void alert(Alert a) {
        alerts.add(a);
    }

    List<Alert> alerts() {
        return alerts;
    }

    /** MAE over the naive forecast's for the last {@value #RECENT} warm forecasts: what the console shows. */
    double recentMaeRatio() {
        double m = 0;
        double n = 0;
        for (int i = 0; i < recentCount; i++) {
            m += recentModel[i];
            n += recentNaive[i];
        }
        return n == 0 ? Double.NaN : m / n;
    }

    double maeRatio() {
        return naiveAbs == 0 ? Double.NaN : modelAbs / naiveAbs;
    }

    double coverage() {
        return scored == 0 ? Double.NaN : (double) covered / scored;
    }

    long scored() {
        return scored;
    }

    /** Anomalies with at least one alert in their window, and alerts outside every window. */
    public record Detection(int detected, int injected, int falseAlerts, List<String> missed) {
    }

    Detection detection(List<LabelledFeed.Anomaly> anomalies) {
        Set<LabelledFeed.Anomaly> hit = new HashSet<>();
        int falseAlerts = 0;
        for (Alert a : alerts) {
            boolean matched = false;
            for (LabelledFeed.Anomaly an : anomalies) {
                if (an.covers(a.key(), a.ts(), ALERT_SLACK_MS)) {
                    hit.add(an);
                    matched = true;
                }
            }
            if (!matched) {
                falseAlerts++;
            }
        }
        List<String> missed = anomalies.stream().filter(an -> !hit.contains(an))
                .map(an -> an.key() + " " + an.kind() + " at " + java.time.Instant.ofEpochMilli(an.start())).toList();
        return new Detection(hit.size(), anomalies.size(), falseAlerts, missed);
    }
}
