package io.streamcast.eval;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.streamcast.spec.PipelineSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a backtest measured, as written to report.json.
 *
 * @param mode          "streaming" (one-step forecasts of every row) or "horizon" (H steps from each series' end)
 * @param overall       per method, the mean over series of each metric (M4's averaging in horizon mode)
 * @param owa           horizon mode: each method's M4 OWA against Naive2 (NaN without holdout)
 * @param modelVersions the weight versions the forecasts were made with, in the order they appeared
 * @param nab           the NAB score when labels were given, else null
 */
public record BacktestReport(String tool, String specFile, PipelineSpec spec, long seed, String mode, int horizon,
                             int holdout, int seasonalPeriod, String onlineTraining, String offlineTraining,
                             long events, long rejected, long alerts, double seconds, double eventsPerSecond,
                             List<Long> modelVersions, Map<String, MetricRow> overall, Map<String, Double> owa,
                             NabSummary nab, List<SeriesReport> series) {

    /**
     * Every method against the naive forecast and against the seasonal naive one, series by series: the
     * report's headline (scale-free), ahead of {@link #overall}'s means. Written to report.json too.
     */
    @JsonProperty("versusBaselines")
    public Map<String, Map<String, RelativeAccuracy>> versusBaselines() {
        List<Map<String, MetricRow>> perSeries = series.stream().map(SeriesReport::metrics).toList();
        Map<String, Map<String, RelativeAccuracy>> out = new LinkedHashMap<>();
        for (String method : overall.keySet()) {
            Map<String, RelativeAccuracy> m = new LinkedHashMap<>();
            for (String baseline : List.of("naive", "seasonal-naive")) {
                if (!method.equals(baseline) && overall.containsKey(baseline)) {
                    m.put(baseline, RelativeAccuracy.of(perSeries, method, baseline));
                }
            }
            out.put(method, m);
        }
        return out;
    }

    /** One series: its rows, what was rejected and why, alerts, metrics by method, NAB figures. */
    public record SeriesReport(String key, String category, int rows, int rejected, Map<String, Long> rejectedBy,
                               int alerts, Map<String, MetricRow> metrics, NabSeries nab) {
    }

    /**
     * The NAB score under each profile, with its best threshold and detection counts at it.
     *
     * @param crossValidated the standard profile with no file scored at a threshold chosen on it; null with one
     *                       file
     */
    public record NabSummary(String labels, int files, int windows, Map<String, NabProfileScore> profiles,
                             String thresholdNote, NabCrossValidated crossValidated) {
    }

    /**
     * The standard profile's score when each fold's files are scored at the threshold that scores best on all the
     * other files: what the in-sample score would be on files nobody chose the threshold on.
     *
     * @param folds how the files were split: "category" (leave one category out) or "file" (with one category)
     * @param score normalised as the in-sample score, over the same windows
     */
    public record NabCrossValidated(String folds, double score, double raw, List<NabFold> parts) {
    }

    /** One held-out fold: the threshold chosen without it and what its files scored there. */
    public record NabFold(String heldOut, int files, double threshold, double raw, int windowsDetected,
                          int windowsMissed, int falsePositives) {
    }

    public record NabProfileScore(double score, double threshold, double raw, double nullScore, double perfectScore,
                                  int windowsDetected, int windowsMissed, int falsePositives, double precision,
                                  double recall) {
    }

    /** A file's share of the standard profile at its best threshold. */
    public record NabSeries(int windows, int windowsDetected, int falsePositives, double raw) {
    }
}
