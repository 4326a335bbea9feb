package io.streamcast.model;

import java.util.SplittableRandom;

/** Seeded initialisation: Glorot-uniform blocks, zero biases (LSTM forget gate 1), a small head. */
final class WeightsInit {
    private WeightsInit() {
    }

    static double[] glorot(NetworkShape s, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] p = new double[s.parameterCount()];
        int hid = s.hiddenSize();
        int gw = s.gateWidth();
        for (int l = 0; l < s.layers(); l++) {
            int off = s.layerOffset(l);
            int in = s.layerInput(l);
            double ax = Math.sqrt(6.0 / (in + hid));
            for (int i = 0; i < in * gw; i++) {
                p[off + i] = ax * (2 * rnd.nextDouble() - 1);
            }
            double ah = Math.sqrt(6.0 / (2.0 * hid));
            int wh = off + in * gw;
            for (int i = 0; i < hid * gw; i++) {
                p[wh + i] = ah * (2 * rnd.nextDouble() - 1);
            }
            if (s.cell() == CellType.LSTM) {
                int b = off + (in + hid) * gw;
                for (int j = 0; j < hid; j++) {
                    p[b + hid + j] = 1.0;
                }
            }
        }
        int head = s.headOffset();
        double a = Math.sqrt(1.0 / hid);
        for (int k = 0; k < 2 * hid; k++) {
            p[head + k] = 0.1 * a * (2 * rnd.nextDouble() - 1);
        }
        return p;
    }
}
