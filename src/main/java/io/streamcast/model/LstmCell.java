package io.streamcast.model;

/**
 * LSTM with gates i, f, g, o: c' = σ(f) ⊙ c + σ(i) ⊙ tanh(g), h' = σ(o) ⊙ tanh(c').
 * The forget bias starts at 1 (see {@link WeightsInit}).
 */
final class LstmCell implements Cell {
    static final LstmCell INSTANCE = new LstmCell();

    private LstmCell() {
    }

    @Override
    public void forward(double[][] w, int c0, int in, int hid, double[] x, double[] h, double[] c,
                        double[] hOut, double[] cOut, double[] act, double[] aux, double[] scratch) {
        int gw = 4 * hid;
        System.arraycopy(w[Cell.bias(c0, in, hid)], 0, act, 0, gw);
        Kernels.addMatVec(w, c0, gw, x, in, act);
        Kernels.addMatVec(w, Cell.wh(c0, in), gw, h, hid, act);
        // Gate by gate over the whole layer, so each loop (and its exp) vectorises.
        Kernels.sigmoid(act, 0, 2 * hid);
        Kernels.tanh(act, 2 * hid, 3 * hid);
        Kernels.sigmoid(act, 3 * hid, gw);
        for (int j = 0; j < hid; j++) {
            double cn = act[hid + j] * c[j] + act[j] * act[2 * hid + j];
            cOut[j] = cn;
            aux[j] = cn;
        }
        Kernels.tanh(aux, 0, hid);
        for (int j = 0; j < hid; j++) {
            hOut[j] = act[3 * hid + j] * aux[j];
        }
    }

    @Override
    public void backward(double[][] rows, int r0, int c0, int in, int hid, double[] x, double[] h, double[] c,
                         double[] act, double[] aux, double[] dhOut, double[] dcOut, double[][] grad,
                         double[] dx, double[] dhPrev, double[] dcPrev, double[] dPre, double[] unused, double[] sum) {
        for (int j = 0; j < hid; j++) {
            double i = act[j];
            double f = act[hid + j];
            double g = act[2 * hid + j];
            double o = act[3 * hid + j];
            double tc = aux[j];
            double dh = dhOut[j];
            double dc = dcOut[j] + dh * o * (1 - tc * tc);
            dPre[j] = dc * g * i * (1 - i);
            dPre[hid + j] = dc * c[j] * f * (1 - f);
            dPre[2 * hid + j] = dc * i * (1 - g * g);
            dPre[3 * hid + j] = dh * tc * o * (1 - o);
            dcPrev[j] = dc * f;
        }
        java.util.Arrays.fill(dhPrev, 0, hid, 0.0);
        Cell.backPre(rows, r0, c0, in, hid, 4 * hid, x, h, dPre, dPre, grad, dx, dhPrev, sum);
    }
}
