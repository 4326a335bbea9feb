package io.streamcast.bench;

import io.streamcast.model.CellType;
import io.streamcast.model.Network;
import io.streamcast.model.NetworkShape;
import io.streamcast.model.StepWorkspace;
import io.streamcast.model.Weights;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * One forward step of our network ({@code Network.step}): 4 inputs, one layer. The hidden state is carried
 * across invocations as in production; it stays bounded because every cell squashes it through tanh/σ.
 */
public class CellStepBenchmark extends AverageTimeBenchmark {
    static final int INPUTS = 4;

    @Param({"ELMAN", "GRU", "LSTM"})
    public CellType cell;

    @Param({"16", "32", "64"})
    public int hidden;

    private Weights weights;
    private double[] state;
    private double[][] inputs;
    private final double[] out = new double[2];
    private StepWorkspace ws;
    private int next;

    @Setup
    public void setup() {
        NetworkShape shape = new NetworkShape(cell, INPUTS, hidden, 1);
        weights = Weights.initial(shape, 42);
        state = new double[shape.stateSize()];
        ws = new StepWorkspace(shape);
        inputs = BenchInputs.rows(INPUTS, 1);
    }

    @Benchmark
    public double step() {
        Network.step(weights, state, inputs[next++ & (BenchInputs.COUNT - 1)], out, ws);
        return out[0] + out[1];
    }
}
