package io.streamcast.bench;

import io.streamcast.baseline.CommonsMathGru;
import io.streamcast.model.CellType;
import io.streamcast.model.NetworkShape;
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

/** The Commons Math GRU step on the same weights and inputs as {@link CellStepBenchmark}'s GRU. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@State(Scope.Thread)
public class CommonsMathGruStep {
    @Param({"16", "32", "64"})
    public int hidden;

    private CommonsMathGru gru;
    private double[][] inputs;
    private int next;

    @Setup
    public void setup() {
        NetworkShape shape = new NetworkShape(CellType.GRU, CellStepBenchmark.INPUTS, hidden, 1);
        gru = new CommonsMathGru(Weights.initial(shape, 42));
        inputs = BenchInputs.rows(CellStepBenchmark.INPUTS, 1);
    }

    @Benchmark
    public double step() {
        double[] out = gru.step(inputs[next++ & (BenchInputs.COUNT - 1)]);
        return out[0] + out[1];
    }
}
