package io.streamcast.model;

/**
 * The inner loops of every cell. Weights are stored column-major (one contiguous run of G·H values
 * per input), so a matrix-vector product is a sequence of axpy loops over contiguous memory, which
 * HotSpot's C2 vectorises; the row-major dot-product form is a floating-point reduction it does not.
 */
final class Kernels {
    private Kernels() {
    }

    /** acc[j] += Σ_k w[off + k·gw + j] · x[k], for j < gw and k < n. */
    static void addMatVec(double[] w, int off, int gw, double[] x, int n, double[] acc) {
        for (int k = 0; k < n; k++) {
            double xk = x[k];
            int base = off + k * gw;
            for (int j = 0; j < gw; j++) {
                acc[j] += w[base + j] * xk;
            }
        }
    }

    /** out[k] += Σ_j w[off + k·gw + j] · d[j]: the transposed product, for input gradients. */
    static void addMatTVec(double[] w, int off, int gw, double[] d, int n, double[] out) {
        for (int k = 0; k < n; k++) {
            int base = off + k * gw;
            double s = 0;
            for (int j = 0; j < gw; j++) {
                s += w[base + j] * d[j];
            }
            out[k] += s;
        }
    }

    /** g[off + k·gw + j] += d[j] · x[k]: the outer-product gradient of a weight block. */
    static void addOuter(double[] g, int off, int gw, double[] d, double[] x, int n) {
        for (int k = 0; k < n; k++) {
            double xk = x[k];
            if (xk == 0) {
                continue;
            }
            int base = off + k * gw;
            for (int j = 0; j < gw; j++) {
                g[base + j] += d[j] * xk;
            }
        }
    }

    static void add(double[] g, int off, double[] d, int n) {
        for (int j = 0; j < n; j++) {
            g[off + j] += d[j];
        }
    }

    /** tanh through one exp: on JDK 17 Math.tanh costs several times more. */
    static double tanh(double x) {
        if (x > 20) {
            return 1.0;
        }
        if (x < -20) {
            return -1.0;
        }
        double e = Math.exp(2 * x);
        return (e - 1) / (e + 1);
    }

    static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }
}
