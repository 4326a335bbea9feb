package io.streamcast.bench;

import io.streamcast.model.AdamState;
import io.streamcast.model.CellType;
import io.streamcast.model.Network;
import io.streamcast.model.NetworkShape;
import io.streamcast.model.StepWorkspace;
import io.streamcast.model.TbpttTrainer;
import io.streamcast.model.TrainerConfig;
import io.streamcast.model.UpdateResult;
import io.streamcast.model.Weights;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One tBPTT window, GRU H=32, 4 inputs, k2 = 64, split three ways: forward only (the loss), forward and
 * backward (loss and gradient), and the guarded Adam update (forward, backward, Adam, and a second forward
 * to check the candidate). Every invocation starts from the same weights and a fresh Adam state, so the
 * work per call does not drift as training would move the weights.
 */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TbpttBenchmark extends AverageTimeBenchmark {
    static final int K2 = 64;

    private TbpttTrainer trainer;
    private Weights start;
    private AdamState adam;
    private double[] startState;
    private double[][] inputs;
    private double[] targets;
    private double[] grad;
    private long rejected;

    @Setup
    public void setup() {
        NetworkShape shape = new NetworkShape(CellType.GRU, CellStepBenchmark.INPUTS, 32, 1);
        trainer = new TbpttTrainer(shape, TrainerConfig.defaults().withWindows(8, K2));
        start = Weights.initial(shape, 42);
        adam = new AdamState(shape.parameterCount());
        grad = new double[shape.parameterCount()];
        // A smooth target the inputs partly explain, and a start state that is not all zeros.
        inputs = new double[K2][];
        targets = new double[K2];
        double[][] rows = BenchInputs.rows(CellStepBenchmark.INPUTS, 2);
        for (int t = 0; t < K2; t++) {
            inputs[t] = rows[t];
            inputs[t][0] = Math.sin(t / 5.0);
            targets[t] = Math.sin((t + 1) / 5.0);
        }
        startState = new double[shape.stateSize()];
        StepWorkspace ws = new StepWorkspace(shape);
        double[] out = new double[2];
        for (int t = K2; t < BenchInputs.COUNT; t++) {
            Network.step(start, startState, rows[t], out, ws);
        }
        UpdateResult r = update();
        if (!r.accepted()) {
            throw new IllegalStateException("the guard rejects the benchmark's update: " + r.reason());
        }
    }

    @TearDown
    public void check() {
        if (rejected > 0) {
            throw new IllegalStateException(rejected + " updates were rejected: the benchmark timed the wrong path");
        }
    }

    @Benchmark
    public double loss() {
        return trainer.loss(start, startState, inputs, targets, K2);
    }

    @Benchmark
    public double lossAndGradient() {
        return trainer.lossAndGradient(start, startState, inputs, targets, K2, grad);
    }

    @Benchmark
    public UpdateResult update() {
        adam.reset();
        UpdateResult r = trainer.update(start, adam, startState, inputs, targets, K2);
        if (!r.accepted()) {
            rejected++;
        }
        return r;
    }
}
