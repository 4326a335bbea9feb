package io.streamcast.bench;

import java.util.SplittableRandom;

/** Shared, seeded benchmark inputs. */
final class BenchInputs {
    /** Cycled through so the branch predictor and caches cannot learn one input. Power of two. */
    static final int COUNT = 1024;

    private BenchInputs() {
    }

    /** COUNT rows of uniform values in [-1, 1]: roughly what the normalised, clipped features look like. */
    static double[][] rows(int width, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] rows = new double[COUNT][width];
        for (double[] row : rows) {
            for (int i = 0; i < width; i++) {
                row[i] = 2 * rnd.nextDouble() - 1;
            }
        }
        return rows;
    }
}
