package io.streamcast.model;

import java.util.Arrays;

/**
 * An immutable, versioned weight set: every layer's Wx, Wh and bias, then the Gaussian head, in one
 * flat array (layout in {@link NetworkShape}). Shared by every key of a global model, so nothing
 * here may change after construction.
 */
public final class Weights {
    private final NetworkShape shape;
    private final long version;
    private final double[] params;
    private final double[][] columns;
    /** Built on the first backward pass that needs it: weights that only forecast never pay for it. */
    private volatile double[][] rows;

    public Weights(NetworkShape shape, long version, double[] params) {
        if (shape == null) {
            throw new IllegalArgumentException("shape must not be null");
        }
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0, got " + version);
        }
        if (params == null || params.length != shape.parameterCount()) {
            throw new IllegalArgumentException("params must hold " + shape.parameterCount() + " values for "
                    + shape + ", got " + (params == null ? "null" : params.length));
        }
        this.shape = shape;
        this.version = version;
        this.params = params.clone();
        this.columns = WeightColumns.allocate(shape);
        WeightColumns.split(this.params, columns);
    }

    /** Seeded Glorot-uniform initialisation; the same shape and seed give the same bits. */
    public static Weights initial(NetworkShape shape, long seed) {
        return new Weights(shape, 0, WeightsInit.glorot(shape, seed));
    }

    public NetworkShape shape() {
        return shape;
    }

    public long version() {
        return version;
    }

    public int size() {
        return params.length;
    }

    public double get(int i) {
        return params[i];
    }

    /** A copy of the parameters. */
    public double[] toArray() {
        return params.clone();
    }

    public Weights withVersion(long newVersion) {
        return new Weights(shape, newVersion, params);
    }

    /** The internal array, for the kernels of this package only: never written. */
    double[] raw() {
        return params;
    }

    /** The layers' weights as the kernels read them ({@link WeightColumns}): never written. */
    double[][] columns() {
        return columns;
    }

    /** The layers' weights transposed, for the backward pass ({@link WeightColumns#transpose}): never written. */
    double[][] rows() {
        double[][] r = rows;
        if (r == null) {
            r = WeightColumns.transpose(shape, columns);
            rows = r;
        }
        return r;
    }

    public boolean allFinite() {
        for (double p : params) {
            if (!Double.isFinite(p)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Weights w && w.version == version && w.shape.equals(shape)
                && Arrays.equals(w.params, params);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * shape.hashCode() + Long.hashCode(version)) + Arrays.hashCode(params);
    }

    @Override
    public String toString() {
        return "Weights{" + shape + ", version=" + version + ", params=" + params.length + "}";
    }
}
