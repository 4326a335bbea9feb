package io.streamcast.model;

/**
 * The forward step of a stacked RNN with a Gaussian head. Per-key state is a flat array of
 * {@link NetworkShape#stateSize()} values: h of layers 0..L-1, then (LSTM) c of layers 0..L-1.
 */
public final class Network {
    private Network() {
    }

    /**
     * Advances {@code state} one step on input x (in place) and writes the head's forecast for the next
     * value into out: out[0] = μ, out[1] = log σ, both in normalised units.
     */
    public static void step(Weights weights, double[] state, double[] x, double[] out, StepWorkspace ws) {
        NetworkShape s = weights.shape();
        if (ws.shape != s && ws.checked != s) {
            // Weights read from a file or topic carry a shape of their own: compared once, not per step.
            if (!ws.shape.equals(s)) {
                throw new IllegalArgumentException("workspace is for " + ws.shape + ", weights are " + s);
            }
            ws.checked = s;
        }
        double[][] cols = weights.columns();
        int hid = s.hiddenSize();
        int layers = s.layers();
        boolean lstm = s.cell().hasCellState();
        Cell cell = s.cell().cell();
        int cBase = layers * hid;
        double[] in = x;
        double[] h = ws.hA;
        for (int l = 0; l < layers; l++) {
            System.arraycopy(state, l * hid, ws.hPrev, 0, hid);
            if (lstm) {
                System.arraycopy(state, cBase + l * hid, ws.cPrev, 0, hid);
            }
            cell.forward(cols, WeightColumns.first(s, l), s.layerInput(l), hid, in, ws.hPrev, ws.cPrev, h, ws.cOut,
                    ws.act, ws.aux, ws.scratch);
            System.arraycopy(h, 0, state, l * hid, hid);
            if (lstm) {
                System.arraycopy(ws.cOut, 0, state, cBase + l * hid, hid);
            }
            in = h;
            h = h == ws.hA ? ws.hB : ws.hA;
        }
        GaussianHead.forward(weights.raw(), s.headOffset(), in, hid, ws.head);
        out[0] = ws.head[0];
        out[1] = ws.head[1];
    }
}
