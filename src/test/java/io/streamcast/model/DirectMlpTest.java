package io.streamcast.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The direct head's hidden layer: its backpropagated gradient matches finite differences of its loss, training
 * learns a nonlinear map a linear one cannot, and the same samples and seed give the same bits.
 */
class DirectMlpTest {
    @Test
    void theGradientMatchesFiniteDifferencesOfTheLoss() {
        SplittableRandom rnd = new SplittableRandom(3);
        int inputs = 5;
        int hidden = 4;
        int outputs = 3;
        double[] params = gaussian(rnd, DirectMlp.size(inputs, hidden, outputs));
        double[][] x = samples(rnd, 7, inputs, 3);
        double[][] t = samples(rnd, 7, outputs, 1);
        int[] rows = {0, 1, 2, 3, 4, 5, 6};
        DirectMlp mlp = new DirectMlp(inputs, hidden, outputs, params);
        double[] grad = new double[params.length];
        mlp.lossAndGradient(x, t, rows, 0, rows.length, grad);
        double eps = 1e-6;
        for (int i = 0; i < params.length; i++) {
            double[] up = params.clone();
            double[] down = params.clone();
            up[i] += eps;
            down[i] -= eps;
            double fd = (new DirectMlp(inputs, hidden, outputs, up).lossAndGradient(x, t, rows, 0, 7, new double[params.length])
                    - new DirectMlp(inputs, hidden, outputs, down).lossAndGradient(x, t, rows, 0, 7,
                    new double[params.length])) / (2 * eps);
            assertEquals(fd, grad[i], 1e-6 * Math.max(1, Math.abs(fd)), "parameter " + i);
        }
    }

    @Test
    void itLearnsWhatALinearMapCannotAndTheSameSeedGivesTheSameBits() {
        // Targets |x0| and x0·x1: no linear map of the inputs does better than their mean.
        SplittableRandom rnd = new SplittableRandom(11);
        int n = 4000;
        double[][] x = samples(rnd, n, 2, 5);
        double[][] t = new double[n][2];
        double mean0 = 0;
        for (int s = 0; s < n; s++) {
            t[s][0] = Math.abs(x[s][0]) / 5;
            t[s][1] = x[s][0] * x[s][1] / 25;
            mean0 += t[s][0] / n;
        }
        DirectMlp mlp = DirectMlp.train(x, t, 2, 16, 60, 5);
        double err = 0;
        double spread = 0;
        double[] f = new double[2 + 16];
        for (int s = 0; s < n; s++) {
            double[] out = new double[2];
            System.arraycopy(x[s], 0, f, 0, 2);
            mlp.add(f, 2, out);
            err += sq(out[0] - t[s][0]) + sq(out[1] - t[s][1]);
            spread += sq(t[s][0] - mean0) + sq(t[s][1]);
        }
        System.out.printf("hidden layer on |x0| and x0·x1: MSE %.3f× the best constant's%n", err / spread);
        // A linear map of x0 and x1 scores about 1 here (both targets are uncorrelated with each input).
        assertTrue(err < 0.3 * spread, "MSE " + err + " against " + spread + " for the best constant");
        assertArrayEquals(mlp.parameters(), DirectMlp.train(x, t, 2, 16, 60, 5).parameters());
    }

    @Test
    void theMeanOfAnEnsembleIsOneWiderLayerThatOutputsTheMembersMean() {
        SplittableRandom rnd = new SplittableRandom(17);
        int inputs = 6;
        int hidden = 5;
        int outputs = 4;
        java.util.List<DirectMlp> members = new java.util.ArrayList<>();
        for (int m = 0; m < 3; m++) {
            members.add(new DirectMlp(inputs, hidden, outputs, gaussian(rnd, DirectMlp.size(inputs, hidden, outputs))));
        }
        DirectMlp mean = DirectMlp.mean(members);
        assertEquals(3 * hidden, mean.hidden());
        for (int s = 0; s < 20; s++) {
            double[] x = samples(rnd, 1, inputs, 4)[0];
            double[] expected = new double[outputs];
            for (DirectMlp m : members) {
                double[] out = new double[outputs];
                double[] f = java.util.Arrays.copyOf(x, inputs + hidden);
                m.add(f, inputs, out);
                for (int k = 0; k < outputs; k++) {
                    expected[k] += out[k] / members.size();
                }
            }
            double[] got = new double[outputs];
            mean.add(java.util.Arrays.copyOf(x, inputs + 3 * hidden), inputs, got);
            assertArrayEquals(expected, got, 1e-12);
        }
        assertThrows(IllegalArgumentException.class, () -> DirectMlp.mean(java.util.List.of(members.get(0),
                new DirectMlp(inputs, hidden + 1, outputs, new double[DirectMlp.size(inputs, hidden + 1, outputs)]))));
    }

    private static double[] gaussian(SplittableRandom rnd, int n) {
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = rnd.nextGaussian();
        }
        return p;
    }

    private static double[][] samples(SplittableRandom rnd, int n, int width, double scale) {
        double[][] x = new double[n][width];
        for (double[] row : x) {
            for (int i = 0; i < width; i++) {
                row[i] = scale * rnd.nextGaussian();
            }
        }
        return x;
    }

    private static double sq(double v) {
        return v * v;
    }
}
