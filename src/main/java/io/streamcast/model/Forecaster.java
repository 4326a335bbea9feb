package io.streamcast.model;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The per-event engine: normalise, encode, advance the hidden state one step, and turn the Gaussian
 * head's output into a forecast with an interval. Holds only buffers and config, so one instance serves
 * every key of a task; not thread-safe.
 */
public final class Forecaster {
    private final ModelConfig config;
    private final NetworkShape shape;
    private final FeatureEncoder encoder;
    private final StepWorkspace workspace;
    private final double alpha;
    private final double quantile;
    private final double[] input;
    private final double[] head = new double[2];
    private final ForecastCombiner combiner;
    private SeriesState aheadScratch;
    private long[] gaps;
    /** The fitted direct head, or null; with its blend and the blend's forecasts. */
    private final DirectHead direct;
    private final DirectBlend directBlend;
    private final double[] directMeans;

    public Forecaster(ModelConfig config) {
        this(config, null);
    }

    /** @param direct a head fitted for this config's {@code forecast.direct}, or null to forecast ahead without one */
    public Forecaster(ModelConfig config, DirectHead direct) {
        this.config = config;
        this.shape = config.shape();
        this.encoder = new FeatureEncoder(config.timeFeatures(), config.deltaFeature());
        this.workspace = new StepWorkspace(shape);
        this.alpha = config.normaliser().alpha();
        this.quantile = new NormalDistribution(0, 1).inverseCumulativeProbability(0.5 + config.intervalLevel() / 2);
        this.input = new double[shape.inputSize()];
        this.combiner = new ForecastCombiner(config.combination());
        if (direct != null && !direct.config().equals(config.combination().direct())) {
            throw new IllegalArgumentException("the direct head was fitted for " + direct.config()
                    + " but the spec's forecast.direct is " + config.combination().direct() + "; fit it again");
        }
        this.direct = direct;
        this.directBlend = direct == null ? null : new DirectBlend(direct, config.combination().season(),
                config.combination().season2(), config.window());
        this.directMeans = direct == null ? null : new double[direct.horizon()];
    }

    /** The direct head forecasts ahead use, or null. */
    public DirectHead directHead() {
        return direct;
    }

    public ModelConfig config() {
        return config;
    }

    public NetworkShape shape() {
        return shape;
    }

    /** The z of the interval: lower/upper = mean ∓ z·scale. */
    public double intervalQuantile() {
        return quantile;
    }

    /** The forecast a key's state holds for its next event, as the forecasts topic carried it. */
    public Forecast pending(SeriesState s) {
        return new Forecast(s.forecastMean, s.forecastScale, quantile, s.normCount > config.normaliser().warmup());
    }

    public SeriesState newState() {
        return new SeriesState(shape.stateSize(), config.window());
    }

    /** The input row of the last step (valid until the next call), for the trainer. */
    public double[] lastInput() {
        return input;
    }

    /** Advances the series by one event. The caller has checked that value is finite and ts is new. */
    public StepResult step(SeriesState s, Weights w, long ts, double value) {
        NormaliserConfig nc = config.normaliser();
        double prevMean = s.forecastMean;
        double prevScale = s.forecastScale;
        double target = s.normCount == 0 ? Double.NaN
                : FeatureEncoder.clip((value - s.normMean) / s.normaliserStd(nc));
        if (config.residual() && s.ringSize > 0) {
            // Before this event joins the ring, the previous one (the ring's last) is the current input.
            target -= base(s, s.ringSize, FeatureEncoder.clip(s.windowValue(s.ringSize - 1)));
        }
        // Intervals and anomalies judge the network's own forecast: the blend changes what is forecast, not how
        // surprising a value is (the naive part of a blend absorbs a level shift at once and hid it on NAB).
        double networkMean = combiner.enabled() && Double.isFinite(s.candModel) ? s.candModel : prevMean;
        double seasonal = combiner.enabled() ? s.candSeasonal : Double.NaN;
        if (Double.isFinite(networkMean)) {
            calibrate(s, (value - networkMean) / prevScale);
        }
        if (combiner.enabled()) {
            combiner.score(s, value);
        }
        updateNormaliser(s, value);
        double std = s.normaliserStd(nc);
        double z = (value - s.normMean) / std;
        encoder.encode(z, ts, s.lastEventTime, input);
        Network.step(w, s.hidden, input, head, workspace);
        double mean = s.normMean + std * normalisedMean(s);
        double scale = std * Math.exp(head[1]) * Math.sqrt(s.calibration);
        s.push(z, ts);
        // The interval keeps the network's scale, calibrated on its own errors, around the emitted forecast.
        s.forecastMean = combiner.enabled() ? combiner.next(s, mean, value, std) : mean;
        s.forecastScale = scale;
        s.lastEventTime = ts;
        s.steps++;
        s.modelVersion = w.version();
        Forecast next = pending(s);
        return new StepResult(new Forecast(prevMean, prevScale, quantile, next.warm()), target, next,
                new Forecast(networkMean, prevScale, quantile, next.warm()), seasonal);
    }

    /**
     * Recomputes the hidden state and the pending forecast with new weights by running the key's ring of
     * recent inputs through them: what a key does when it meets a version that is not an incremental successor
     * of its own (see {@link #adopt}). Trained models carry long memory, so a longer ring re-warms better, but
     * never exactly (figures in architecture.md).
     */
    public void rewarm(SeriesState s, Weights w) {
        java.util.Arrays.fill(s.hidden, 0);
        // The interval calibration carries over: successive versions misjudge their scale alike, and resetting
        // it shrank the sensor model's intervals right after a swap, so far fewer values fell inside them.
        long prevTs = SeriesState.NO_EVENT;
        for (int i = 0; i < s.ringSize; i++) {
            long ts = s.windowTime(i);
            encoder.encode(s.windowValue(i), ts, prevTs, input);
            Network.step(w, s.hidden, input, head, workspace);
            prevTs = ts;
        }
        if (s.ringSize > 0) {
            double std = s.normaliserStd(config.normaliser());
            s.forecastMean = s.normMean + std * normalisedMean(s, s.ringSize);
            s.forecastScale = std * Math.exp(head[1]) * Math.sqrt(s.calibration);
            if (combiner.enabled() && Double.isFinite(s.candModel)) {
                // The new version's forecast replaces the old one's in the blend; its running error carries over.
                s.candModel = s.forecastMean;
                s.forecastMean = combiner.blend(s);
            }
        }
        s.modelVersion = w.version();
    }

    /**
     * Moves the key to a version trained incrementally from the one that computed its hidden state, keeping
     * that state: a fine-tuned successor reads it the same way, while re-warming a trained model over its ring
     * left its hidden state far off and its next forecasts worse than the naive one (architecture.md).
     */
    public void adopt(SeriesState s, Weights w) {
        s.modelVersion = w.version();
    }

    /**
     * Forecasts {@code means.length} steps past the key's last event, {@code stepMs} apart, feeding each mean
     * back as the next input (the normaliser and calibration stay as they are). Errors accumulate once per
     * residual lag: a step's forecast adds to the value {@code residualLag} steps back, which is observed for the
     * first lag steps and a forecast after that. So the scale of step h is the root sum of the one-step scales at
     * steps 1, 1 + lag, 1 + 2·lag, ... up to h (a random walk for lag 1). With a direct head, each later step the
     * head covers is then a mix ({@code forecast.direct.share}) of that forecast and the head's blend with the
     * seasonal-naive ones ({@link DirectBlend}); the intervals stay as they are. The key's state is left untouched.
     */
    public void forecastAhead(SeriesState key, Weights w, long stepMs, double[] means, double[] scales) {
        forecastAhead(key, w, stepMs, means, scales, true);
    }

    /** As above; {@code withHead} false leaves the direct head out (what the backtest prints beside it). */
    public void forecastAhead(SeriesState key, Weights w, long stepMs, double[] means, double[] scales,
                              boolean withHead) {
        if (key.steps == 0) {
            throw new IllegalArgumentException("a series needs at least one event before it can be forecast");
        }
        recursive(key, w, stepMs, means, scales);
        // The head's error is only known once the combination has scored the network: until then, as without it.
        if (withHead && directBlend != null && directBlend.ready(key) && key.combScored >= ForecastCombiner.WARMUP) {
            int steps = directBlend.forecast(key, config.normaliser(), directMeans);
            double share = direct.config().share();
            // Step 1 stays the key's own next forecast, the one its forecast record carries.
            for (int h = 1; h < Math.min(steps, means.length); h++) {
                means[h] = (1 - share) * means[h] + share * directMeans[h];
            }
        }
    }

    private void recursive(SeriesState key, Weights w, long stepMs, double[] means, double[] scales) {
        aheadScratch = aheadScratch == null || aheadScratch.stateSize() != key.stateSize() ? key.copy()
                : key.copyInto(aheadScratch);
        SeriesState s = aheadScratch;
        double std = s.normaliserStd(config.normaliser());
        double variance = 0;
        combiner.prepareAhead(s);
        for (int h = 0; h < means.length; h++) {
            double mean = s.forecastMean;
            if (h % config.residualLag() == 0) {
                variance += s.forecastScale * s.forecastScale;
            }
            means[h] = mean;
            scales[h] = Math.sqrt(variance);
            long ts = s.lastEventTime + stepMs;
            double z = (mean - s.normMean) / std;
            encoder.encode(z, ts, s.lastEventTime, input);
            Network.step(w, s.hidden, input, head, workspace);
            s.forecastMean = s.normMean + std * normalisedMean(s);
            s.forecastScale = std * Math.exp(head[1]) * Math.sqrt(s.calibration);
            s.push(z, ts);
            s.lastEventTime = ts;
            if (combiner.enabled()) {
                s.forecastMean = combiner.ahead(s, s.forecastMean, std);
            }
        }
    }

    /**
     * The key's next {@code horizon} forecasts with their intervals, stepped by the median gap between the events
     * in its window ({@link #forecastAhead}, the code a backtest's {@code --horizon} runs). Null while the key has
     * fewer than two events: there is no gap to step by yet.
     */
    public Ahead ahead(SeriesState key, Weights w, int horizon) {
        int n = key.windowSize();
        if (n < 2 || horizon < 1) {
            return null;
        }
        if (gaps == null || gaps.length < n - 1) {
            gaps = new long[key.windowCapacity()];
        }
        for (int i = 1; i < n; i++) {
            gaps[i - 1] = key.windowTime(i) - key.windowTime(i - 1);
        }
        return ahead(key, w, Ahead.medianStep(gaps, n - 1), horizon);
    }

    /** The key's next {@code horizon} forecasts, {@code stepMs} apart, with their intervals. */
    public Ahead ahead(SeriesState key, Weights w, long stepMs, int horizon) {
        double[] mean = new double[horizon];
        double[] lower = new double[horizon];
        double[] upper = new double[horizon];
        forecastAhead(key, w, stepMs, mean, upper); // upper holds the scales until it is filled below
        for (int h = 0; h < horizon; h++) {
            Forecast f = new Forecast(mean[h], upper[h], quantile, true);
            lower[h] = f.lower();
            upper[h] = f.upper();
        }
        return new Ahead(key.lastEventTime, stepMs, mean, lower, upper);
    }

    /** The head's mean, plus the current input when the head predicts the change. */
    private double normalisedMean(SeriesState s) {
        return normalisedMean(s, s.ringSize + 1);
    }

    /** @param seen how many inputs there are counting the current one (it may not have joined the ring yet) */
    private double normalisedMean(SeriesState s, int seen) {
        return config.residual() ? head[0] + base(s, seen, input[0]) : head[0];
    }

    /**
     * What the head's change is added to, for the event after the current one: the (clipped) input
     * {@code residualLag} steps back, or a blend with the one {@code residualLag2} back. Input number
     * {@code seen - 1} is the current one, whether or not it has joined the ring; with too little history a lag
     * falls back to the current input (the naive forecast).
     */
    private double base(SeriesState s, int seen, double current) {
        double first = lagged(s, seen, current, config.residualLag());
        int lag2 = config.residualLag2();
        if (lag2 == 0 || seen < lag2) {
            return first;
        }
        double w = config.residualWeight2();
        return (1 - w) * first + w * lagged(s, seen, current, lag2);
    }

    private static double lagged(SeriesState s, int seen, double current, int lag) {
        int at = seen - lag;
        return at < 0 || at >= s.ringSize ? current : FeatureEncoder.clip(s.windowValue(at));
    }

    /**
     * Rescales future intervals by the running mean of squared standardised errors (clipped at 5σ so one
     * spike cannot blow the band open): an untrained or drifting model still gets intervals that cover.
     */
    private void calibrate(SeriesState s, double u) {
        double a = Math.max(alpha, 1.0 / (s.steps + 1));
        double u2 = Math.min(u * u, 25);
        s.calibration *= 1 - a + a * u2;
    }

    private void updateNormaliser(SeriesState s, double x) {
        s.normCount++;
        double a = Math.max(alpha, 1.0 / s.normCount);
        double d = x - s.normMean;
        s.normMean += a * d;
        s.normVar = (1 - a) * (s.normVar + a * d * d);
    }
}
