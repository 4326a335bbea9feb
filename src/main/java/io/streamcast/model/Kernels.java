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

    /** out[k] += Σ_j w[c0 + k][j] · d[j]: the transposed product, for input gradients. */
    static void addMatTVec(double[][] w, int c0, int gw, double[] d, int n, double[] out) {
        int k = 0;
        for (; k + 3 < n; k += 4) {
            double[] w0 = w[c0 + k];
            double[] w1 = w[c0 + k + 1];
            double[] w2 = w[c0 + k + 2];
            double[] w3 = w[c0 + k + 3];
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            for (int j = 0; j < gw; j++) {
                double dj = d[j];
                s0 += w0[j] * dj;
                s1 += w1[j] * dj;
                s2 += w2[j] * dj;
                s3 += w3[j] * dj;
            }
            out[k] += s0;
            out[k + 1] += s1;
            out[k + 2] += s2;
            out[k + 3] += s3;
        }
        for (; k < n; k++) {
            double[] wk = w[c0 + k];
            double s = 0;
            for (int j = 0; j < gw; j++) {
                s += wk[j] * d[j];
            }
            out[k] += s;
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
