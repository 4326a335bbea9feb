package io.streamcast.model;

/**
 * The inner loops of every cell. Weights are stored column-major (one contiguous run of G·H values
 * per input). HotSpot's C2 (JDK 17) does not vectorise these loops over one flat array with computed
 * offsets, so each kernel walks four columns per pass: a quarter of the loads and stores of the
 * accumulator, four independent multiply chains in flight. Every element still sums its terms in
 * the same order as the one-column loop, so results are bit-identical to it.
 */
final class Kernels {
    private Kernels() {
    }

    /** acc[j] += Σ_k w[off + k·gw + j] · x[k], for j < gw and k < n, adding k in ascending order. */
    static void addMatVec(double[] w, int off, int gw, double[] x, int n, double[] acc) {
        int k = 0;
        for (; k + 3 < n; k += 4) {
            double x0 = x[k];
            double x1 = x[k + 1];
            double x2 = x[k + 2];
            double x3 = x[k + 3];
            int b0 = off + k * gw;
            int b1 = b0 + gw;
            int b2 = b1 + gw;
            int b3 = b2 + gw;
            for (int j = 0; j < gw; j++) {
                acc[j] = acc[j] + w[b0 + j] * x0 + w[b1 + j] * x1 + w[b2 + j] * x2 + w[b3 + j] * x3;
            }
        }
        for (; k < n; k++) {
            double xk = x[k];
            int base = off + k * gw;
            for (int j = 0; j < gw; j++) {
                acc[j] += w[base + j] * xk;
            }
        }
    }

    /** out[k] += Σ_j w[off + k·gw + j] · d[j]: the transposed product, for input gradients. */
    static void addMatTVec(double[] w, int off, int gw, double[] d, int n, double[] out) {
        int k = 0;
        for (; k + 3 < n; k += 4) {
            int b0 = off + k * gw;
            int b1 = b0 + gw;
            int b2 = b1 + gw;
            int b3 = b2 + gw;
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            for (int j = 0; j < gw; j++) {
                double dj = d[j];
                s0 += w[b0 + j] * dj;
                s1 += w[b1 + j] * dj;
                s2 += w[b2 + j] * dj;
                s3 += w[b3 + j] * dj;
            }
            out[k] += s0;
            out[k + 1] += s1;
            out[k + 2] += s2;
            out[k + 3] += s3;
        }
        for (; k < n; k++) {
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
        int k = 0;
        for (; k + 3 < n; k += 4) {
            double x0 = x[k];
            double x1 = x[k + 1];
            double x2 = x[k + 2];
            double x3 = x[k + 3];
            int b0 = off + k * gw;
            int b1 = b0 + gw;
            int b2 = b1 + gw;
            int b3 = b2 + gw;
            for (int j = 0; j < gw; j++) {
                double dj = d[j];
                g[b0 + j] += dj * x0;
                g[b1 + j] += dj * x1;
                g[b2 + j] += dj * x2;
                g[b3 + j] += dj * x3;
            }
        }
        for (; k < n; k++) {
            double xk = x[k];
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
