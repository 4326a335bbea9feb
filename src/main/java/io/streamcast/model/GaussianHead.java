package io.streamcast.model;

/**
 * Linear Gaussian head on the top hidden layer: mean μ = w_μ·h + b_μ and log-scale
 * s = B·tanh((w_s·h + b_s)/B). The soft bound B keeps σ = e^s within [e^-B, e^B] normalised units, so
 * one wild step cannot make the likelihood blow up, and it stays differentiable for the gradient checks.
 */
public final class GaussianHead {
    /** Bound on the log-scale, in normalised units. */
    public static final double LOG_SCALE_BOUND = 6.0;
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    private GaussianHead() {
    }

    /** Writes μ into out[0], the bounded log-scale into out[1] and the raw log-scale into out[2]. */
    static void forward(double[] w, int off, double[] h, int hid, double[] out) {
        double mu = w[off + 2 * hid];
        double raw = w[off + 2 * hid + 1];
        for (int k = 0; k < hid; k++) {
            mu += w[off + 2 * k] * h[k];
            raw += w[off + 2 * k + 1] * h[k];
        }
        out[0] = mu;
        out[1] = LOG_SCALE_BOUND * boundTanh(raw / LOG_SCALE_BOUND);
        out[2] = raw;
    }

    /** Per-step loss for target y given (μ, s). */
    static double loss(LossType type, double mu, double logScale, double y) {
        double r = y - mu;
        if (type == LossType.MSE) {
            return 0.5 * r * r;
        }
        return HALF_LOG_2PI + logScale + 0.5 * r * r * Math.exp(-2 * logScale);
    }

    /**
     * Back-propagates {@code scale}·∂loss into the head's weights (grad) and into dh (overwritten), for
     * one step with hidden output h.
     */
    static void backward(LossType type, double[] w, int off, double[] h, int hid, double mu, double logScale,
                         double raw, double y, double scale, double[] grad, double[] dh) {
        double r = y - mu;
        double dMu;
        double dRaw;
        if (type == LossType.MSE) {
            dMu = -r * scale;
            dRaw = 0;
        } else {
            double inv = Math.exp(-2 * logScale);
            dMu = -r * inv * scale;
            double t = boundTanh(raw / LOG_SCALE_BOUND);
            dRaw = (1 - r * r * inv) * (1 - t * t) * scale;
        }
        for (int k = 0; k < hid; k++) {
            grad[off + 2 * k] += dMu * h[k];
            grad[off + 2 * k + 1] += dRaw * h[k];
            dh[k] = dMu * w[off + 2 * k] + dRaw * w[off + 2 * k + 1];
        }
        grad[off + 2 * hid] += dMu;
        grad[off + 2 * hid + 1] += dRaw;
    }

    /**
     * tanh on {@code Math.exp}, as the cells had it before their vectorised {@link Kernels#exp}: the log-scale sits
     * near 0, where (e − 1) turns exp's 1e-13 error into a relative error of the scale large enough to blur the
     * likelihood's finite-difference checks. One call per step, so the intrinsic costs nothing here.
     */
    private static double boundTanh(double x) {
        if (x > 20) {
            return 1.0;
        }
        if (x < -20) {
            return -1.0;
        }
        double e = Math.exp(2 * x);
        return (e - 1) / (e + 1);
    }
}
