package io.streamcast.model;

/** Training loss of the Gaussian head. */
public enum LossType {
    /** Gaussian negative log-likelihood: trains the mean and the scale, so intervals are learned. */
    NLL,
    /** Squared error of the mean only; the scale head keeps its initial value (one running std). */
    MSE;

    public static LossType parse(String name) {
        for (LossType t : values()) {
            if (t.name().equalsIgnoreCase(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("loss must be one of nll, mse, got '" + name + "'");
    }
}
