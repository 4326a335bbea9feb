package io.streamcast.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The unrolled kernels must give the same bits as the plain one-column loops they replace. */
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

        double[] acc = random(rnd, gw);
        double[] expected = acc.clone();
        Kernels.addMatVec(w, off, gw, x, n, acc);
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < gw; j++) {
                expected[j] += w[off + k * gw + j] * x[k];
            }
        }
        assertArrayEquals(expected, acc, 0.0);

        double[] out = random(rnd, n);
        double[] expectedOut = out.clone();
        Kernels.addMatTVec(w, off, gw, d, n, out);
        for (int k = 0; k < n; k++) {
            double s = 0;
            for (int j = 0; j < gw; j++) {
                s += w[off + k * gw + j] * d[j];
            }
            expectedOut[k] += s;
        }
        assertArrayEquals(expectedOut, out, 0.0);

        double[] g = random(rnd, w.length);
        double[] expectedG = g.clone();
        Kernels.addOuter(g, off, gw, d, x, n);
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < gw; j++) {
                expectedG[off + k * gw + j] += d[j] * x[k];
            }
        }
        assertArrayEquals(expectedG, g, 0.0);
    }

    private static double[] random(SplittableRandom rnd, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = rnd.nextDouble(-2, 2);
        }
        return a;
    }
}
