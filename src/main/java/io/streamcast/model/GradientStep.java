package io.streamcast.model;


/**
 * One Adam step on a given gradient, with the step size ramped up over the optimiser's first steps: how the
 * training topology's aggregation learns each window. A step whose gradient or result is not finite is refused
 * and leaves weights and optimiser state as they were. The new weights keep the old version number (the
 * aggregation numbers only what it publishes). Owns its buffers; not thread-safe.
 */
public final class GradientStep {
    /** The outcome: the new weights when accepted, else the old ones and the reason; the window's loss if known. */
    public record Result(boolean accepted, String reason, Weights weights, double gradNorm, double loss) {
    }

    private final NetworkShape shape;
    private final TrainerConfig config;
    private final double[] candidate;
    private final double[] candM;
    private final double[] candV;
    private final double[] gradient;

    public GradientStep(NetworkShape shape, TrainerConfig config) {
        this.shape = shape;
        this.config = config;
        int n = shape.parameterCount();
        candidate = new double[n];
        candM = new double[n];
        candV = new double[n];
        gradient = new double[n];
    }

    /**
     * One window's loss and gradient at {@code w} (tBPTT from the window's start state), then {@link #apply}:
     * how the training topology, and a backtest learning online, learn each window.
     */
    public Result learn(TbpttTrainer trainer, Weights w, AdamState adam, TrainingWindow window) {
        double loss = trainer.lossAndGradient(w, window.startState(), window.inputs(), window.targets(),
                window.length(), gradient);
        if (!Double.isFinite(loss)) {
            return new Result(false, "loss is not finite (" + loss + ")", w, Double.NaN, loss);
        }
        return apply(w, adam, gradient, loss);
    }

    /**
     * Adam's first steps from fresh moments move every weight by about the full step size, whatever its
     * gradient: from a trained model that is a jolt that costs accuracy until it recovers. So the step size
     * ramps up linearly over the first {@value #WARMUP_STEPS} steps.
     */
    public static final int WARMUP_STEPS = 100;

    private Result apply(Weights w, AdamState adam, double[] grad, double loss) {
        int n = candidate.length;
        if (!w.shape().equals(shape) || grad.length != n || adam.size() != n) {
            throw new IllegalArgumentException("gradient step is for " + shape + " (" + n + " parameters), got "
                    + "weights " + w.shape() + ", gradient " + grad.length + ", adam " + adam.size());
        }
        double norm = Adam.norm(grad);
        if (!Double.isFinite(norm)) {
            return new Result(false, "gradient is not finite (norm " + norm + ")", w, norm, loss);
        }
        double ramp = Math.min(1.0, (adam.steps() + 1.0) / WARMUP_STEPS);
        Adam.step(w.raw(), grad, norm, adam, config.withLearningRate(config.learningRate() * ramp), candidate, candM,
                candV);
        for (double p : candidate) {
            if (!Double.isFinite(p)) {
                return new Result(false, "the step made a weight non-finite", w, norm, loss);
            }
        }
        Adam.commit(adam, candM, candV);
        return new Result(true, null, new Weights(shape, w.version(), candidate), norm, loss);
    }
}
