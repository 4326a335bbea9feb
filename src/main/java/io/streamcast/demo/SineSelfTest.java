package io.streamcast.demo;

import io.streamcast.model.CellType;
import io.streamcast.model.Forecaster;
import io.streamcast.model.ModelConfig;
import io.streamcast.model.NormaliserConfig;
import io.streamcast.model.TimeFeatures;
import io.streamcast.training.OnlineLearner;
import io.streamcast.model.SeriesState;
import io.streamcast.model.StepResult;
import io.streamcast.model.TrainerConfig;
import io.streamcast.model.Weights;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The seeds' sine-wave example, online: one key fed sin(2πt/50) (optionally with Gaussian noise) trains
 * with tBPTT as it goes; the next-step squared error is compared with the naive last-value forecast's.
 */
public final class SineSelfTest {
    public static final int PERIOD = 50;

    /**
     * @param segmentMse     model MSE per segment of {@code segment} steps
     * @param segmentNaive   naive MSE per segment
     * @param finalRatio     model MSE / naive MSE over the last {@code evalSteps}
     */
    public record Result(CellType cell, double noise, int steps, int segment, List<Double> segmentMse,
                         List<Double> segmentNaive, double finalMse, double finalNaive, double finalRatio,
                         long accepted, long rejected) {
    }

    private SineSelfTest() {
    }

    public static ModelConfig modelConfig(CellType cell) {
        return new ModelConfig(cell, 16, 1, TimeFeatures.NONE, false, new NormaliserConfig(2000, 20, 1e-6), 0.95, 64, 1, false);
    }

    public static TrainerConfig trainerConfig() {
        // Chosen by a grid over k1/k2, learning rate, width and loss on seeds 1-3 (see the guide's Performance notes).
        return new TrainerConfig(8, 64, 3e-3, 0.9, 0.999, 1e-8, 1.0, 4.0, io.streamcast.model.LossType.MSE);
    }

    public static Result run(CellType cell, double noise, int steps, int evalSteps, long seed) {
        return run(modelConfig(cell), trainerConfig(), noise, steps, evalSteps, seed);
    }

    public static Result run(ModelConfig mc, TrainerConfig tc, double noise, int steps, int evalSteps, long seed) {
        Forecaster f = new Forecaster(mc);
        SeriesState state = f.newState();
        OnlineLearner learner = new OnlineLearner(Weights.initial(mc.shape(), mc.seed()), tc);
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] prevInput = new double[mc.inputSize()];
        int segment = Math.max(1, steps / 10);
        List<Double> segMse = new ArrayList<>();
        List<Double> segNaive = new ArrayList<>();
        double se = 0;
        double sn = 0;
        double finalSe = 0;
        double finalSn = 0;
        double prevValue = Double.NaN;
        for (int t = 0; t < steps; t++) {
            double value = Math.sin(2 * Math.PI * t / PERIOD) + noise * gaussian(rnd);
            StepResult r = f.step(state, learner.weights(), t * 60_000L, value);
            if (t > 0) {
                double e = value - r.previous().mean();
                double n = value - prevValue;
                se += e * e;
                sn += n * n;
                if (t >= steps - evalSteps) {
                    finalSe += e * e;
                    finalSn += n * n;
                }
                learner.add(prevInput, r.target());
            }
            System.arraycopy(f.lastInput(), 0, prevInput, 0, prevInput.length);
            prevValue = value;
            if ((t + 1) % segment == 0) {
                segMse.add(se / segment);
                segNaive.add(sn / segment);
                se = 0;
                sn = 0;
            }
        }
        return new Result(mc.cell(), noise, steps, segment, segMse, segNaive, finalSe / evalSteps,
                finalSn / evalSteps, finalSe / finalSn, learner.acceptedUpdates(), learner.rejectedUpdates());
    }

    /** Box-Muller from a seeded generator, so runs are reproducible across JVMs. */
    static double gaussian(SplittableRandom rnd) {
        double u = 1 - rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
