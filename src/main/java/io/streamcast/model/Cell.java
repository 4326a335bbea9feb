package io.streamcast.model;

/**
 * One recurrent cell: a pure function of (weights, input, previous state) writing into caller-owned
 * buffers, and its exact gradient. The layer's weights are columns of G·H values ({@link WeightColumns})
 * from {@code c0}: Wx (in columns), then Wh (hid columns), then the bias (one column).
 */
interface Cell {
    /**
     * @param act     out, G·H: the gate activations, kept for the backward pass
     * @param aux     out, H: cell-specific (GRU: Wh_n·h; LSTM: tanh(c'); Elman: unused)
     * @param scratch G·H of scratch space
     */
    void forward(double[][] w, int c0, int in, int hid, double[] x, double[] h, double[] c,
                 double[] hOut, double[] cOut, double[] act, double[] aux, double[] scratch);

    /**
     * Back-propagates dhOut (and dcOut for LSTM) through one step: accumulates weight gradients into
     * {@code grad} (columns, as the weights, from {@code c0}) and writes the gradients of the step's inputs into
     * dx (added to, skipped when null), dhPrev and dcPrev (LSTM only), both overwritten. The weights are read as
     * the layer's transposed rows from {@code r0} ({@link WeightColumns#transpose}). dPreX and dPreH are G·H of
     * scratch each (cells whose two sides share one gradient pass the same array twice), sum H of scratch.
     */
    void backward(double[][] rows, int r0, int c0, int in, int hid, double[] x, double[] h, double[] c,
                  double[] act, double[] aux, double[] dhOut, double[] dcOut, double[][] grad, double[] dx,
                  double[] dhPrev, double[] dcPrev, double[] dPreX, double[] dPreH, double[] sum);

    /** Column of the recurrent block Wh. */
    static int wh(int c0, int in) {
        return c0 + in;
    }

    /** Column of the bias. */
    static int bias(int c0, int in, int hid) {
        return c0 + in + hid;
    }

    /** Accumulates the gradients of a pre-activation d = ∂L/∂(Wx·x + Wh·h + b) into weights and inputs. */
    static void backPre(double[][] rows, int r0, int c0, int in, int hid, int gw, double[] x, double[] h,
                        double[] dPreX, double[] dPreH, double[][] grad, double[] dx, double[] dhPrev, double[] sum) {
        Kernels.addOuter(grad, c0, gw, dPreX, x, in);
        Kernels.addOuter(grad, wh(c0, in), gw, dPreH, h, hid);
        Kernels.add(grad[bias(c0, in, hid)], dPreX, gw);
        if (dx != null) {
            Kernels.addMatTVec(rows, r0, gw, dPreX, in, dx, sum);
        }
        Kernels.addMatTVec(rows, r0 + gw, gw, dPreH, hid, dhPrev, sum);
    }
}
