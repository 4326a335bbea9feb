package io.streamcast.model;

/**
 * The layers' weights cut into one array per column: the G·H values that one input (or the bias)
 * contributes, in the flat layout's order. The kernels read them this way because HotSpot's C2 (JDK 17)
 * vectorises a loop over a few separate arrays but not one over four offsets into the same array; the
 * sums keep their order, so the bits are those of the flat loops. The head stays in the flat array.
 */
final class WeightColumns {
    private WeightColumns() {
    }

    /** Index of layer l's first column (its Wx, then Wh, then the bias column). */
    static int first(NetworkShape s, int layer) {
        return s.layerOffset(layer) / s.gateWidth();
    }

    static double[][] allocate(NetworkShape s) {
        return new double[s.headOffset() / s.gateWidth()][s.gateWidth()];
    }

    /** Copies the layers' part of the flat parameters into cols. */
    static void split(double[] p, double[][] cols) {
        for (int c = 0; c < cols.length; c++) {
            System.arraycopy(p, c * cols[c].length, cols[c], 0, cols[c].length);
        }
    }

    /** Copies cols back over the layers' part of the flat parameters. */
    static void join(double[][] cols, double[] p) {
        for (int c = 0; c < cols.length; c++) {
            System.arraycopy(cols[c], 0, p, c * cols[c].length, cols[c].length);
        }
    }

    /** Index of layer l's first transposed row ({@link #transpose}). */
    static int firstRow(NetworkShape s, int layer) {
        return layer * 2 * s.gateWidth();
    }

    /**
     * The layers' Wx and Wh as rows: per layer, G·H rows of its input width (row j holds every input's weight
     * into gate unit j), then G·H rows of the hidden width. The backward pass's transposed products read them,
     * so that they too run over separate arrays, adding the terms of each sum in the same order.
     */
    static double[][] transpose(NetworkShape s, double[][] cols) {
        int gw = s.gateWidth();
        int hid = s.hiddenSize();
        double[][] rows = new double[s.layers() * 2 * gw][];
        for (int l = 0; l < s.layers(); l++) {
            int c0 = first(s, l);
            int in = s.layerInput(l);
            int r0 = firstRow(s, l);
            for (int j = 0; j < gw; j++) {
                double[] x = new double[in];
                double[] h = new double[hid];
                for (int k = 0; k < in; k++) {
                    x[k] = cols[c0 + k][j];
                }
                for (int k = 0; k < hid; k++) {
                    h[k] = cols[c0 + in + k][j];
                }
                rows[r0 + j] = x;
                rows[r0 + gw + j] = h;
            }
        }
        return rows;
    }

    static void zero(double[][] cols) {
        for (double[] col : cols) {
            java.util.Arrays.fill(col, 0.0);
        }
    }
}
