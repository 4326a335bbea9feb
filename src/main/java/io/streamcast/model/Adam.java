package io.streamcast.model;

/** Adam with global-norm clipping, written into caller-owned buffers so a rejected step changes nothing. */
final class Adam {
    private Adam() {
    }

    /**
     * Writes the stepped parameters and moments into outP, outM, outV; the state itself is left alone
     * until {@link #commit}.
     */
    static void step(double[] p, double[] grad, double gradNorm, AdamState adam, TrainerConfig config,
                     double[] outP, double[] outM, double[] outV) {
        double clip = gradNorm > config.clipNorm() ? config.clipNorm() / gradNorm : 1.0;
        long t = adam.t + 1;
        double b1 = config.beta1();
        double b2 = config.beta2();
        double lr = config.learningRate() * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
        double eps = config.epsilon();
        // Two loops rather than one: C2 vectorises each, not their fusion (10 -> 2 µs for GRU-32's 3,700
        // parameters); the same operations on the same values, so the same bits.
        double[] m = adam.m;
        double[] v = adam.v;
        for (int i = 0; i < p.length; i++) {
            double g = grad[i] * clip;
            outM[i] = b1 * m[i] + (1 - b1) * g;
            outV[i] = b2 * v[i] + (1 - b2) * g * g;
        }
        for (int i = 0; i < p.length; i++) {
            outP[i] = p[i] - lr * outM[i] / (Math.sqrt(outV[i]) + eps);
        }
    }

    static void commit(AdamState adam, double[] m, double[] v) {
        System.arraycopy(m, 0, adam.m, 0, m.length);
        System.arraycopy(v, 0, adam.v, 0, v.length);
        adam.t++;
    }

    static double norm(double[] g) {
        double s = 0;
        for (double x : g) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
