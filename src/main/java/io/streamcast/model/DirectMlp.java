package io.streamcast.model;

import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The direct head's nonlinear part: one hidden layer of tanh units on the head's scaled inputs (times
 * {@link #INPUT_SCALE}, so the ±20 clip stays inside tanh's bend), whose output is added to the linear head's: it is
 * trained on what the ridge fit leaves, by mini-batch Adam on the mean squared H-step error, from a seeded start
 * in a seeded order, so the same samples give the same bits. Parameters in one flat array: W1 (inputs × hidden,
 * row by input), b1, W2 (hidden × outputs, row by unit), b2. Immutable once trained.
 */
public final class DirectMlp {
    static final double INPUT_SCALE = 0.2;
    private static final int BATCH = 256;
    private final int inputs;
    private final int hidden;
    private final int outputs;
    private final double[] p;

    public DirectMlp(int inputs, int hidden, int outputs, double[] params) {
        Checks.positive("inputs", inputs);
        Checks.positive("forecast.direct.hidden", hidden);
        Checks.positive("outputs", outputs);
        if (params.length != size(inputs, hidden, outputs)) {
            throw new IllegalArgumentException("a direct head's hidden layer of " + hidden + " units on " + inputs
                    + " inputs and " + outputs + " outputs has " + size(inputs, hidden, outputs) + " parameters, got "
                    + params.length);
        }
        this.inputs = inputs;
        this.hidden = hidden;
        this.outputs = outputs;
        this.p = params.clone();
    }

    static int size(int inputs, int hidden, int outputs) {
        return inputs * hidden + hidden + hidden * outputs + outputs;
    }

    public int hidden() {
        return hidden;
    }

    /** A copy of the parameters. */
    public double[] parameters() {
        return p.clone();
    }

    /** Adds the layer's output for inputs {@code f} to {@code out}; {@code f} from {@code at} on is its scratch. */
    void add(double[] f, int at, double[] out) {
        forward(p, f, f, at);
        int w2 = inputs * hidden + hidden;
        int b2 = w2 + hidden * outputs;
        for (int j = 0; j < hidden; j++) {
            double aj = f[at + j];
            int row = w2 + j * outputs;
            for (int k = 0; k < outputs; k++) {
                out[k] += aj * p[row + k];
            }
        }
        for (int k = 0; k < outputs; k++) {
            out[k] += p[b2 + k];
        }
    }

    /** The hidden units' activations for inputs {@code f} into {@code a} from {@code at} on. */
    private void forward(double[] params, double[] f, double[] a, int at) {
        int b1 = inputs * hidden;
        System.arraycopy(params, b1, a, at, hidden);
        for (int i = 0; i < inputs; i++) {
            double fi = f[i] * INPUT_SCALE;
            int row = i * hidden;
            for (int j = 0; j < hidden; j++) {
                a[at + j] += fi * params[row + j];
            }
        }
        Kernels.tanh(a, at, at + hidden); // the cells' own: the same bits in every compiler tier, and vectorised
    }

    /**
     * Half the mean squared error of this layer's outputs against {@code targets} over the samples {@code rows},
     * with its gradient (by backpropagation) added to {@code grad}; for training and its gradient checks.
     */
    double lossAndGradient(double[][] x, double[][] targets, int[] rows, int from, int to, double[] grad) {
        return lossAndGradient(x, targets, rows, from, to, to - from, grad);
    }

    /** As above, for part of a batch of {@code n} samples: each sample's share is 1/n. */
    private double lossAndGradient(double[][] x, double[][] targets, int[] rows, int from, int to, double n,
                                   double[] grad) {
        int w2 = inputs * hidden + hidden;
        int b2 = w2 + hidden * outputs;
        double[] a = new double[hidden];
        double[] g = new double[outputs];
        double[] ga = new double[hidden];
        double loss = 0;
        for (int r = from; r < to; r++) {
            double[] f = x[rows[r]];
            double[] t = targets[rows[r]];
            forward(p, f, a, 0);
            for (int k = 0; k < outputs; k++) {
                double o = p[b2 + k];
                for (int j = 0; j < hidden; j++) {
                    o += a[j] * p[w2 + j * outputs + k];
                }
                double d = o - t[k];
                loss += 0.5 * d * d / n;
                g[k] = d / n;
                grad[b2 + k] += g[k];
            }
            for (int j = 0; j < hidden; j++) {
                int row = w2 + j * outputs;
                double back = 0;
                for (int k = 0; k < outputs; k++) {
                    grad[row + k] += a[j] * g[k];
                    back += g[k] * p[row + k];
                }
                ga[j] = back * (1 - a[j] * a[j]);
                grad[inputs * hidden + j] += ga[j];
            }
            for (int i = 0; i < inputs; i++) {
                double fi = f[i] * INPUT_SCALE;
                int row = i * hidden;
                for (int j = 0; j < hidden; j++) {
                    grad[row + j] += fi * ga[j];
                }
            }
        }
        return loss;
    }

    /**
     * Trains a layer of {@code hidden} units on {@code x} (inputs per sample) to {@code targets}: W1 drawn from
     * N(0, 1/inputs) with {@code seed}, the rest 0 (so it starts adding nothing), then {@code epochs} passes in a
     * seeded order, Adam (step 0.001) per batch of 256. Each batch's gradient is summed in two halves, the second
     * on another thread, and the halves added in order: the same bits on any machine, in about half the time on
     * two cores.
     */
    static DirectMlp train(double[][] x, double[][] targets, int inputs, int hidden, int epochs, long seed) {
        ExecutorService second = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "streamcast-direct-head");
            t.setDaemon(true);
            return t;
        });
        try {
            return train(x, targets, inputs, hidden, epochs, seed, second);
        } finally {
            second.shutdownNow();
        }
    }

    private static DirectMlp train(double[][] x, double[][] targets, int inputs, int hidden, int epochs, long seed,
                                   ExecutorService second) {
        int outputs = targets[0].length;
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] params = new double[size(inputs, hidden, outputs)];
        double sd = 1 / Math.sqrt(inputs);
        for (int i = 0; i < inputs * hidden; i++) {
            params[i] = sd * rnd.nextGaussian();
        }
        DirectMlp mlp = new DirectMlp(inputs, hidden, outputs, params);
        double[] m = new double[params.length];
        double[] v = new double[params.length];
        double[] grad = new double[params.length];
        double[] gradB = new double[params.length];
        int[] order = new int[x.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // Adam's bias corrections as running products: Math.pow may differ in its last bit between platforms.
        double decay1 = 1;
        double decay2 = 1;
        for (int e = 0; e < epochs; e++) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int tmp = order[i];
                order[i] = order[j];
                order[j] = tmp;
            }
            for (int from = 0; from < order.length; from += BATCH) {
                int to = Math.min(order.length, from + BATCH);
                int half = from + (to - from) / 2;
                java.util.Arrays.fill(grad, 0);
                java.util.Arrays.fill(gradB, 0);
                int first = from;
                Future<?> b = second.submit(() -> mlp.lossAndGradient(x, targets, order, half, to, to - first, gradB));
                mlp.lossAndGradient(x, targets, order, from, half, to - from, grad);
                join(b);
                for (int k = 0; k < grad.length; k++) {
                    grad[k] += gradB[k];
                }
                decay1 *= 0.9;
                decay2 *= 0.999;
                double c1 = 1 - decay1;
                double c2 = 1 - decay2;
                for (int k = 0; k < grad.length; k++) {
                    m[k] = 0.9 * m[k] + 0.1 * grad[k];
                    v[k] = 0.999 * v[k] + 0.001 * grad[k] * grad[k];
                    mlp.p[k] -= 0.001 * (m[k] / c1) / (Math.sqrt(v[k] / c2) + 1e-8);
                }
            }
        }
        return mlp;
    }

    /**
     * One layer whose output is the mean of {@code members}' outputs: their hidden units side by side, each output
     * row divided by the count and the output biases averaged. Exactly the ensemble's mean up to rounding; one
     * member is returned as it is.
     */
    static DirectMlp mean(java.util.List<DirectMlp> members) {
        DirectMlp first = members.get(0);
        int n = members.size();
        if (n == 1) {
            return first;
        }
        int in = first.inputs;
        int h = first.hidden;
        int out = first.outputs;
        int wide = h * n;
        double[] q = new double[size(in, wide, out)];
        int b1 = in * wide;
        int w2 = b1 + wide;
        int b2 = w2 + wide * out;
        for (int m = 0; m < n; m++) {
            DirectMlp mlp = members.get(m);
            if (mlp.inputs != in || mlp.hidden != h || mlp.outputs != out) {
                throw new IllegalArgumentException("an ensemble's layers must have the same shape");
            }
            double[] p = mlp.p;
            for (int i = 0; i < in; i++) {
                System.arraycopy(p, i * h, q, i * wide + m * h, h);
            }
            System.arraycopy(p, in * h, q, b1 + m * h, h);
            int pw2 = in * h + h;
            for (int j = 0; j < h; j++) {
                for (int k = 0; k < out; k++) {
                    q[w2 + (m * h + j) * out + k] = p[pw2 + j * out + k] / n;
                }
            }
            for (int k = 0; k < out; k++) {
                q[b2 + k] += p[pw2 + h * out + k] / n;
            }
        }
        return new DirectMlp(in, wide, out, q);
    }

    private static void join(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while training the direct head", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
        }
    }
}
