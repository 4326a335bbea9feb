package io.streamcast.model;

/** h' = tanh(Wx·x + Wh·h + b). */
final class ElmanCell implements Cell {
    static final ElmanCell INSTANCE = new ElmanCell();

    private ElmanCell() {
    }

    @Override
    public void forward(double[][] w, int c0, int in, int hid, double[] x, double[] h, double[] c,
                        double[] hOut, double[] cOut, double[] act, double[] aux, double[] scratch) {
        System.arraycopy(w[Cell.bias(c0, in, hid)], 0, act, 0, hid);
        Kernels.addMatVec(w, c0, hid, x, in, act);
        Kernels.addMatVec(w, Cell.wh(c0, in), hid, h, hid, act);
        Kernels.tanh(act, 0, hid);
        System.arraycopy(act, 0, hOut, 0, hid);
    }

    @Override
    public void backward(double[][] rows, int r0, int c0, int in, int hid, double[] x, double[] h, double[] c,
                         double[] act, double[] aux, double[] dhOut, double[] dcOut, double[][] grad,
                         double[] dx, double[] dhPrev, double[] dcPrev, double[] scratch, double[] unused, double[] sum) {
        for (int j = 0; j < hid; j++) {
            double a = act[j];
            scratch[j] = dhOut[j] * (1 - a * a);
        }
        java.util.Arrays.fill(dhPrev, 0, hid, 0.0);
        Cell.backPre(rows, r0, c0, in, hid, hid, x, h, scratch, scratch, grad, dx, dhPrev, sum);
    }
}
