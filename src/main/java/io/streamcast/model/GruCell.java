package io.streamcast.model;

/**
 * GRU with gates r (reset), u (update), n (candidate), PyTorch's convention:
 * r = σ(Wxr·x + Whr·h + br), u = σ(Wxu·x + Whu·h + bu), n = tanh(Wxn·x + bn + r ⊙ (Whn·h)),
 * h' = (1 − u) ⊙ n + u ⊙ h.
 */
final class GruCell implements Cell {
    static final GruCell INSTANCE = new GruCell();

    private GruCell() {
    }

    @Override
    public void forward(double[][] w, int c0, int in, int hid, double[] x, double[] h, double[] c,
                        double[] hOut, double[] cOut, double[] act, double[] aux, double[] preH) {
        int gw = 3 * hid;
        System.arraycopy(w[Cell.bias(c0, in, hid)], 0, act, 0, gw);
        Kernels.addMatVec(w, c0, gw, x, in, act);
        java.util.Arrays.fill(preH, 0, gw, 0.0);
        Kernels.addMatVec(w, Cell.wh(c0, in), gw, h, hid, preH);
        // Gate by gate over the whole layer, so each loop (and its exp) vectorises.
        for (int k = 0; k < 2 * hid; k++) {
            act[k] += preH[k];
        }
        Kernels.sigmoid(act, 0, 2 * hid);
        for (int j = 0; j < hid; j++) {
            double hn = preH[2 * hid + j];
            aux[j] = hn;
            act[2 * hid + j] += act[j] * hn;
        }
        Kernels.tanh(act, 2 * hid, gw);
        for (int j = 0; j < hid; j++) {
            double n = act[2 * hid + j];
            hOut[j] = n + act[hid + j] * (h[j] - n);
        }
    }

    @Override
    public void backward(double[][] rows, int r0, int c0, int in, int hid, double[] x, double[] h, double[] c,
                         double[] act, double[] aux, double[] dhOut, double[] dcOut, double[][] grad,
                         double[] dx, double[] dhPrev, double[] dcPrev, double[] dPre, double[] dPreH, double[] sum) {
        int gw = 3 * hid;
        // The two sides differ only in n, where the reset gate scales the recurrent term.
        for (int j = 0; j < hid; j++) {
            double r = act[j];
            double u = act[hid + j];
            double n = act[2 * hid + j];
            double dh = dhOut[j];
            double dn = dh * (1 - u);
            double du = dh * (h[j] - n);
            double dan = dn * (1 - n * n);
            double dr = dan * aux[j];
            double dar = dr * r * (1 - r);
            double dau = du * u * (1 - u);
            dPre[j] = dar;
            dPre[hid + j] = dau;
            dPre[2 * hid + j] = dan;
            dPreH[j] = dar;
            dPreH[hid + j] = dau;
            dPreH[2 * hid + j] = dan * r;
            dhPrev[j] = dh * u;
        }
        Cell.backPre(rows, r0, c0, in, hid, gw, x, h, dPre, dPreH, grad, dx, dhPrev, sum);
    }
}
