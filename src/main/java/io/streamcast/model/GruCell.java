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
        for (int j = 0; j < hid; j++) {
            double r = Kernels.sigmoid(act[j] + preH[j]);
            double u = Kernels.sigmoid(act[hid + j] + preH[hid + j]);
            double hn = preH[2 * hid + j];
            double n = Kernels.tanh(act[2 * hid + j] + r * hn);
            act[j] = r;
            act[hid + j] = u;
            act[2 * hid + j] = n;
            aux[j] = hn;
            hOut[j] = n + u * (h[j] - n);
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
