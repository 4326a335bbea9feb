package io.streamcast.bench;

import io.streamcast.model.CellType;
import io.streamcast.model.Network;
import io.streamcast.model.NetworkShape;
import io.streamcast.model.StepWorkspace;
import io.streamcast.model.Weights;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One forward step of our network ({@code Network.step}): 4 inputs, one layer. The hidden state is carried
 * across invocations as in production; it stays bounded because every cell squashes it through tanh/σ.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@State(Scope.Thread)
public class CellStepBenchmark {
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
