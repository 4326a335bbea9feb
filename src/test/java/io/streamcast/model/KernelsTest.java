package io.streamcast.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The unrolled column kernels must give the same bits as plain one-column loops over the flat layout. */
class KernelsTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 3, 4, 5, 7, 8, 13, 32})
    void unrolledKernelsAreBitIdenticalToPlainLoops(int n) {
        SplittableRandom rnd = new SplittableRandom(n);
        int gw = 3 * 5;
        int off = 7;
        double[] w = random(rnd, off + n * gw + 3);
        double[] x = random(rnd, n);
        double[] d = random(rnd, gw);
        // The kernels read the same values as columns; c0 = 1 leaves one column before the block.
        double[][] cols = new double[n + 1][];
        cols[0] = new double[gw];
        for (int k = 0; k < n; k++) {
            cols[k + 1] = java.util.Arrays.copyOfRange(w, off + k * gw, off + (k + 1) * gw);
        }

        double[] acc = random(rnd, gw);
        double[] expected = acc.clone();
        Kernels.addMatVec(cols, 1, gw, x, n, acc);
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < gw; j++) {
                expected[j] += w[off + k * gw + j] * x[k];
            }
        }
        assertArrayEquals(expected, acc, 0.0);

        double[] out = random(rnd, n);
        double[] expectedOut = out.clone();
        // The transposed product reads rows: row j holds every column's entry j.
        double[][] rows = new double[gw + 2][];
        rows[0] = new double[n];
        rows[1] = new double[n];
        for (int j = 0; j < gw; j++) {
            rows[j + 2] = new double[n];
            for (int k = 0; k < n; k++) {
                rows[j + 2][k] = cols[k + 1][j];
            }
        }
        Kernels.addMatTVec(rows, 2, gw, d, n, out, random(rnd, n + 3));
        for (int k = 0; k < n; k++) {
            double s = 0;
            for (int j = 0; j < gw; j++) {
                s += w[off + k * gw + j] * d[j];
            }
            expectedOut[k] += s;
        }
        assertArrayEquals(expectedOut, out, 0.0);

        double[][] g = new double[n + 1][];
        double[][] expectedG = new double[n + 1][];
        for (int k = 0; k <= n; k++) {
            g[k] = random(rnd, gw);
            expectedG[k] = g[k].clone();
        }
        Kernels.addOuter(g, 1, gw, d, x, n);
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < gw; j++) {
                expectedG[k + 1][j] += d[j] * x[k];
            }
        }
        for (int k = 0; k <= n; k++) {
            assertArrayEquals(expectedG[k], g[k], 0.0);
        }
    }

    private static double[] random(SplittableRandom rnd, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = rnd.nextDouble(-2, 2);
        }
        return a;
    }

    @Test
    void expIsWithinOneE13OfMathExpAndSaturatesBeyondItsLimit() {
        SplittableRandom rnd = new SplittableRandom(3);
        double worst = 0;
        for (int i = 0; i < 200_000; i++) {
            double x = (rnd.nextDouble() - 0.5) * 2 * Kernels.EXP_LIMIT;
            worst = Math.max(worst, Math.abs(Kernels.exp(x) - Math.exp(x)) / Math.exp(x));
        }
        assertTrue(worst < 1e-13, "relative error " + worst);
        assertEquals(1.0, Kernels.exp(0.0));
        assertEquals(Kernels.exp(Kernels.EXP_LIMIT), Kernels.exp(1e6));
        assertTrue(Double.isNaN(Kernels.exp(Double.NaN)));
        assertEquals(1.0, Kernels.tanh(20.5));
        assertEquals(-1.0, Kernels.tanh(-1e9));
        assertEquals(1.0, Kernels.sigmoid(1e9));
        assertEquals(0.0, Kernels.sigmoid(-1e9), 1e-17);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 32, 96, 128})
    void gateLoopsGiveTheScalarFunctionsBits(int n) {
        SplittableRandom rnd = new SplittableRandom(n);
        double[] a = new double[n + 3];
        for (int i = 0; i < a.length; i++) {
            a[i] = (rnd.nextDouble() - 0.5) * 60;
        }
        double[] s = a.clone();
        double[] t = a.clone();
        Kernels.sigmoid(s, 1, n + 1);
        Kernels.tanh(t, 1, n + 1);
        for (int i = 0; i < a.length; i++) {
            boolean inside = i >= 1 && i <= n;
            assertEquals(inside ? Kernels.sigmoid(a[i]) : a[i], s[i], 0.0, "sigmoid at " + i);
            assertEquals(inside ? Kernels.tanh(a[i]) : a[i], t[i], 0.0, "tanh at " + i);
            if (inside) {
                assertEquals(1 / (1 + Math.exp(-a[i])), s[i], 1e-13);
                assertEquals(Math.tanh(a[i]), t[i], 1e-13);
            }
        }
    }
}
