package io.streamcast.model;

import java.util.Arrays;

/**
 * Truncated back-propagation through time over one window: forward from a given start state with every
 * activation stored, exact backward pass, global-norm clipping, Adam, and a guard that rejects an update
 * whose loss or gradients are not finite or whose loss explodes. Owns its buffers; not thread-safe.
 */
public final class TbpttTrainer {
    private final NetworkShape shape;
    private final TrainerConfig config;
    private final Cell cell;
    private final int hid;
    private final int layers;
    private final int maxLen;
    // Per step t and layer l: outputs h and c, gate activations and the cell's aux values.
    private final double[][][] hs;
    private final double[][][] cs;
    private final double[][][] acts;
    private final double[][][] auxs;
    private final double[][] heads;
    private final double[][] startH;
    private final double[][] startC;
    private final double[][] dh;
    private final double[][] dc;
    private final double[] dOut;
    private final double[] dAbove;
    private final double[] dx;
    private final double[] dhPrev;
    private final double[] dcPrev;
    private final double[] dPreX;
    private final double[] dPreH;
    private final double[] scratch;
    private final double[] sum;
    private final double[] grad;
    private final double[][] gradColumns;
    private final double[][] candidateColumns;
    private final double[] candidate;
    private final double[] candM;
    private final double[] candV;

    public TbpttTrainer(NetworkShape shape, TrainerConfig config) {
        this.shape = shape;
        this.config = config;
        this.cell = shape.cell().cell();
        this.hid = shape.hiddenSize();
        this.layers = shape.layers();
        this.maxLen = config.k2();
        int gw = shape.gateWidth();
        hs = new double[maxLen][layers][hid];
        cs = new double[maxLen][layers][hid];
        acts = new double[maxLen][layers][gw];
        auxs = new double[maxLen][layers][hid];
        heads = new double[maxLen][3];
        startH = new double[layers][hid];
        startC = new double[layers][hid];
        dh = new double[layers][hid];
        dc = new double[layers][hid];
        dOut = new double[hid];
        dAbove = new double[hid];
        dx = new double[hid];
        dhPrev = new double[hid];
        dcPrev = new double[hid];
        dPreX = new double[gw];
        dPreH = new double[gw];
        scratch = new double[gw];
        sum = new double[Math.max(hid, shape.inputSize())];
        int n = shape.parameterCount();
        grad = new double[n];
        gradColumns = WeightColumns.allocate(shape);
        candidateColumns = WeightColumns.allocate(shape);
        candidate = new double[n];
        candM = new double[n];
        candV = new double[n];
    }

    public NetworkShape shape() {
        return shape;
    }

    public TrainerConfig config() {
        return config;
    }

    /** Mean loss over inputs[0..len) with targets[0..len), starting from startState. */
    public double loss(Weights w, double[] startState, double[][] inputs, double[] targets, int len) {
        checkWindow(w, startState, inputs, targets, len);
        return forward(w.raw(), w.columns(), startState, inputs, targets, len);
    }

    /** Mean loss and its exact gradient (written into gradOut, same layout as the weights). */
    public double lossAndGradient(Weights w, double[] startState, double[][] inputs, double[] targets, int len,
                                  double[] gradOut) {
        checkWindow(w, startState, inputs, targets, len);
        double loss = forward(w.raw(), w.columns(), startState, inputs, targets, len);
        backward(w.raw(), w.rows(), inputs, targets, len);
        System.arraycopy(grad, 0, gradOut, 0, grad.length);
        return loss;
    }

    /**
     * One guarded update on the window. Adam's state is advanced only when the update is accepted;
     * when it is rejected the returned weights are the very object passed in.
     */
    public UpdateResult update(Weights w, AdamState adam, double[] startState, double[][] inputs, double[] targets,
                               int len) {
        checkWindow(w, startState, inputs, targets, len);
        if (adam.size() != grad.length) {
            throw new IllegalArgumentException("adam state has " + adam.size() + " entries, weights " + grad.length);
        }
        double[] p = w.raw();
        double before = forward(p, w.columns(), startState, inputs, targets, len);
        if (!Double.isFinite(before)) {
            return UpdateResult.rejected("loss is not finite (" + before + ")", before, Double.NaN, Double.NaN, w);
        }
        backward(p, w.rows(), inputs, targets, len);
        double norm = Adam.norm(grad);
        if (!Double.isFinite(norm)) {
            return UpdateResult.rejected("gradient is not finite (norm " + norm + ")", before, Double.NaN, norm, w);
        }
        Adam.step(p, grad, norm, adam, config, candidate, candM, candV);
        WeightColumns.split(candidate, candidateColumns);
        double after = forward(candidate, candidateColumns, startState, inputs, targets, len);
        if (!Double.isFinite(after)) {
            return UpdateResult.rejected("loss after the update is not finite (" + after + ")", before, after, norm, w);
        }
        if (after - before > config.lossGuardFactor() * (Math.abs(before) + 1)) {
            return UpdateResult.rejected("loss exploded from " + before + " to " + after
                    + " (guard factor " + config.lossGuardFactor() + ")", before, after, norm, w);
        }
        Adam.commit(adam, candM, candV);
        return new UpdateResult(true, null, before, after, norm, new Weights(shape, w.version() + 1, candidate));
    }

    private void checkWindow(Weights w, double[] startState, double[][] inputs, double[] targets, int len) {
        if (!w.shape().equals(shape)) {
            throw new IllegalArgumentException("trainer is for " + shape + ", weights are " + w.shape());
        }
        if (len < 1 || len > maxLen) {
            throw new IllegalArgumentException("window length must be in [1, " + maxLen + "], got " + len);
        }
        if (inputs.length < len || targets.length < len) {
            throw new IllegalArgumentException("window has " + Math.min(inputs.length, targets.length)
                    + " steps, need " + len);
        }
        if (startState.length != shape.stateSize()) {
            throw new IllegalArgumentException("start state must hold " + shape.stateSize() + " values, got "
                    + startState.length);
        }
    }

    private double forward(double[] p, double[][] cols, double[] startState, double[][] inputs, double[] targets, int len) {
        boolean lstm = shape.cell().hasCellState();
        for (int l = 0; l < layers; l++) {
            System.arraycopy(startState, l * hid, startH[l], 0, hid);
            if (lstm) {
                System.arraycopy(startState, (layers + l) * hid, startC[l], 0, hid);
            }
        }
        double total = 0;
        int headOff = shape.headOffset();
        for (int t = 0; t < len; t++) {
            for (int l = 0; l < layers; l++) {
                double[] x = l == 0 ? inputs[t] : hs[t][l - 1];
                double[] h = t == 0 ? startH[l] : hs[t - 1][l];
                double[] c = t == 0 ? startC[l] : cs[t - 1][l];
                cell.forward(cols, WeightColumns.first(shape, l), shape.layerInput(l), hid, x, h, c, hs[t][l], cs[t][l],
                        acts[t][l], auxs[t][l], scratch);
            }
            GaussianHead.forward(p, headOff, hs[t][layers - 1], hid, heads[t]);
            total += GaussianHead.loss(config.loss(), heads[t][0], heads[t][1], targets[t]);
        }
        return total / len;
    }

    /** Fills grad with ∂(mean loss)/∂p for the window stored by the last forward pass. */
    private void backward(double[] p, double[][] rows, double[][] inputs, double[] targets, int len) {
        Arrays.fill(grad, 0);
        WeightColumns.zero(gradColumns);
        for (int l = 0; l < layers; l++) {
            Arrays.fill(dh[l], 0);
            Arrays.fill(dc[l], 0);
        }
        double scale = 1.0 / len;
        int headOff = shape.headOffset();
        for (int t = len - 1; t >= 0; t--) {
            double[] head = heads[t];
            GaussianHead.backward(config.loss(), p, headOff, hs[t][layers - 1], hid, head[0], head[1], head[2],
                    targets[t], scale, grad, dAbove);
            for (int l = layers - 1; l >= 0; l--) {
                for (int j = 0; j < hid; j++) {
                    dOut[j] = dh[l][j] + dAbove[j];
                }
                double[] x = l == 0 ? inputs[t] : hs[t][l - 1];
                double[] h = t == 0 ? startH[l] : hs[t - 1][l];
                double[] c = t == 0 ? startC[l] : cs[t - 1][l];
                double[] dxOut = null;
                if (l > 0) {
                    Arrays.fill(dx, 0);
                    dxOut = dx;
                }
                cell.backward(rows, WeightColumns.firstRow(shape, l), WeightColumns.first(shape, l), shape.layerInput(l),
                        hid, x, h, c, acts[t][l], auxs[t][l], dOut, dc[l], gradColumns, dxOut, dhPrev, dcPrev, dPreX,
                        dPreH, sum);
                System.arraycopy(dhPrev, 0, dh[l], 0, hid);
                System.arraycopy(dcPrev, 0, dc[l], 0, hid);
                if (l > 0) {
                    System.arraycopy(dx, 0, dAbove, 0, hid);
                }
            }
        }
        WeightColumns.join(gradColumns, grad);
    }
}
