package io.streamcast.baseline;

import io.streamcast.baseline.HoltWintersFit.Kind;

/**
 * Additive Holt-Winters in Winters' form, after observing y[0..next-1]. Seasonal terms are kept by
 * absolute position: season[t % m] is the term last updated one season before t, so no phase bookkeeping.
 */
final class HoltWintersState {
    double level;
    double trend;
    final double[] season;
    int next;

    private HoltWintersState(double level, double trend, double[] season, int next) {
        this.level = level;
        this.trend = trend;
        this.season = season;
        this.next = next;
    }

    static Kind kind(int n, int m) {
        return m > 1 && n > 2 * m ? Kind.SEASONAL : n >= 3 ? Kind.HOLT : Kind.LAST_VALUE;
    }

    /**
     * SEASONAL starts after the first two seasons: the trend is the step between their means, the seasonal
     * terms are both seasons' deviations from that line, averaged and centred on 0. HOLT starts after two
     * values (level y[1], trend y[1] - y[0]); LAST_VALUE after one.
     */
    static HoltWintersState initial(double[] y, int m, Kind kind) {
        if (kind == Kind.HOLT) {
            return new HoltWintersState(y[1], y[1] - y[0], new double[1], 2);
        }
        if (kind == Kind.LAST_VALUE) {
            return new HoltWintersState(y[0], 0, new double[1], 1);
        }
        double mean1 = 0;
        double mean2 = 0;
        for (int i = 0; i < m; i++) {
            mean1 += y[i] / m;
            mean2 += y[m + i] / m;
        }
        double slope = (mean2 - mean1) / m;
        double centre = (m - 1) / 2.0;
        double[] s = new double[m];
        double sum = 0;
        for (int i = 0; i < m; i++) {
            double first = y[i] - (mean1 + slope * (i - centre));
            double second = y[m + i] - (mean1 + slope * (m + i - centre));
            s[i] = (first + second) / 2;
            sum += s[i];
        }
        for (int i = 0; i < m; i++) {
            s[i] -= sum / m;
        }
        return new HoltWintersState(mean1 + slope * (2 * m - 1 - centre), slope, s, 2 * m);
    }

    HoltWintersState copy() {
        return new HoltWintersState(level, trend, season.clone(), next);
    }

    /** The forecast k steps after the last observed value. */
    double forecast(int k) {
        return level + k * trend + season[(next - 1 + k) % season.length];
    }

    void update(double y, double alpha, double beta, double gamma) {
        int p = next % season.length;
        double previous = level;
        level = alpha * (y - season[p]) + (1 - alpha) * (previous + trend);
        trend = beta * (level - previous) + (1 - beta) * trend;
        season[p] = gamma * (y - level) + (1 - gamma) * season[p];
        next++;
    }

    /** Feeds y[next..n-1]; returns the sum of squared one-step-ahead errors on them. */
    double absorb(double[] y, int n, double alpha, double beta, double gamma) {
        double sse = 0;
        while (next < n) {
            double e = y[next] - forecast(1);
            sse += e * e;
            update(y[next], alpha, beta, gamma);
        }
        return sse;
    }

    HoltWintersFit toFit(Kind kind, double alpha, double beta, double gamma) {
        return new HoltWintersFit(kind, alpha, beta, gamma, level, trend, season, next);
    }
}
