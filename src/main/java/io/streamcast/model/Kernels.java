package io.streamcast.model;

/**
 * The inner loops of every cell, over weights held one array per column ({@link WeightColumns}).
 * Each kernel walks four columns per pass: a quarter of the loads and stores of the accumulator, and
 * loops C2 vectorises across j. Every element still sums its terms in the same order as the
 * one-column loop, so results are bit-identical to it.
 */
final class Kernels {
    private Kernels() {
    }

    /** acc[j] += Σ_k w[c0 + k][j] · x[k], for j < gw and k < n, adding k in ascending order. */
    static void addMatVec(double[][] w, int c0, int gw, double[] x, int n, double[] acc) {
        int k = 0;
        for (; k + 3 < n; k += 4) {
            double x0 = x[k];
            double x1 = x[k + 1];
            double x2 = x[k + 2];
            double x3 = x[k + 3];
            double[] w0 = w[c0 + k];
            double[] w1 = w[c0 + k + 1];
            double[] w2 = w[c0 + k + 2];
            double[] w3 = w[c0 + k + 3];
            for (int j = 0; j < gw; j++) {
                acc[j] = acc[j] + w0[j] * x0 + w1[j] * x1 + w2[j] * x2 + w3[j] * x3;
            }
        }
        for (; k < n; k++) {
            double xk = x[k];
            double[] wk = w[c0 + k];
            for (int j = 0; j < gw; j++) {
                acc[j] += wk[j] * xk;
            }
        }
    }

    /**
     * out[k] += Σ_j rows[r0 + j][k] · d[j], for k < n, each sum from 0 over ascending j and then added to out[k]:
     * the transposed product, for input gradients, over the transposed weights ({@link WeightColumns#transpose}).
     * The sums are the product of the rows with d, taken for all k at once in {@code sum} (n of scratch), in the
     * order of a dot product.
     */
    static void addMatTVec(double[][] rows, int r0, int gw, double[] d, int n, double[] out, double[] sum) {
        java.util.Arrays.fill(sum, 0, n, 0.0);
        addMatVec(rows, r0, n, d, gw, sum);
        for (int k = 0; k < n; k++) {
            out[k] += sum[k];
        }
    }

    /** g[c0 + k][j] += d[j] · x[k]: the outer-product gradient of a weight block. */
    static void addOuter(double[][] g, int c0, int gw, double[] d, double[] x, int n) {
        int k = 0;
        for (; k + 3 < n; k += 4) {
            double x0 = x[k];
            double x1 = x[k + 1];
            double x2 = x[k + 2];
            double x3 = x[k + 3];
            double[] g0 = g[c0 + k];
            double[] g1 = g[c0 + k + 1];
            double[] g2 = g[c0 + k + 2];
            double[] g3 = g[c0 + k + 3];
            for (int j = 0; j < gw; j++) {
                double dj = d[j];
                g0[j] += dj * x0;
                g1[j] += dj * x1;
                g2[j] += dj * x2;
                g3[j] += dj * x3;
            }
        }
        for (; k < n; k++) {
            double xk = x[k];
            double[] gk = g[c0 + k];
            for (int j = 0; j < gw; j++) {
                gk[j] += d[j] * xk;
            }
        }
    }

    static void add(double[] g, double[] d, int n) {
        for (int j = 0; j < n; j++) {
            g[j] += d[j];
        }
    }

    /** exp's argument is clipped to ±EXP_LIMIT: beyond it every gate is saturated to double precision anyway. */
    static final double EXP_LIMIT = 40;

    /**
     * e^x for |x| ≤ {@link #EXP_LIMIT} (clipped beyond), within 1e-13 of {@code Math.exp}: the Taylor polynomial of
     * degree 10 at x/256, squared eight times. Only multiplies and adds, so a loop over it vectorises, where
     * {@code Math.exp} is a call per element: 96 GRU-32 gates in ~175 ns instead of ~430 ns. The same bits in
     * the interpreter and every compiler tier (no fused multiply-add, no intrinsic).
     */
    static double exp(double x) {
        double r = Math.max(-EXP_LIMIT, Math.min(EXP_LIMIT, x)) * (1.0 / 256);
        double p = 1.0 + r * (1.0 + r * (1.0 / 2 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120 + r * (1.0 / 720
                + r * (1.0 / 5040 + r * (1.0 / 40320 + r * (1.0 / 362880 + r * (1.0 / 3628800))))))))));
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        return p * p;
    }

    /** tanh through one exp (Math.tanh costs several times more on JDK 17); ±1 exactly beyond ±20. */
    static double tanh(double x) {
        double e = exp(2 * x);
        return (e - 1) / (e + 1);
    }

    static double sigmoid(double x) {
        return 1.0 / (1.0 + exp(-x));
    }

    /** a[from..to) = σ(a[from..to)), in a loop C2 vectorises; each element as {@link #sigmoid(double)}. */
    static void sigmoid(double[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            a[i] = 1.0 / (1.0 + exp(-a[i]));
        }
    }

    /** a[from..to) = tanh(a[from..to)), in a loop C2 vectorises; each element as {@link #tanh(double)}. */
    static void tanh(double[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            double e = exp(2 * a[i]);
            a[i] = (e - 1) / (e + 1);
        }
    }
}
