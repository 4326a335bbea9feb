package io.streamcast.model;

/**
 * The shape of a network: cell type, input width, hidden width and depth. Two weight sets are
 * interchangeable exactly when their shapes are equal.
 */
public record NetworkShape(CellType cell, int inputSize, int hiddenSize, int layers) {
    public static final int MAX_LAYERS = 3;
    public static final int MAX_HIDDEN = 1024;

    public NetworkShape {
        if (cell == null) {
            throw new IllegalArgumentException("cell must be one of elman, gru, lstm, got null");
        }
        Checks.inRange("inputSize", inputSize, 1, 64);
        Checks.inRange("hiddenSize", hiddenSize, 1, MAX_HIDDEN);
        Checks.inRange("layers", layers, 1, MAX_LAYERS);
    }

    int gateWidth() {
        return cell.gates() * hiddenSize;
    }

    int layerInput(int layer) {
        return layer == 0 ? inputSize : hiddenSize;
    }

    /** Offset of layer l's weights in the flat parameter array. */
    int layerOffset(int layer) {
        int off = 0;
        for (int l = 0; l < layer; l++) {
            off += layerParams(l);
        }
        return off;
    }

    int layerParams(int layer) {
        return (layerInput(layer) + hiddenSize + 1) * gateWidth();
    }

    /** Offset of the head: per hidden unit k the pair (w_mu[k], w_logscale[k]), then b_mu, b_logscale. */
    int headOffset() {
        return layerOffset(layers);
    }

    public int parameterCount() {
        return headOffset() + 2 * hiddenSize + 2;
    }

    /** Width of the per-key hidden state: h of every layer, and c of every layer for LSTM. */
    public int stateSize() {
        return layers * hiddenSize * (cell.hasCellState() ? 2 : 1);
    }

    /** Multiply-adds of one forward step, for GFLOP/s figures. */
    public long multiplyAddsPerStep() {
        long m = 0;
        for (int l = 0; l < layers; l++) {
            m += (long) (layerInput(l) + hiddenSize) * gateWidth();
        }
        return m + 2L * hiddenSize;
    }

    @Override
    public String toString() {
        return cell.name().toLowerCase() + "(in=" + inputSize + ", hidden=" + hiddenSize + ", layers=" + layers + ")";
    }
}
