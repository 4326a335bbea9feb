package io.streamcast.model;

/**
 * Truncated BPTT and Adam settings.
 *
 * @param k1               train every k1 steps of a series
 * @param k2               back-propagate through the last k2 steps
 * @param learningRate     Adam's step size
 * @param beta1            Adam's first-moment decay
 * @param beta2            Adam's second-moment decay
 * @param epsilon          Adam's denominator guard
 * @param clipNorm         the global gradient norm is scaled down to at most this
 * @param lossGuardFactor  an update is rejected when the window's loss after it exceeds the loss
 *                         before it by more than this factor (relative to |loss| + 1)
 * @param loss             the training loss
 */
public record TrainerConfig(int k1, int k2, double learningRate, double beta1, double beta2, double epsilon,
                            double clipNorm, double lossGuardFactor, LossType loss) {
    public TrainerConfig {
        Checks.inRange("training.k1", k1, 1, 100_000);
        Checks.inRange("training.k2", k2, 1, 100_000);
        Checks.positive("training.learningRate", learningRate);
        Checks.between("beta1", beta1, 0, 1);
        Checks.between("beta2", beta2, 0, 1);
        Checks.positive("epsilon", epsilon);
        Checks.positive("training.clipNorm", clipNorm);
        Checks.positive("lossGuardFactor", lossGuardFactor);
        if (loss == null) {
            throw new IllegalArgumentException("loss must be one of nll, mse, got null");
        }
    }

    /** k1 = 8, k2 = 32, Adam(1e-3), clip 1, guard ×4, Gaussian NLL. */
    public static TrainerConfig defaults() {
        return new TrainerConfig(8, 32, 1e-3, 0.9, 0.999, 1e-8, 1.0, 4.0, LossType.NLL);
    }

    public TrainerConfig withLearningRate(double lr) {
        return new TrainerConfig(k1, k2, lr, beta1, beta2, epsilon, clipNorm, lossGuardFactor, loss);
    }

    public TrainerConfig withWindows(int newK1, int newK2) {
        return new TrainerConfig(newK1, newK2, learningRate, beta1, beta2, epsilon, clipNorm, lossGuardFactor, loss);
    }

    public TrainerConfig withLoss(LossType newLoss) {
        return new TrainerConfig(k1, k2, learningRate, beta1, beta2, epsilon, clipNorm, lossGuardFactor, newLoss);
    }
}
