package io.streamcast.model;

/**
 * One recurrent cell: a pure function of (weights, input, previous state) writing into caller-owned
 * buffers, and its exact gradient. Layer weights start at {@code off}: Wx (in columns of G·H), then
 * Wh (hid columns of G·H), then the bias (G·H).
 */
interface Cell {
    /**
     * @param act     out, G·H: the gate activations, kept for the backward pass
     * @param aux     out, H: cell-specific (GRU: Wh_n·h; LSTM: tanh(c'); Elman: unused)
     * @param scratch G·H of scratch space
     */
    void forward(double[] w, int off, int in, int hid, double[] x, double[] h, double[] c,
                 double[] hOut, double[] cOut, double[] act, double[] aux, double[] scratch);

    /**
     * Back-propagates dhOut (and dcOut for LSTM) through one step: accumulates weight gradients into
     * {@code grad} (same layout as the weights) and writes the gradients of the step's inputs into dx
     * (added to, skipped when null), dhPrev and dcPrev (LSTM only), both overwritten. dPreX and dPreH
     * are G·H of scratch each; cells whose two sides share one gradient pass the same array twice.
     */
    void backward(double[] w, int off, int in, int hid, double[] x, double[] h, double[] c,
                  double[] act, double[] aux, double[] dhOut, double[] dcOut,
                  double[] grad, double[] dx, double[] dhPrev, double[] dcPrev, double[] dPreX, double[] dPreH);

    /** Offset of the recurrent block Wh. */
    static int wh(int off, int in, int gw) {
        return off + in * gw;
    }

    /** Offset of the bias. */
    static int bias(int off, int in, int hid, int gw) {
        return off + (in + hid) * gw;
    }

    /** Accumulates the gradients of a pre-activation d = ∂L/∂(Wx·x + Wh·h + b) into weights and inputs. */
    static void backPre(double[] w, int off, int in, int hid, int gw, double[] x, double[] h,
                        double[] dPreX, double[] dPreH, double[] grad, double[] dx, double[] dhPrev) {
        int wh = wh(off, in, gw);
        Kernels.addOuter(grad, off, gw, dPreX, x, in);
        Kernels.addOuter(grad, wh, gw, dPreH, h, hid);
        Kernels.add(grad, bias(off, in, hid, gw), dPreX, gw);
        if (dx != null) {
            Kernels.addMatTVec(w, off, gw, dPreX, in, dx);
        }
        Kernels.addMatTVec(w, wh, gw, dPreH, hid, dhPrev);
    }
}
