package io.streamcast.backtest;

import io.streamcast.engine.EventOutcome;
import io.streamcast.data.BacktestInputs;
import io.streamcast.data.M4Csv;
import io.streamcast.data.SeriesInput;
import io.streamcast.eval.Accuracy;
import io.streamcast.eval.AlertReplay;
import io.streamcast.eval.Backtest;
import io.streamcast.eval.BacktestScoring;
import io.streamcast.eval.MetricRow;
import io.streamcast.eval.NabOutputs;
import io.streamcast.eval.OnlineTraining;
import io.streamcast.eval.SeriesRun;
import io.streamcast.eval.SynchronousTraining;
import io.streamcast.eval.BacktestReport;
import io.streamcast.report.ReportHtml;
import io.streamcast.report.ReportWriter;
import io.streamcast.eval.nab.NabLabels;
import io.streamcast.eval.nab.NabProfile;
import io.streamcast.model.Weights;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.spec.SpecLoader;
import io.streamcast.engine.ModelLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A whole file backtest as the CLI runs it: read, (train,) replay, score, and write every output. */
public final class BacktestJob {
    /**
     * @param format      "csv" (one series per file, or key,ts,value) or "m4" (the M4 wide file)
     * @param horizon     0 for one-step streaming scores; H to forecast H steps from each series' end
     * @param holdout     hide this many last rows of each series and score the horizon forecast on them
     * @param trainEpochs train offline on the visible rows first for this many epochs (0: no; -1: the spec's)
     * @param labels      NAB combined_windows.json, or null
     */
    public record Options(Path specFile, Path input, String format, int horizon, int holdout, int trainEpochs,
                          boolean onlineTraining, Path labels, Path out, ReportWriter.Events events,
                          int originRowsBack) {
        public Options(Path specFile, Path input, String format, int horizon, int holdout, int trainEpochs,
                       boolean onlineTraining, Path labels, Path out) {
            this(specFile, input, format, horizon, holdout, trainEpochs, onlineTraining, labels, out,
                    ReportWriter.Events.CSV, 0);
        }

        public Options(Path specFile, Path input, String format, int horizon, int holdout, int trainEpochs,
                       boolean onlineTraining, Path labels, Path out, ReportWriter.Events events) {
            this(specFile, input, format, horizon, holdout, trainEpochs, onlineTraining, labels, out, events, 0);
        }

        /** The same backtest from a forecast origin {@code rows} rows before each series' end (rolling origin). */
        public Options earlierOrigin(int rows, Path out) {
            return new Options(specFile, input, format, horizon, holdout, trainEpochs, onlineTraining, labels, out,
                    events, rows);
        }

        public Options {
            if (!format.equals("csv") && !format.equals("m4")) {
                throw new IllegalArgumentException("--format must be csv or m4, got '" + format + "'");
            }
            if (holdout < 0 || horizon < 0 || trainEpochs < -1) {
                throw new IllegalArgumentException("--horizon and --holdout-last must be >= 0");
            }
            if (holdout > 0 && horizon == 0) {
                horizon = holdout;
            }
        }
    }

    private BacktestJob() {
    }

    public static BacktestReport run(Options o, Backtest.Progress progress) throws IOException {
        PipelineSpec spec = SpecLoader.load(o.specFile());
        NabLabels labels = o.labels() == null ? null : NabLabels.read(o.labels());
        List<SeriesInput> inputs = read(o);
        Weights initial = ModelLoader.initial(spec, o.specFile().toAbsolutePath().getParent());
        OnlineTraining online = o.onlineTraining() ? new SynchronousTraining(spec) : null;
        int epochs = o.trainEpochs() < 0 ? spec.training().epochCount() : o.trainEpochs();
        Backtest.Result result = Backtest.run(spec, initial, inputs, o.horizon(), epochs, online, progress);
        return write(o, spec, result, labels, online, progress);
    }

    /** Scores a replay's results and writes every output file under {@code o.out()}: shared by file and topic replays. */
    public static BacktestReport write(Options o, PipelineSpec spec, Backtest.Result result, NabLabels labels,
                                OnlineTraining online, Backtest.Progress progress) throws IOException {
        progress.phase("scoring against the baselines" + (labels == null ? "" : " and the labels"));
        List<AlertReplay> replays = NabOutputs.replays(result.runs(), spec.anomalyConfig());
        BacktestReport report = report(o, spec, result, labels, online, replays);
        progress.phase("writing the report");
        ReportWriter.json(o.out(), report);
        ReportWriter.events(o.out(), result.runs(), o.events());
        if (o.horizon() > 0) {
            ReportWriter.horizon(o.out(), result.runs());
            if (o.format().equals("m4")) {
                ReportWriter.m4(o.out(), result.runs());
            }
        }
        Double threshold = report.nab() == null ? null : report.nab().profiles().get(NabProfile.STANDARD.name()).threshold();
        NabOutputs.write(o.out(), replays, spec.anomalyConfig(), threshold);
        ReportHtml.write(o.out().resolve("report.html"), report, result.runs(), labels,
                threshold == null ? null : NabOutputs.detections(replays, threshold));
        return report;
    }

    /** The series an options' backtest replays (the held-out rows hidden). */
    public static List<SeriesInput> read(Options o) throws IOException {
        List<SeriesInput> all = readAll(o);
        return o.originRowsBack() == 0 ? all
                : all.stream().map(s -> s.endingEarlier(o.originRowsBack(), o.holdout())).toList();
    }

    private static List<SeriesInput> readAll(Options o) throws IOException {
        if (o.format().equals("m4")) {
            if (!java.nio.file.Files.isRegularFile(o.input())) {
                throw new IllegalArgumentException("--format m4 reads one M4 wide CSV file (e.g. Hourly-train.csv); "
                        + o.input() + " is not a file");
            }
            List<SeriesInput> out = new ArrayList<>();
            for (M4Csv.Series s : M4Csv.read(o.input())) {
                out.add(BacktestInputs.positional(s.id(), s.values(), 3_600_000L, o.holdout()));
            }
            return out;
        }
        return BacktestInputs.csv(o.input(), o.holdout());
    }

    static BacktestReport report(Options o, PipelineSpec spec, Backtest.Result r, NabLabels labels,
                                 OnlineTraining online, List<AlertReplay> replays) {
        int period = spec.backtest().seasonalPeriod();
        List<BacktestReport.SeriesReport> series = new ArrayList<>();
        Map<String, List<MetricRow>> byMethod = new LinkedHashMap<>();
        Map<String, BacktestReport.NabSeries> nabSeries = new LinkedHashMap<>();
        BacktestReport.NabSummary nab = labels == null ? null : NabOutputs.score(labels, o.labels(), replays, spec.anomalyConfig(), nabSeries);
        for (SeriesRun run : r.runs()) {
            int m = BacktestScoring.period(period, run.input);
            BacktestScoring scoring = new BacktestScoring(m);
            Map<String, MetricRow> metrics = o.horizon() > 0 && run.input.holdout() > 0
                    ? scoring.horizon(run) : scoring.streaming(run);
            metrics.forEach((k, v) -> byMethod.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
            Map<String, Long> why = new TreeMap<>();
            for (EventOutcome.Rejected rejected : run.rejected) {
                if (rejected != null) {
                    why.merge(rejected.reason().code(), 1L, Long::sum);
                }
            }
            series.add(new BacktestReport.SeriesReport(run.key(), run.input.category(), run.rows(),
                    run.rejectedCount(), why, run.alertsOpened(), metrics, nabSeries.get(run.key())));
        }
        Map<String, MetricRow> overall = new LinkedHashMap<>();
        byMethod.forEach((k, rows) -> overall.put(k, mean(rows)));
        Map<String, Double> owa = new LinkedHashMap<>();
        MetricRow naive2 = overall.get(BacktestScoring.NAIVE2);
        if (naive2 != null) {
            overall.forEach((k, v) -> owa.put(k, Accuracy.owa(v.smape(), v.mase(), naive2.smape(), naive2.mase())));
        }
        long rejected = r.runs().stream().mapToLong(SeriesRun::rejectedCount).sum();
        long alerts = r.runs().stream().mapToLong(SeriesRun::alertsOpened).sum();
        String mode = o.horizon() > 0 ? "horizon" : "streaming";
        return new BacktestReport("streamcast backtest", o.specFile().toString(), spec, spec.model().seed(), mode,
                o.horizon(), o.holdout(), period, online == null ? null : online.summary(), r.offlineTraining(),
                r.events(), rejected, alerts, r.seconds(), r.eventsPerSecond(), r.versions(), overall, owa, nab,
                series);
    }

    /** The mean over series of each metric, skipping series where it is undefined; n is the total. */
    static MetricRow mean(List<MetricRow> rows) {
        double[] sum = new double[5];
        int[] cnt = new int[5];
        int n = 0;
        for (MetricRow m : rows) {
            double[] v = {m.mae(), m.rmse(), m.smape(), m.mase(), m.coverage()};
            for (int i = 0; i < 5; i++) {
                if (Double.isFinite(v[i])) {
                    sum[i] += v[i];
                    cnt[i]++;
                }
            }
            n += m.n();
        }
        double[] out = new double[5];
        for (int i = 0; i < 5; i++) {
            out[i] = cnt[i] == 0 ? Double.NaN : sum[i] / cnt[i];
        }
        return new MetricRow(out[0], out[1], out[2], out[3], out[4], n);
    }
}
