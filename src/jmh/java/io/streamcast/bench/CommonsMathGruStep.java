package io.streamcast.bench;

import io.streamcast.baseline.CommonsMathGru;
import io.streamcast.model.CellType;
import io.streamcast.model.NetworkShape;
import io.streamcast.model.Weights;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/** The Commons Math GRU step on the same weights and inputs as {@link CellStepBenchmark}'s GRU. */
public class CommonsMathGruStep extends AverageTimeBenchmark {
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
