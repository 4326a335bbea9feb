package io.streamcast.baseline;

import io.streamcast.model.CellType;
import io.streamcast.model.GaussianHead;
import io.streamcast.model.NetworkShape;
import io.streamcast.model.Weights;
import org.apache.commons.math3.analysis.function.Sigmoid;
import org.apache.commons.math3.analysis.function.Tanh;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.FastMath;

/**
 * The benchmark's reference point: the same GRU step and Gaussian head as {@code Network.step}, written the
 * way a typical library-based implementation is, with one Commons Math matrix per gate and a fresh vector
 * for every intermediate. Deliberately unoptimised: it is what our hand-written kernels are compared with.
 * Single-layer GRU only. Not thread-safe (it owns the hidden state).
 */
public final class CommonsMathGru {
    private static final Sigmoid SIGMOID = new Sigmoid();
    private static final Tanh TANH = new Tanh();

    private final NetworkShape shape;
    private final RealMatrix wxr;
    private final RealMatrix wxu;
    private final RealMatrix wxn;
    private final RealMatrix whr;
    private final RealMatrix whu;
    private final RealMatrix whn;
    private final RealVector br;
    private final RealVector bu;
    private final RealVector bn;
    private final RealVector wMu;
    private final RealVector wLogScale;
    private final double bMu;
    private final double bLogScale;
    private RealVector h;

    public CommonsMathGru(Weights weights) {
        NetworkShape s = weights.shape();
        if (s.cell() != CellType.GRU || s.layers() != 1) {
            throw new IllegalArgumentException("only a single-layer GRU is supported, got " + s);
        }
        this.shape = s;
        int in = s.inputSize();
        int hid = s.hiddenSize();
        int gw = 3 * hid;
        double[] p = weights.toArray();
        // Our layout is column-major with the gates stacked in each column (r, u, n): split it per gate.
        int wh = in * gw;
        int bias = (in + hid) * gw;
        wxr = block(p, 0, gw, 0, hid, in);
        wxu = block(p, 0, gw, hid, hid, in);
        wxn = block(p, 0, gw, 2 * hid, hid, in);
        whr = block(p, wh, gw, 0, hid, hid);
        whu = block(p, wh, gw, hid, hid, hid);
        whn = block(p, wh, gw, 2 * hid, hid, hid);
        br = slice(p, bias, hid);
        bu = slice(p, bias + hid, hid);
        bn = slice(p, bias + 2 * hid, hid);
        int head = bias + gw;
        double[] mu = new double[hid];
        double[] ls = new double[hid];
        for (int k = 0; k < hid; k++) {
            mu[k] = p[head + 2 * k];
            ls[k] = p[head + 2 * k + 1];
        }
        wMu = new ArrayRealVector(mu, false);
        wLogScale = new ArrayRealVector(ls, false);
        bMu = p[head + 2 * hid];
        bLogScale = p[head + 2 * hid + 1];
        h = new ArrayRealVector(hid);
    }

    /** Rows [row0, row0 + rows) of a column-major block whose columns are gw long, as a row-major matrix. */
    private static RealMatrix block(double[] p, int off, int gw, int row0, int rows, int cols) {
        RealMatrix m = new Array2DRowRealMatrix(rows, cols);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                m.setEntry(r, c, p[off + c * gw + row0 + r]);
            }
        }
        return m;
    }

    private static RealVector slice(double[] p, int off, int n) {
        return new ArrayRealVector(java.util.Arrays.copyOfRange(p, off, off + n), false);
    }

    public NetworkShape shape() {
        return shape;
    }

    /** Advances the hidden state on input x; returns {μ, bounded log-scale}, as {@code Network.step}'s out. */
    public double[] step(double[] input) {
        RealVector x = new ArrayRealVector(input);
        RealVector r = wxr.operate(x).add(whr.operate(h)).add(br).map(SIGMOID);
        RealVector u = wxu.operate(x).add(whu.operate(h)).add(bu).map(SIGMOID);
        RealVector n = wxn.operate(x).add(bn).add(r.ebeMultiply(whn.operate(h))).map(TANH);
        RealVector oneMinusU = u.mapMultiply(-1).mapAdd(1);
        h = oneMinusU.ebeMultiply(n).add(u.ebeMultiply(h));
        double mu = wMu.dotProduct(h) + bMu;
        double raw = wLogScale.dotProduct(h) + bLogScale;
        double bound = GaussianHead.LOG_SCALE_BOUND;
        return new double[] {mu, bound * FastMath.tanh(raw / bound)};
    }

    /** A copy of the hidden state. */
    public double[] hidden() {
        return h.toArray();
    }

    public void reset() {
        h = new ArrayRealVector(shape.hiddenSize());
    }
}
