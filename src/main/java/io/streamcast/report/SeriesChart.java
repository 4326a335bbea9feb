package io.streamcast.report;

import io.streamcast.anomaly.AnomalyResult;
import io.streamcast.data.SeriesInput;
import io.streamcast.eval.SeriesRun;
import io.streamcast.eval.nab.NabWindow;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** Inline SVG charts of one series for report.html: dates along the time axis, alerts described on hover. */
final class SeriesChart {
    private static final int PAD = 48;

    private SeriesChart() {
    }

    /**
     * Streaming mode: value, one-step forecast and interval, labelled windows, alerts, and beneath it the anomaly
     * likelihood. Rows are bucketed to about one per pixel: value and band keep each bucket's extremes.
     */
    static String stream(SeriesRun run, List<NabWindow> windows, int[] detections, int width, int height, int strip) {
        int n = run.rows();
        int plot = width - PAD - 8;
        int buckets = Math.max(1, Math.min(n, plot));
        double[] vMin = fill(buckets, Double.NaN);
        double[] vMax = fill(buckets, Double.NaN);
        double[] lo = fill(buckets, Double.NaN);
        double[] hi = fill(buckets, Double.NaN);
        double[] fc = fill(buckets, Double.NaN);
        double[] lik = fill(buckets, 0);
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            int k = (int) ((long) i * buckets / n);
            double v = run.input.values()[i];
            if (Double.isFinite(v)) {
                vMin[k] = Double.isNaN(vMin[k]) ? v : Math.min(vMin[k], v);
                vMax[k] = Double.isNaN(vMax[k]) ? v : Math.max(vMax[k], v);
                yMin = Math.min(yMin, v);
                yMax = Math.max(yMax, v);
            }
            if (Double.isFinite(run.forecast[i])) {
                fc[k] = run.forecast[i];
                lo[k] = Double.isNaN(lo[k]) ? run.lower[i] : Math.min(lo[k], run.lower[i]);
                hi[k] = Double.isNaN(hi[k]) ? run.upper[i] : Math.max(hi[k], run.upper[i]);
            }
            lik[k] = Math.max(lik[k], run.likelihood[i]);
        }
        if (!(yMax > yMin)) {
            yMin -= 1;
            yMax += 1;
        }
        double span = yMax - yMin;
        // The band may run far past the data after a jump; clip the axis to the data plus a margin.
        Scale s = new Scale(PAD, plot, buckets, 8, height - 16, yMin - 0.15 * span, yMax + 0.15 * span);
        int total = height + strip + 8;
        StringBuilder b = svgOpen(width, total);
        for (NabWindow w : windows) {
            double x0 = s.x((double) w.first() * buckets / n);
            double x1 = s.x((double) (w.last() + 1) * buckets / n);
            b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"%d\" fill=\"#f4c430\" opacity=\".45\"/>",
                    x0, Math.max(1, x1 - x0), total));
        }
        axis(b, s, yMin, yMax);
        timeAxis(b, run.input.ts(), n, buckets, s, height - 3);
        b.append(area(s, lo, hi, "#1f6fd1", .22));
        b.append(area(s, vMin, vMax, "#222", 1));
        b.append(line(s, fc, "#1f6fd1", 1.2));
        for (int i = 0; i < n; i++) {
            if (run.alert[i] == AnomalyResult.Alert.OPENED) {
                double x = s.x((double) i * buckets / n);
                // A title: the browser shows when and what on hover, no script needed.
                b.append(String.format(Locale.ROOT, "<g><title>alert opened %s UTC: value %s, forecast %s, likelihood "
                                + "%.6f</title><line x1=\"%.1f\" x2=\"%.1f\" y1=\"4\" y2=\"%d\" stroke=\"#d9480f\" "
                                + "stroke-width=\"3\" stroke-opacity=\".85\"/></g>", MINUTE.format(Instant.ofEpochMilli(run.input.ts()[i])),
                        ReportHtml.fmt(run.input.values()[i]), ReportHtml.fmt(run.forecast[i]), run.likelihood[i], x, x,
                        height));
            }
        }
        // Where alerts would have opened at the NAB threshold: small marks along the top edge.
        for (int i : detections) {
            double x = s.x((double) i * buckets / n);
            b.append(String.format(Locale.ROOT, "<path d=\"M%.1f 0L%.1f 0L%.1f 8Z\" fill=\"#0b7285\"/>", x - 4, x + 4, x));
        }
        Scale ls = new Scale(PAD, plot, buckets, height + 6, height + strip, 0, 1);
        b.append(String.format(Locale.ROOT, "<text x=\"2\" y=\"%d\" font-size=\"10\" fill=\"#7b2cbf\">likelihood</text>", height + 18));
        b.append(line(ls, lik, "#7b2cbf", 1));
        return b.append("</svg>").toString();
    }

    /** Horizon mode: the last few seasons of history, the held-out values, and the forecast with its band. */
    static String horizon(SeriesRun run, int width, int height) {
        SeriesInput in = run.input;
        int h = run.horizonMean.length;
        int from = Math.max(0, in.visible() - 4 * Math.max(h, 24));
        int to = in.size();
        int len = to - from + (in.holdout() == 0 ? h : 0);
        double[] v = fill(len, Double.NaN);
        double[] f = fill(len, Double.NaN);
        double[] lo = fill(len, Double.NaN);
        double[] hi = fill(len, Double.NaN);
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
            v[i - from] = in.values()[i];
            yMin = Math.min(yMin, in.values()[i]);
            yMax = Math.max(yMax, in.values()[i]);
        }
        for (int k = 0; k < h; k++) {
            int at = in.visible() + k - from;
            f[at] = run.horizonMean[k];
            lo[at] = run.horizonLower[k];
            hi[at] = run.horizonUpper[k];
            yMin = Math.min(yMin, f[at]);
            yMax = Math.max(yMax, f[at]);
        }
        if (!(yMax > yMin)) {
            yMin -= 1;
            yMax += 1;
        }
        double span = yMax - yMin;
        Scale s = new Scale(PAD, width - PAD - 8, len, 8, height - 16, yMin - 0.1 * span, yMax + 0.1 * span);
        StringBuilder b = svgOpen(width, height);
        double split = s.x(in.visible() - from);
        b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"%d\" fill=\"#eee\"/>", split,
                width - 8 - split, height));
        axis(b, s, yMin, yMax);
        b.append(area(s, lo, hi, "#1f6fd1", .22)).append(line(s, v, "#222", 1)).append(line(s, f, "#1f6fd1", 1.6));
        return b.append("</svg>").toString();
    }

    private record Scale(double left, double plotWidth, int points, double top, double bottom, double min, double max) {
        double x(double i) {
            return left + i * plotWidth / Math.max(1, points);
        }

        double y(double v) {
            double c = Math.max(min, Math.min(max, v));
            return bottom - (c - min) / (max - min) * (bottom - top);
        }
    }

    private static StringBuilder svgOpen(int w, int h) {
        return new StringBuilder(32_768).append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=").append(w)
                .append(" height=").append(h).append(" viewBox=\"0 0 ").append(w).append(' ').append(h)
                .append("\" font-family=sans-serif>");
    }

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);

    /** Six dates along the bottom (days where no two are the same day, else hours and minutes), in UTC. */
    private static void timeAxis(StringBuilder b, long[] ts, int n, int buckets, Scale s, double y) {
        if (n < 2) {
            return;
        }
        List<String> labels = timeLabels(ts, n);
        for (int k = 0; k <= 5; k++) {
            int i = tick(k, n);
            double x = s.x((double) i * buckets / n);
            String anchor = k == 0 ? "start" : k == 5 ? "end" : "middle";
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"%s\" "
                    + "fill=\"#666\">%s</text>", x, y, anchor, labels.get(k)));
        }
    }

    /** The row under the k-th of the six ticks, first to last. */
    private static int tick(int k, int n) {
        return (int) ((long) k * (n - 1) / 5);
    }

    /** The six labels of {@link #timeAxis}: dates, unless two would read the same (five days of data, say). */
    static List<String> timeLabels(long[] ts, int n) {
        List<String> days = new java.util.ArrayList<>();
        List<String> hours = new java.util.ArrayList<>();
        for (int k = 0; k <= 5; k++) {
            Instant t = Instant.ofEpochMilli(ts[tick(k, n)]);
            days.add(DAY.format(t));
            hours.add(HOUR.format(t));
        }
        return new java.util.HashSet<>(days).size() == days.size() ? days : hours;
    }

    private static void axis(StringBuilder b, Scale s, double lo, double hi) {
        for (double v : new double[] {lo, (lo + hi) / 2, hi}) {
            b.append(String.format(Locale.ROOT, "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>"
                    + "<text x=\"%.0f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\" fill=\"#666\">%s</text>", s.left(),
                    s.left() + s.plotWidth(), s.y(v), s.y(v), s.left() - 4, s.y(v) + 3, ReportHtml.fmt(v)));
        }
    }

    private static String line(Scale s, double[] y, String colour, double width) {
        StringBuilder d = new StringBuilder();
        boolean pen = false;
        for (int i = 0; i < y.length; i++) {
            if (Double.isNaN(y[i])) {
                pen = false;
                continue;
            }
            d.append(pen ? 'L' : 'M').append(String.format(Locale.ROOT, "%.1f %.1f", s.x(i + 0.5), s.y(y[i])));
            pen = true;
        }
        return "<path d=\"" + d + "\" fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"" + width + "\"/>";
    }

    /** A filled band between lo and hi, one polygon per run of defined points. */
    private static String area(Scale s, double[] lo, double[] hi, String colour, double opacity) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < lo.length) {
            if (Double.isNaN(lo[i]) || Double.isNaN(hi[i])) {
                i++;
                continue;
            }
            int j = i;
            while (j < lo.length && !Double.isNaN(lo[j]) && !Double.isNaN(hi[j])) {
                j++;
            }
            StringBuilder p = new StringBuilder();
            for (int k = i; k < j; k++) {
                p.append(String.format(Locale.ROOT, "%.1f,%.1f ", s.x(k + 0.5), s.y(hi[k])));
            }
            for (int k = j - 1; k >= i; k--) {
                p.append(String.format(Locale.ROOT, "%.1f,%.1f ", s.x(k + 0.5), s.y(lo[k])));
            }
            if (j - i == 1) {
                p.append(String.format(Locale.ROOT, "%.1f,%.1f", s.x(i + 0.5) + 0.8, s.y(lo[i])));
            }
            b.append("<polygon points=\"").append(p).append("\" fill=\"").append(colour).append("\" opacity=\"")
                    .append(opacity).append("\" stroke=\"").append(colour).append("\" stroke-opacity=\"")
                    .append(opacity).append("\" stroke-width=\".6\"/>");
            i = j;
        }
        return b.toString();
    }

    private static double[] fill(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
