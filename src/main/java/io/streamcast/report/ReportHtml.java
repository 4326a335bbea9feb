package io.streamcast.report;

import io.streamcast.eval.BacktestReport;
import io.streamcast.eval.Accuracy;
import io.streamcast.eval.Backtest;
import io.streamcast.eval.BacktestScoring;
import io.streamcast.eval.MetricRow;
import io.streamcast.eval.NabOutputs;
import io.streamcast.eval.RelativeAccuracy;
import io.streamcast.eval.SeriesRun;
import io.streamcast.eval.nab.NabLabels;
import io.streamcast.eval.nab.NabWindow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * report.html: one self-contained page (inline CSS and SVG, nothing fetched) with the overall
 * table against the baselines, the NAB scores, every series in a table that sorts by any column at a click (the
 * page's one small script; without it the table stays worst first), and per series a chart of value, forecast
 * and band, anomaly likelihood, alerts and labelled windows. Long series are drawn from per-pixel buckets (min and max kept),
 * so a spike never disappears.
 */
public final class ReportHtml {
    static final int MAX_CHARTS = 120;
    private static final int W = 1100;
    private static final int H = 180;
    private static final int HS = 50;

    private ReportHtml() {
    }

    /** @param detections each run's alert openings at the NAB threshold, in run order (null without labels) */
    public static void write(Path file, BacktestReport r, List<SeriesRun> runs, NabLabels labels,
                             List<int[]> detections) throws IOException {
        StringBuilder b = new StringBuilder(1 << 20);
        b.append("<!doctype html><html lang=en><head><meta charset=utf-8><title>Streamcast backtest: ")
                .append(esc(r.spec().name())).append("</title><style>")
                .append("body{font:14px system-ui,sans-serif;margin:24px;color:#222;max-width:1160px}")
                .append("table{border-collapse:collapse;margin:8px 0 16px}td,th{padding:3px 10px;border-bottom:1px solid #ddd;")
                .append("text-align:right}th:first-child,td:first-child{text-align:left}tr.us td{font-weight:600}")
                .append(".headline{font-size:16px;margin:8px 0}h2{margin-top:28px}.k{color:#666}svg{display:block;margin-bottom:18px}")
                .append(".legend span{margin-right:14px}.sw{display:inline-block;width:18px;height:3px;vertical-align:middle;margin-right:4px}")
                .append("table.sortable th{cursor:pointer;user-select:none}th[aria-sort=ascending]::after{content:' \\25B2'}")
                .append("th[aria-sort=descending]::after{content:' \\25BC'}")
                .append("</style></head><body>");
        b.append("<h1>Backtest: ").append(esc(r.spec().name())).append("</h1><p class=k>")
                .append(esc(r.mode())).append(" mode").append(r.horizon() > 0 ? ", horizon " + r.horizon() : "")
                .append(r.holdout() > 0 ? ", last " + r.holdout() + " values held out" : "")
                .append(" · ").append(r.series().size()).append(" series · ").append(String.format(Locale.ROOT, "%,d", r.events()))
                .append(" events in ").append(fmt(r.seconds())).append(" s (")
                .append(String.format(Locale.ROOT, "%,.0f", r.eventsPerSecond())).append(" events/s) · spec ")
                .append(esc(r.specFile())).append(" · seed ").append(r.seed()).append(" · ")
                .append(versions(r.modelVersions())).append(" · ").append(r.rejected()).append(" rows rejected · ")
                .append(r.alerts()).append(" alerts</p>");
        if (r.offlineTraining() != null) {
            b.append("<p class=k>Offline training: ").append(esc(r.offlineTraining())).append("</p>");
        }
        if (r.onlineTraining() != null) {
            b.append("<p class=k>Online training: ").append(esc(r.onlineTraining())).append("</p>");
        }
        overall(b, r);
        nab(b, r);
        seriesTable(b, r, Math.min(runs.size(), MAX_CHARTS));
        b.append("<h2>Series</h2><p class=legend><span><i class=sw style=background:#222></i>value</span>")
                .append("<span><i class=sw style=background:#1f6fd1></i>forecast</span><span><i class=sw style=")
                .append("\"background:#1f6fd1;opacity:.25;height:10px\"></i>interval</span><span><i class=sw ")
                .append("style=background:#d9480f></i>alert</span><span><i class=sw style=\"background:#f4c430;")
                .append("opacity:.45;height:10px\"></i>labelled window</span><span><i class=sw style=")
                .append("background:#7b2cbf></i>anomaly likelihood</span>")
                .append(detections == null ? "" : "<span><i class=sw style=background:#0b7285></i>alert at the "
                        + "NAB threshold</span>").append("</p>");
        int shown = Math.min(runs.size(), MAX_CHARTS);
        for (int i = 0; i < shown; i++) {
            SeriesRun run = runs.get(i);
            BacktestReport.SeriesReport sr = r.series().get(i);
            b.append("<h3 id=s").append(i).append('>').append(esc(run.key())).append("</h3><p class=k>").append(summary(sr)).append("</p>");
            List<NabWindow> windows = windows(labels, run);
            int[] detected = detections == null ? new int[0] : detections.get(i);
            b.append(r.horizon() > 0 ? SeriesChart.horizon(run, W, H)
                    : SeriesChart.stream(run, windows, detected, W, H, HS));
        }
        if (shown < runs.size()) {
            b.append("<p class=k>").append(runs.size() - shown).append(" more series are in report.json and events.csv.</p>");
        }
        b.append("<script>").append(SORT_SCRIPT).append("</script></body></html>\n");
        Files.writeString(file, b);
    }

    private static void overall(StringBuilder b, BacktestReport r) {
        Map<String, Map<String, RelativeAccuracy>> vs = r.versusBaselines();
        b.append("<h2>Accuracy against the baselines</h2>");
        headline(b, r, vs.getOrDefault(BacktestScoring.MODEL, Map.of()));
        b.append("<p class=k>").append(scoredRows(r))
                .append(" MASE divides by the in-sample seasonal-naive error; MAE, RMSE, sMAPE, MASE and coverage are ")
                .append("means over series. The per-series columns count every series once whatever its scale; the last ")
                .append("column, the ratio of the mean MAEs, is decided by the series of largest scale.</p>")
                .append("<table><tr><th>method</th><th>MAE</th>")
                .append("<th>RMSE</th><th>sMAPE %</th><th>MASE</th><th>coverage</th>")
                .append(r.owa().isEmpty() ? "" : "<th>OWA</th>")
                .append("<th>median MAE / naive</th><th>series better than naive</th><th>mean MAE / naive's</th></tr>");
        for (Map.Entry<String, MetricRow> e : r.overall().entrySet()) {
            MetricRow m = e.getValue();
            b.append(e.getKey().equals(BacktestScoring.MODEL) ? "<tr class=us>" : "<tr>").append("<td>")
                    .append(esc(e.getKey())).append("</td><td>").append(fmt(m.mae())).append("</td><td>")
                    .append(fmt(m.rmse())).append("</td><td>").append(fmt(m.smape())).append("</td><td>")
                    .append(fmt(m.mase())).append("</td><td>")
                    .append(Double.isNaN(m.coverage()) ? "" : fmt(100 * m.coverage()) + "%").append("</td>");
            if (!r.owa().isEmpty()) {
                b.append("<td>").append(fmt(r.owa().get(e.getKey()))).append("</td>");
            }
            RelativeAccuracy n = vs.getOrDefault(e.getKey(), Map.of()).get("naive");
            b.append(n == null ? "<td></td><td></td><td></td>" : "<td>" + fmt(n.medianRatio()) + "×</td><td>" + n.better()
                    + " of " + n.series() + "</td><td>" + fmt(n.ratioOfMeans()) + "×</td>").append("</tr>");
        }
        b.append("</table>");
    }

    /**
     * Every series in one table, worst against naive first (series without a ratio last), each linked to its
     * chart when it has one: where the model loses is what a reader needs to see first.
     */
    private static void seriesTable(StringBuilder b, BacktestReport r, int charted) {
        List<Integer> order = new java.util.ArrayList<>();
        for (int i = 0; i < r.series().size(); i++) {
            order.add(i);
        }
        order.sort(java.util.Comparator.comparingDouble((Integer i) -> {
            double v = ratio(r.series().get(i), "naive");
            return Double.isFinite(v) ? -v : Double.POSITIVE_INFINITY;
        }));
        b.append("<h2>Every series, worst against naive first</h2><p class=k>Click a column to sort by it.</p>")
                .append("<table id=series-table class=sortable><thead><tr><th>series</th><th>rows</th>")
                .append("<th aria-sort=descending>MAE / naive</th><th>MAE / seasonal naive</th><th>MASE</th>")
                .append("<th>coverage</th><th>alerts</th>")
                .append(r.nab() == null ? "" : "<th>windows detected</th><th>false positives</th>")
                .append("</tr></thead><tbody>");
        for (int i : order) {
            BacktestReport.SeriesReport sr = r.series().get(i);
            MetricRow us = sr.metrics().get(BacktestScoring.MODEL);
            double mase = us == null ? Double.NaN : us.mase();
            double coverage = us == null ? Double.NaN : 100 * us.coverage();
            b.append("<tr data-key=\"").append(esc(sr.key())).append("\"><td data-v=\"").append(esc(sr.key()))
                    .append("\">").append(i < charted ? "<a href=#s" + i + ">" + esc(sr.key()) + "</a>" : esc(sr.key()))
                    .append("</td>").append(cell(Long.toString(sr.rows()), sr.rows()))
                    .append(cell(times(ratio(sr, "naive")), ratio(sr, "naive")))
                    .append(cell(times(ratio(sr, "seasonal-naive")), ratio(sr, "seasonal-naive")))
                    .append(cell(Double.isFinite(mase) ? fmt(mase) : "", mase))
                    .append(cell(Double.isFinite(coverage) ? fmt(coverage) + "%" : "", coverage))
                    .append(cell(Long.toString(sr.alerts()), sr.alerts()));
            if (r.nab() != null) {
                b.append(cell(sr.nab() == null ? "" : sr.nab().windowsDetected() + " of " + sr.nab().windows(),
                                sr.nab() == null ? Double.NaN : sr.nab().windowsDetected()))
                        .append(cell(sr.nab() == null ? "" : Long.toString(sr.nab().falsePositives()),
                                sr.nab() == null ? Double.NaN : sr.nab().falsePositives()));
            }
            b.append("</tr>");
        }
        b.append("</tbody></table>");
    }

    /** Sorts a table.sortable by the clicked column's data-v (numbers as numbers, blanks last), toggling order. */
    private static final String SORT_SCRIPT = String.join("",
            "document.querySelectorAll('table.sortable').forEach(function(t){",
            "var ths=t.tHead.rows[0].cells;Array.prototype.forEach.call(ths,function(th,c){",
            "th.addEventListener('click',function(){",
            "var dir=th.getAttribute('aria-sort')==='ascending'?-1:1;",
            "Array.prototype.forEach.call(ths,function(h){h.removeAttribute('aria-sort');});",
            "th.setAttribute('aria-sort',dir>0?'ascending':'descending');",
            "var body=t.tBodies[0],rows=Array.prototype.slice.call(body.rows);",
            "rows.sort(function(a,b){var x=a.cells[c].dataset.v,y=b.cells[c].dataset.v;",
            "var xe=x===undefined||x==='',ye=y===undefined||y==='';",
            "if(xe||ye){return xe===ye?0:xe?1:-1;}",
            "var nx=Number(x),ny=Number(y);",
            "return dir*(isNaN(nx)||isNaN(ny)?x.localeCompare(y):nx-ny);});",
            "rows.forEach(function(r){body.appendChild(r);});});});});");

    /** A cell with its sort value: a number's full precision (blank when it has none), or the text itself. */
    private static String cell(String shown, double sortValue) {
        return "<td data-v=\"" + (Double.isFinite(sortValue) ? Double.toString(sortValue) : "") + "\">" + shown + "</td>";
    }

    private static String times(double ratio) {
        return Double.isFinite(ratio) ? fmt(ratio) + "×" : "–";
    }

    /** The model's MAE over a baseline's on one series, NaN where either is missing. */
    private static double ratio(BacktestReport.SeriesReport s, String baseline) {
        return RelativeAccuracy.ratio(s.metrics(), BacktestScoring.MODEL, baseline);
    }

    /** The model against naive and seasonal naive series by series, in one line ahead of the table. */
    private static void headline(StringBuilder b, BacktestReport r, Map<String, RelativeAccuracy> vs) {
        MetricRow us = r.overall().get(BacktestScoring.MODEL);
        if (us == null) {
            return;
        }
        b.append("<p class=headline>Streamcast");
        RelativeAccuracy n = vs.get("naive");
        if (n != null && n.series() > 0) {
            b.append(": better than the naive forecast on <b>").append(n.better()).append(" of ").append(n.series())
                    .append(" series</b> (median MAE ratio <b>").append(fmt(n.medianRatio())).append("×</b>)");
        }
        RelativeAccuracy sn = vs.get("seasonal-naive");
        if (sn != null && sn.series() > 0) {
            b.append("; than seasonal naive on ").append(sn.better()).append(" of ").append(sn.series())
                    .append(" (median ").append(fmt(sn.medianRatio())).append("×)");
        }
        b.append(" · MASE ").append(fmt(us.mase()));
        if (!r.owa().isEmpty() && r.owa().get(BacktestScoring.MODEL) != null) {
            b.append(" · OWA ").append(fmt(r.owa().get(BacktestScoring.MODEL)));
        }
        b.append("</p>");
    }

    /** What the scores are of: held-out values only when some were held out. */
    static String scoredRows(BacktestReport r) {
        if (r.mode().equals("horizon") && r.holdout() > 0) {
            return "Forecasts of the " + r.holdout() + " held-out values from each series' end.";
        }
        return "One-step forecasts of every row after the normaliser's warm-up; every method is scored on the same rows"
                + " (Holt-Winters from the end of each series' first fifth, on which it is fitted)"
                + (r.mode().equals("horizon") ? " (nothing is held out, so the horizon past each series' end is drawn, "
                + "not scored)." : ".");
    }

    private static void nab(StringBuilder b, BacktestReport r) {
        if (r.nab() == null) {
            return;
        }
        b.append("<h2>Numenta Anomaly Benchmark score</h2><p class=k>").append(r.nab().files()).append(" files, ")
                .append(r.nab().windows()).append(" labelled windows (").append(esc(r.nab().labels()))
                .append("). Normalised: 0 never fires, 100 perfect. ").append(esc(r.nab().thresholdNote()))
                .append(".</p><table><tr><th>profile</th><th>score</th><th>trigger likelihood</th><th>windows detected</th>")
                .append("<th>missed</th><th>false positives</th><th>precision</th><th>recall</th></tr>");
        r.nab().profiles().forEach((name, s) -> b.append("<tr><td>").append(esc(name)).append("</td><td>")
                .append(fmt(s.score())).append("</td><td>").append(NabOutputs.triggerText(s.threshold()))
                .append("</td><td>").append(s.windowsDetected()).append("</td><td>").append(s.windowsMissed())
                .append("</td><td>").append(s.falsePositives()).append("</td><td>").append(fmt(s.precision()))
                .append("</td><td>").append(fmt(s.recall())).append("</td></tr>"));
        b.append("</table>");
        BacktestReport.NabCrossValidated cv = r.nab().crossValidated();
        if (cv != null) {
            b.append("<p class=k>Cross-validated (standard profile, leave one ").append(esc(cv.folds()))
                    .append(" out: each held-out ").append(esc(cv.folds()))
                    .append(" scored at the trigger that scores best on all the other files): <b>")
                    .append(fmt(cv.score())).append("</b>. ");
            for (BacktestReport.NabFold f : cv.parts()) {
                b.append(esc(f.heldOut().isEmpty() ? "(no category)" : f.heldOut())).append(": trigger ")
                        .append(NabOutputs.triggerText(f.threshold())).append(", ")
                        .append(f.windowsDetected()).append(" of ").append(f.windowsDetected() + f.windowsMissed())
                        .append(" windows, ").append(f.falsePositives()).append(" false positives. ");
            }
            b.append("</p>");
        }
    }

    private static String summary(BacktestReport.SeriesReport s) {
        StringBuilder b = new StringBuilder();
        b.append(s.rows()).append(" rows");
        if (s.rejected() > 0) {
            b.append(", ").append(s.rejected()).append(" rejected ").append(esc(s.rejectedBy().toString()));
        }
        b.append(", ").append(s.alerts()).append(" alerts");
        MetricRow us = s.metrics().get(BacktestScoring.MODEL);
        MetricRow naive = s.metrics().get("naive");
        if (us != null) {
            b.append(" · MAE ").append(fmt(us.mae())).append(naive != null ? " (" + fmt(us.mae() / naive.mae())
                    + "× naive)" : "").append(", sMAPE ").append(fmt(us.smape())).append("%, MASE ").append(fmt(us.mase()));
            if (!Double.isNaN(us.coverage())) {
                b.append(", coverage ").append(fmt(100 * us.coverage())).append('%');
            }
        }
        if (s.nab() != null) {
            b.append(" · at the NAB threshold: ").append(s.nab().windowsDetected()).append(" of ").append(s.nab().windows())
                    .append(" windows detected, ").append(s.nab().falsePositives()).append(" false positives");
        }
        return b.toString();
    }

    private static List<NabWindow> windows(NabLabels labels, SeriesRun run) {
        String key = labels == null ? null : NabOutputs.labelKey(labels, run);
        return key == null ? List.of() : labels.rows(key, run.input.ts());
    }

    private static String versions(List<Long> v) {
        if (v.size() <= 6) {
            return "model versions " + v;
        }
        return v.size() + " model versions (" + v.get(0) + " to " + v.stream().mapToLong(Long::longValue).max().orElse(0)
                + ")";
    }

    static String fmt(double v) {
        if (!Double.isFinite(v)) {
            return "–";
        }
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 1000 ? "%,.0f" : a >= 10 ? "%.2f" : "%.3f", v);
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
