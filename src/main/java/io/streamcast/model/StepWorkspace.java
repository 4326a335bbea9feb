package io.streamcast.model;

/** Caller-owned buffers for one forward step, so that a step allocates nothing. Not thread-safe. */
public final class StepWorkspace {
    final NetworkShape shape;
    /** The last other instance found equal to {@link #shape}. */
    NetworkShape checked;
    final double[] act;
    final double[] aux;
    final double[] scratch;
    final double[] hPrev;
    final double[] cPrev;
    final double[] hA;
    final double[] hB;
    final double[] cOut;
    final double[] head = new double[3];

    public StepWorkspace(NetworkShape shape) {
        this.shape = shape;
        int gw = shape.gateWidth();
        int hid = shape.hiddenSize();
        act = new double[gw];
        aux = new double[hid];
        scratch = new double[gw];
        hPrev = new double[hid];
        cPrev = new double[hid];
        hA = new double[hid];
        hB = new double[hid];
        cOut = new double[hid];
    }
}
