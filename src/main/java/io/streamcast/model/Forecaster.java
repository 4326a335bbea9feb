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

    public Forecaster(ModelConfig config) {
        this.config = config;
        this.shape = config.shape();
        this.encoder = new FeatureEncoder(config.timeFeatures(), config.deltaFeature());
        this.workspace = new StepWorkspace(shape);
        this.alpha = config.normaliser().alpha();
        this.quantile = new NormalDistribution(0, 1).inverseCumulativeProbability(0.5 + config.intervalLevel() / 2);
        this.input = new double[shape.inputSize()];
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
        updateNormaliser(s, value);
        double std = s.normaliserStd(nc);
        double z = (value - s.normMean) / std;
        encoder.encode(z, ts, s.lastEventTime, input);
        Network.step(w, s.hidden, input, head, workspace);
        double mean = s.normMean + std * head[0];
        double scale = std * Math.exp(head[1]);
        s.forecastMean = mean;
        s.forecastScale = scale;
        s.push(z, ts);
        s.lastEventTime = ts;
        s.steps++;
        s.modelVersion = w.version();
        return new StepResult(prevMean, prevScale, target, mean, scale, mean - quantile * scale,
                mean + quantile * scale, s.normCount > nc.warmup());
    }

    /**
     * Recomputes the hidden state and the pending forecast with new weights by running the key's ring of
     * recent inputs through them: what a key does when it first meets a newer model version.
     */
    public void rewarm(SeriesState s, Weights w) {
        java.util.Arrays.fill(s.hidden, 0);
        long prevTs = SeriesState.NO_EVENT;
        for (int i = 0; i < s.ringSize; i++) {
            long ts = s.windowTime(i);
            encoder.encode(s.windowValue(i), ts, prevTs, input);
            Network.step(w, s.hidden, input, head, workspace);
            prevTs = ts;
        }
        if (s.ringSize > 0) {
            double std = s.normaliserStd(config.normaliser());
            s.forecastMean = s.normMean + std * head[0];
            s.forecastScale = std * Math.exp(head[1]);
        }
        s.modelVersion = w.version();
    }

    private void updateNormaliser(SeriesState s, double x) {
        s.normCount++;
        double a = Math.max(alpha, 1.0 / s.normCount);
        double d = x - s.normMean;
        s.normMean += a * d;
        s.normVar = (1 - a) * (s.normVar + a * d * d);
    }
}
