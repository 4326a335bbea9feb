package io.streamcast.cli;

import io.streamcast.eval.Backtest;
import io.streamcast.backtest.BacktestJob;
import io.streamcast.eval.BacktestReport;
import io.streamcast.eval.BacktestScoring;
import io.streamcast.replay.LiveReproduction;
import io.streamcast.eval.MetricRow;
import io.streamcast.eval.NabOutputs;
import io.streamcast.eval.RelativeAccuracy;
import io.streamcast.backtest.RollingOrigin;
import io.streamcast.report.ReportWriter;
import io.streamcast.report.ThresholdWriter;
import io.streamcast.replay.TopicReplay;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Replays history through the forecaster and scores it against baselines and labelled anomalies. */
@Command(name = "backtest", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replay history through the same forecast processor code as the live pipeline, as fast as "
                + "the CPU allows, and score it: one-step (or --horizon) accuracy against naive, seasonal naive, "
                + "EWMA and Holt-Winters, and with --labels a NAB score. Writes report.json, report.html, "
                + "events.csv and nab/<category>/<file>.csv under --out."},
        footer = {"%nExamples:",
                "  ./streamcast backtest --spec topologies/nab.yaml --online-training \\",
                "      --input ../shared/datasets/nab/data --out target/nab \\",
                "      --labels ../shared/datasets/nab/labels/combined_windows.json",
                "  ./streamcast backtest --spec topologies/m4-hourly.yaml --format m4 \\",
                "      --input ../shared/datasets/m4-hourly/Hourly-train.csv \\",
                "      --horizon 48 --holdout-last 48 --out target/m4",
                "  ./streamcast backtest --spec topologies/sensors.yaml --reproduce \\",
                "      --bootstrap-servers localhost:9092 --out target/repro"})
final class BacktestCommand implements Callable<Integer> {
    @Option(names = "--spec", required = true, description = "Pipeline spec, e.g. topologies/nab.yaml.")
    Path specFile;

    @Option(names = "--input", description = "CSV file or folder (timestamp,value per file, or key,ts,value), "
            + "or with --format m4 the M4 wide CSV.")
    Path input;

    @Option(names = "--topic", description = "Replay this Kafka topic instead (isolated application id and output "
            + "topics; the live pipeline is not disturbed).")
    String topic;

    @Option(names = "--reproduce", description = "Reproduce the live pipeline the spec names, bit for bit, from its "
            + "topics: its input, the model version (and carry or re-warm) each forecast records, and those versions' "
            + "weights on its model topic. Compares every row with the live forecasts; exits 1 if any differs.")
    boolean reproduce;

    @Option(names = "--from", description = "With --topic: start at this offset (every partition) or time "
            + "(ISO-8601, matched against the records' Kafka timestamps). Default: the beginning.")
    String from;

    @Option(names = "--out", required = true, description = "Folder for the report and outputs.")
    Path out;

    @Option(names = "--format", defaultValue = "csv", description = "csv (default) or m4.")
    String format;

    @Option(names = "--horizon", defaultValue = "0", description = "Also forecast this many steps ahead from the "
            + "end of each series (the spec's direct head where it has one, else step by step): written to "
            + "horizon.csv under --out (and forecast.csv, id,F1..FH, with --format m4); scored only with "
            + "--holdout-last, else the tables score the one-step forecasts.")
    int horizon;

    @Option(names = "--holdout-last", defaultValue = "0", description = "Hide the last N values of each series "
            + "and score the horizon forecast on them (implies --horizon N if not given).")
    int holdout;

    @Option(names = "--train", arity = "0..1", fallbackValue = "-1", description = "Train the spec's model offline "
            + "on the visible rows first (never the held-out ones), for N epochs (default: the spec's).")
    Integer trainEpochs;

    @Option(names = "--online-training", description = "Learn while replaying with the training application's "
            + "own policy (windows every k1 events, canaries held back, candidates published when not worse on them).")
    boolean online;

    @Option(names = "--origins", defaultValue = "1", description = "With --holdout-last H: a rolling-origin "
            + "evaluation over this many forecast origins, each H rows before the last (origin-k/ under --out, "
            + "origins.csv with each origin's figures and their mean).")
    int origins;

    @Option(names = "--events", defaultValue = "csv", description = "With --input, the per-row file: csv (events.csv, "
            + "default), gz (events.csv.gz, about a fifth of the size) or none.")
    String events;

    @Option(names = "--labels", description = "NAB combined_windows.json: score alerts against labelled windows.")
    Path labels;

    @Option(names = "--write-threshold", description = "Write the NAB sweep's best threshold (standard profile) "
            + "into this spec as anomaly.triggerLikelihood.")
    Path writeThreshold;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() throws Exception {
        if ((input != null ? 1 : 0) + (topic != null ? 1 : 0) + (reproduce ? 1 : 0) != 1) {
            throw new IllegalArgumentException("give one of --input <csv file or folder>, --topic <name> or --reproduce");
        }
        if (input == null && (holdout > 0 || trainEpochs != null || online || !format.equals("csv"))) {
            throw new IllegalArgumentException((reproduce ? "--reproduce" : "--topic") + " replays what the pipeline "
                    + "does: --holdout-last, --train, --online-training and --format apply to --input only");
        }
        if (from != null && topic == null) {
            throw new IllegalArgumentException("--from goes with --topic");
        }
        if (reproduce && horizon > 0) {
            throw new IllegalArgumentException("--reproduce compares the live forecasts; --horizon applies to "
                    + "--input and --topic");
        }
        if (writeThreshold != null && labels == null) {
            throw new IllegalArgumentException("--write-threshold writes the NAB sweep's threshold: it needs --labels");
        }
        ReportWriter.Events eventsFile = ReportWriter.Events.of(events);
        if (origins < 1 || origins > 1 && (holdout <= 0 || input == null)) {
            throw new IllegalArgumentException("--origins K (K >= 1) needs --input and --holdout-last H: each origin "
                    + "holds out H rows, H rows before the previous one");
        }
        // A bad spec fails before the progress bar starts and before --out is made.
        io.streamcast.spec.SpecLoader.load(specFile);
        OutputPaths.folder(out, "--out");
        if (writeThreshold != null) {
            OutputPaths.existingFile(writeThreshold, "--write-threshold");
        }
        BacktestReport r;
        LiveReproduction.Outcome reproduced = null;
        List<RollingOrigin.Origin> rolling = null;
        try (ProgressBar bar = Progress.bar("backtest", 1, "events")) {
            Backtest.Progress p = new Backtest.Progress() {
                @Override
                public void training(int epoch, int epochs, int done, int total, double loss) {
                    bar.maxHint((long) total * epochs);
                    bar.stepTo((long) (epoch - 1) * total + done);
                    bar.setExtraMessage(String.format(Locale.ROOT, "training epoch %d/%d loss %.4f", epoch, epochs, loss));
                }

                @Override
                public void replay(long done, long total, int seriesDone, int seriesTotal) {
                    bar.maxHint(total);
                    bar.stepTo(done);
                    bar.setExtraMessage("series " + seriesDone + "/" + seriesTotal);
                }

                @Override
                public void phase(String what) {
                    bar.setExtraMessage(what);
                }
            };
            String bootstrap = kafka.bootstrapOrDefault();
            if (reproduce) {
                LiveReproduction.Reproduced rr = LiveReproduction.reproduce(specFile, labels, out, bootstrap,
                        kafka.clientProps(), p);
                r = rr.report();
                reproduced = rr.outcome();
            } else if (topic != null) {
                r = TopicReplay.run(specFile, topic, from, horizon, labels, out, bootstrap, kafka.clientProps(), p);
            } else {
                int epochs = trainEpochs == null ? 0 : trainEpochs;
                BacktestJob.Options o = new BacktestJob.Options(specFile, input, format, horizon, holdout, epochs,
                        online, labels, out, eventsFile);
                r = BacktestJob.run(o, p);
                if (origins > 1) {
                    rolling = RollingOrigin.run(o, r, origins, p);
                }
            }
        }
        print(r);
        if (rolling != null) {
            printOrigins(rolling, out);
        }
        if (writeThreshold != null) {
            System.out.println(ThresholdWriter.write(writeThreshold, r));
        } else if (r.nab() != null) {
            System.out.println(ThresholdWriter.snippet(r));
        }
        if (r.offlineTraining() != null) {
            System.out.println("before the replay: " + r.offlineTraining());
        }
        System.out.printf(Locale.ROOT, "%,d events in %.2f s: %,.0f events/s; report: %s%n", r.events(), r.seconds(),
                r.eventsPerSecond(), out.resolve("report.html").toAbsolutePath());
        printRejected(r, ReportWriter.Events.of(events));
        if (reproduced != null) {
            System.out.println(reproduced.summary());
            reproduced.differences().forEach(d -> System.out.println("  differs: " + d));
            return reproduced.identical() == reproduced.rows() ? 0 : 1;
        }
        return 0;
    }

    /** Rows the pipeline would have sent to its dead-letter topic: unscored, so a user must hear of them. */
    private static void printRejected(BacktestReport r, ReportWriter.Events file) {
        if (r.rejected() == 0) {
            return;
        }
        java.util.Map<String, Long> why = new java.util.TreeMap<>();
        r.series().forEach(s -> s.rejectedBy().forEach((k, v) -> why.merge(k, v, Long::sum)));
        System.out.printf(Locale.ROOT, "%,d rows rejected, as the live pipeline would send them to its dead-letter "
                + "topic %s; not forecast or scored (%s)%n", r.rejected(), why, file.file() == null
                ? "--events csv writes each row's reason" : "each row's reason: the column 'rejected' of " + file.file());
    }

    private static void printOrigins(List<RollingOrigin.Origin> rolling, java.nio.file.Path out) {
        boolean head = !Double.isNaN(rolling.get(0).owaWithoutHead());
        System.out.printf("%nrolling origin, %d origins (streamcast):%n%-8s %9s %8s %8s %8s %22s%s%n", rolling.size(),
                "origin", "rows back", "OWA", "sMAPE%", "MASE", "better than naive", head ? "  OWA without head" : "");
        List<RollingOrigin.Origin> rows = new java.util.ArrayList<>(rolling);
        rows.add(RollingOrigin.mean(rolling));
        for (RollingOrigin.Origin o : rows) {
            System.out.printf(Locale.ROOT, "%-8s %9s %8.3f %8.3f %8.3f %22s%s%n", o.index() < 0 ? "mean" : o.index(),
                    o.rowsBack() < 0 ? "" : o.rowsBack(), o.owa(), o.smape(), o.mase(),
                    o.betterThanNaive() + " of " + o.series(),
                    head ? String.format(Locale.ROOT, " %18.3f", o.owaWithoutHead()) : "");
        }
        System.out.println("each origin's report: " + out.toAbsolutePath() + "/origin-<k>/; figures: origins.csv");
    }

    /** "  better than naive on b/n, median r×" for a method's row, or nothing. */
    private static String versusNaive(RelativeAccuracy n) {
        return n == null || n.series() == 0 ? "" : String.format(Locale.ROOT, "   better than naive on %d/%d, median %.3f×",
                n.better(), n.series(), n.medianRatio());
    }

    private static void print(BacktestReport r) {
        System.out.printf("%n%s mode, %d series%s%n", r.mode(), r.series().size(),
                r.holdout() > 0 ? ", last " + r.holdout() + " held out" : "");
        System.out.printf("%-18s %12s %12s %9s %8s %9s%s%n", "method", "MAE", "RMSE", "sMAPE%", "MASE", "coverage",
                r.owa().isEmpty() ? "" : "      OWA");
        var vs = r.versusBaselines();
        r.overall().forEach((k, m) -> System.out.printf(Locale.ROOT, "%-18s %12.4g %12.4g %9.3f %8.3f %9s%s%s%n", k,
                m.mae(), m.rmse(), m.smape(), m.mase(), Double.isNaN(m.coverage()) ? "" : String.format(Locale.ROOT,
                        "%.1f%%", 100 * m.coverage()), r.owa().isEmpty() ? "" : String.format(Locale.ROOT, " %8.3f",
                        r.owa().get(k)), versusNaive(vs.getOrDefault(k, java.util.Map.of()).get("naive"))));
        MetricRow model = r.overall().get(BacktestScoring.MODEL);
        MetricRow hw = r.overall().get(BacktestScoring.HOLT_WINTERS);
        if (model != null && hw != null && hw.n() < model.n()) {
            // Its weights are fitted on each series' first fifth, which it then may not forecast without look-ahead.
            System.out.printf(Locale.ROOT, "(holt-winters forecasts %,d of the %,d rows the others are scored on: "
                    + "from the end of each series' first fifth, on which it is fitted)%n", hw.n(), model.n());
        }
        RelativeAccuracy n = vs.getOrDefault(BacktestScoring.MODEL, java.util.Map.of()).get("naive");
        RelativeAccuracy sn = vs.getOrDefault(BacktestScoring.MODEL, java.util.Map.of()).get("seasonal-naive");
        if (n != null && sn != null) {
            System.out.printf(Locale.ROOT, "streamcast beats naive on %d of %d series (median MAE ratio %.3f×), seasonal "
                    + "naive on %d of %d (median %.3f×); the ratio of mean MAEs, %.3f× naive, is decided by the "
                    + "largest-scale series%n", n.better(), n.series(), n.medianRatio(), sn.better(), sn.series(),
                    sn.medianRatio(), n.ratioOfMeans());
        }
        if (r.nab() != null) {
            System.out.printf("%nNAB (%d file%s, %d windows):%n", r.nab().files(), r.nab().files() == 1 ? "" : "s",
                    r.nab().windows());
            r.nab().profiles().forEach((k, s) -> System.out.printf(Locale.ROOT,
                    "  %-20s %6.1f  %s  detected %d/%d windows, %d false positives%n", k, s.score(),
                    trigger(s.threshold()), s.windowsDetected(), s.windowsDetected() + s.windowsMissed(),
                    s.falsePositives()));
            BacktestReport.NabCrossValidated cv = r.nab().crossValidated();
            if (cv != null) {
                System.out.printf(Locale.ROOT, "  %-20s %6.1f  leave one %s out: each held out at the trigger best on "
                        + "the others%n", "standard, cross-val.", cv.score(), cv.folds());
                for (BacktestReport.NabFold f : cv.parts()) {
                    System.out.printf(Locale.ROOT, "    %-30s %s  detected %d/%d windows, %d false "
                            + "positives%n", f.heldOut(), trigger(f.threshold()), f.windowsDetected(),
                            f.windowsDetected() + f.windowsMissed(), f.falsePositives());
                }
            }
        }
    }

    private static String trigger(double threshold) {
        return "trigger " + NabOutputs.triggerText(threshold);
    }
}
