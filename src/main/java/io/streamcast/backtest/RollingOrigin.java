package io.streamcast.backtest;

import io.streamcast.eval.Backtest;
import io.streamcast.eval.BacktestReport;
import io.streamcast.eval.BacktestScoring;
import io.streamcast.eval.MetricRow;
import io.streamcast.eval.RelativeAccuracy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A rolling-origin evaluation: the same held-out backtest from several forecast origins, each {@code holdout}
 * rows before the last (origin 0 = the series' end, 1 = the {@code holdout} rows before those, ...), so one
 * lucky or unlucky window does not decide the figure. Origin 0 is written to {@code out} as usual, origin k to
 * {@code out/origin-k}; {@code origins.csv} has one line per origin and their mean.
 */
public final class RollingOrigin {
    /**
     * One origin's headline figures for the model; {@code owaWithoutHead} is the same spec's OWA with its direct head
     * left out (NaN without one).
     */
    public record Origin(int index, int rowsBack, double owa, double smape, double mase, int betterThanNaive,
                         int series, double medianVsSeasonalNaive, double owaWithoutHead) {
    }

    private RollingOrigin() {
    }

    /** Runs origins 1..k-1 after origin 0's report (already written under {@code o.out()}). */
    public static List<Origin> run(BacktestJob.Options o, BacktestReport first, int origins, Backtest.Progress progress)
            throws IOException {
        if (o.holdout() <= 0) {
            throw new IllegalArgumentException("--origins needs --holdout-last: each origin holds out that many rows");
        }
        List<Origin> out = new ArrayList<>(List.of(origin(0, 0, first)));
        for (int k = 1; k < origins; k++) {
            progress.phase("forecast origin " + (k + 1) + " of " + origins);
            BacktestReport r = BacktestJob.run(o.earlierOrigin(k * o.holdout(), o.out().resolve("origin-" + k)),
                    Backtest.Progress.NONE);
            out.add(origin(k, k * o.holdout(), r));
        }
        write(o.out().resolve("origins.csv"), out);
        return out;
    }

    static Origin origin(int k, int rowsBack, BacktestReport r) {
        MetricRow us = r.overall().get(BacktestScoring.MODEL);
        var vs = r.versusBaselines().get(BacktestScoring.MODEL);
        RelativeAccuracy naive = vs.get("naive");
        RelativeAccuracy seasonal = vs.get("seasonal-naive");
        Double owa = r.owa().get(BacktestScoring.MODEL);
        Double withoutHead = r.owa().get(BacktestScoring.WITHOUT_HEAD);
        return new Origin(k, rowsBack, owa == null ? Double.NaN : owa, us.smape(), us.mase(), naive.better(),
                naive.series(), seasonal.medianRatio(), withoutHead == null ? Double.NaN : withoutHead);
    }

    /** The mean of each figure over the origins (counts summed). */
    public static Origin mean(List<Origin> origins) {
        double n = origins.size();
        return new Origin(-1, -1, origins.stream().mapToDouble(Origin::owa).sum() / n,
                origins.stream().mapToDouble(Origin::smape).sum() / n, origins.stream().mapToDouble(Origin::mase).sum() / n,
                origins.stream().mapToInt(Origin::betterThanNaive).sum(), origins.stream().mapToInt(Origin::series).sum(),
                origins.stream().mapToDouble(Origin::medianVsSeasonalNaive).sum() / n,
                origins.stream().mapToDouble(Origin::owaWithoutHead).sum() / n);
    }

    static void write(Path file, List<Origin> origins) throws IOException {
        StringBuilder b = new StringBuilder("origin,rows_back,owa,smape,mase,better_than_naive,series,"
                + "median_mae_vs_seasonal_naive,owa_without_head\n");
        List<Origin> rows = new ArrayList<>(origins);
        rows.add(mean(origins));
        for (Origin o : rows) {
            b.append(o.index() < 0 ? "mean" : String.valueOf(o.index())).append(',')
                    .append(o.rowsBack() < 0 ? "" : String.valueOf(o.rowsBack())).append(',')
                    .append(String.format(Locale.ROOT, "%.4f,%.4f,%.4f,%d,%d,%.4f,%s%n", o.owa(), o.smape(),
                            o.mase(), o.betterThanNaive(), o.series(), o.medianVsSeasonalNaive(),
                            Double.isNaN(o.owaWithoutHead()) ? "" : String.format(Locale.ROOT, "%.4f",
                                    o.owaWithoutHead())));
        }
        Files.writeString(file, b);
    }
}
