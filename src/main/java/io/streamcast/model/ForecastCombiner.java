package io.streamcast.model;

/**
 * The per-key blend of {@link Combination}: scores the candidates a key made for an event once its value is
 * known, and blends the next ones. Its state (the candidates and their running squared errors) lives in the
 * key's {@link SeriesState}, so it survives restarts and replays bit for bit.
 */
final class ForecastCombiner {
    /** Events a candidate is scored on before it joins the blend; until then the network's forecast is emitted. */
    static final int WARMUP = 24;
    private final Combination config;
    private final double alpha;
    /** Mean squared misses of the two seasonal-naive forecasts over the window, from {@link #prepareAhead}. */
    private double missSeason = Double.NaN;
    private double missSeason2 = Double.NaN;

    ForecastCombiner(Combination config) {
        this.config = config;
        this.alpha = 1 - Math.pow(0.5, 1.0 / config.halfLife());
    }

    boolean enabled() {
        return config.enabled();
    }

    /** Scores the candidates the key made for the event whose value has now arrived. */
    void score(SeriesState s, double value) {
        if (!Double.isFinite(s.candModel) || !Double.isFinite(s.candNaive)) {
            return;
        }
        s.combScored++;
        double a = Math.max(alpha, 1.0 / s.combScored);
        s.errModel += a * (square(value - s.candModel) - s.errModel);
        s.errNaive += a * (square(value - s.candNaive) - s.errNaive);
        if (Double.isFinite(s.candSeasonal)) {
            s.seasonalScored++;
            double as = Math.max(alpha, 1.0 / s.seasonalScored);
            s.errSeasonal += as * (square(value - s.candSeasonal) - s.errSeasonal);
        }
    }

    /**
     * Keeps the candidates for the key's next event and returns the forecast it emits.
     *
     * @param std the key's normaliser scale, to read the seasonal lag back from its ring of normalised inputs
     */
    double next(SeriesState s, double modelMean, double lastValue, double std) {
        s.candModel = modelMean;
        s.candNaive = lastValue;
        s.candSeasonal = seasonal(s, std, config.season());
        return blend(s);
    }

    /**
     * The seasonal-naive forecast for the step after the ring's latest entry: the entry {@code lag} steps before it,
     * back in data units; NaN without a season (lag 0) or before the ring holds one.
     */
    private static double seasonal(SeriesState s, double std, int lag) {
        int at = s.ringSize - lag;
        return lag > 0 && at >= 0 ? s.normMean + std * s.windowValue(at) : Double.NaN;
    }

    /** The forecast the key emits from its current candidates: the network's alone until the errors are known. */
    double blend(SeriesState s) {
        if (s.combScored < WARMUP) {
            return s.candModel;
        }
        boolean seasonal = s.seasonalScored >= WARMUP && Double.isFinite(s.candSeasonal);
        // Relative to the smallest error, so the weights neither overflow nor vanish on any scale of data.
        double least = Math.min(s.errModel, s.errNaive);
        if (seasonal) {
            least = Math.min(least, s.errSeasonal);
        }
        least = Math.max(least, Double.MIN_NORMAL);
        double wm = weight(s.errModel, least);
        double wn = weight(s.errNaive, least);
        double sum = wm * s.candModel + wn * s.candNaive;
        double w = wm + wn;
        if (seasonal) {
            double ws = weight(s.errSeasonal, least);
            sum += ws * s.candSeasonal;
            w += ws;
        }
        return sum / w;
    }

    /**
     * Measures, before a run of {@link #ahead} calls, the two seasonal-naive forecasts' mean squared one-step misses
     * over the key's window (with a second season; else it does nothing). Both are taken over the same span, the
     * window's last n − season2 inputs (season2 at most), in normalised units, so they compare with each other; the
     * second season's forecast needs this because the key's running errors only score the candidates of the next
     * event.
     */
    void prepareAhead(SeriesState s) {
        missSeason = Double.NaN;
        missSeason2 = Double.NaN;
        int lag2 = config.season2();
        int n = s.ringSize;
        if (lag2 == 0 || n < lag2 + WARMUP) {
            return;
        }
        int lag = config.season();
        double sum = 0;
        double sum2 = 0;
        // The last season2 inputs at most: a longer window (kept for the direct head's scores) would weigh the
        // seasons by older misses (window 512 without the head: M4 OWA 0.476 / 0.472 against 0.475 / 0.454).
        int from = Math.max(lag2, n - lag2);
        for (int i = from; i < n; i++) {
            double v = s.windowValue(i);
            double d = v - s.windowValue(i - lag);
            double d2 = v - s.windowValue(i - lag2);
            sum += d * d;
            sum2 += d2 * d2;
        }
        missSeason = sum / (n - from);
        missSeason2 = sum2 / (n - from);
    }

    /**
     * A step further ahead than the next: the network's forecast blended with the seasonal-naive one (the naive
     * forecast's one-step error says nothing of its error hours ahead, while the seasonal-naive one's is the same at
     * every step within a season) and, with a second season measured by {@link #prepareAhead}, the second season's
     * seasonal-naive forecast, the two seasonal ones then weighed by their misses over the window. The ring's latest
     * entries are the steps already forecast.
     */
    double ahead(SeriesState s, double networkMean, double std) {
        double seasonal = seasonal(s, std, config.season());
        if (Double.isNaN(seasonal) || s.combScored < WARMUP || s.seasonalScored < WARMUP) {
            return networkMean;
        }
        double seasonal2 = Double.isNaN(missSeason2) ? Double.NaN : seasonal(s, std, config.season2());
        boolean second = !Double.isNaN(seasonal2);
        double errSeasonal = second ? missSeason * std * std : s.errSeasonal;
        double errSeason2 = second ? missSeason2 * std * std : Double.NaN;
        double least = Math.min(s.errModel, errSeasonal);
        if (second) {
            least = Math.min(least, errSeason2);
        }
        least = Math.max(least, Double.MIN_NORMAL);
        double wm = weight(s.errModel, least);
        double ws = weight(errSeasonal, least);
        double sum = wm * networkMean + ws * seasonal;
        double w = wm + ws;
        if (second) {
            double w2 = weight(errSeason2, least);
            sum += w2 * seasonal2;
            w += w2;
        }
        return sum / w;
    }

    /**
     * The fourth power of the inverse squared error: it leans on the better candidate harder than inverse-MSE
     * weights, whose share for the worse candidates left a trained network's demo forecasts at 0.870× naive,
     * worse than the network alone (0.848×); with the fourth power 0.845× (README, Backtests).
     */
    private static double weight(double err, double least) {
        double r = least / Math.max(err, least);
        double r2 = r * r;
        return r2 * r2;
    }

    private static double square(double x) {
        return x * x;
    }
}
