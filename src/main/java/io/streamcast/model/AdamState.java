package io.streamcast.model;

import java.util.Arrays;

/**
 * Adam's moment estimates and step count for one weight set, kept apart from the hyper-parameters
 * in {@link TrainerConfig}. Mutable: the trainer commits to it only when it accepts an update.
 */
public final class AdamState {
    final double[] m;
    final double[] v;
    long t;

    public AdamState(int parameterCount) {
        Checks.positive("parameterCount", parameterCount);
        m = new double[parameterCount];
        v = new double[parameterCount];
    }

    public AdamState(double[] m, double[] v, long t) {
        if (m.length != v.length) {
            throw new IllegalArgumentException("m and v must have the same length, got " + m.length + " and " + v.length);
        }
        if (t < 0) {
            throw new IllegalArgumentException("t must be >= 0, got " + t);
        }
        this.m = m.clone();
        this.v = v.clone();
        this.t = t;
    }

    public int size() {
        return m.length;
    }

    public long steps() {
        return t;
    }

    public AdamState copy() {
        return new AdamState(m, v, t);
    }

    public void reset() {
        Arrays.fill(m, 0);
        Arrays.fill(v, 0);
        t = 0;
    }

    public double[] firstMoment() {
        return m.clone();
    }

    public double[] secondMoment() {
        return v.clone();
    }
}
