package io.streamcast.baseline;

/** Argument checks the baselines share. */
final class Baselines {
    private Baselines() {
    }

    static void checkHorizon(double[] train, int h) {
        if (train.length == 0) {
            throw new IllegalArgumentException("empty training series");
        }
        if (h < 1) {
            throw new IllegalArgumentException("horizon must be >= 1, got " + h);
        }
    }

    static int checkPeriod(int m) {
        if (m < 1) {
            throw new IllegalArgumentException("seasonal period must be >= 1, got " + m);
        }
        return m;
    }
}
