package io.streamcast.model;

/** Training loss of the Gaussian head. */
public enum LossType {
    /** Gaussian negative log-likelihood: trains the mean and the scale, so intervals are learned. */
    NLL,
    /** Squared error of the mean only; the scale head keeps its initial value (one running std). */
    MSE;

    public static LossType parse(String name) {
        return Labels.parse(LossType.class, name, "loss");
    }
}
