package io.streamcast.model;

import io.streamcast.training.OnlineLearner;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class DeterminismTest {
    private static final ModelConfig LSTM = new ModelConfig(CellType.LSTM, 16, 1, TimeFeatures.NONE, false,
            new NormaliserConfig(2000, 20, 1e-6), 0.95, 64, 1, false);
    private static final TrainerConfig TRAINER = new TrainerConfig(8, 64, 3e-3, 0.9, 0.999, 1e-8, 1.0, 4.0, LossType.MSE);

    private static long[] run(long seed) {
        ModelConfig mc = LSTM.withSeed(seed);
        Forecaster f = new Forecaster(mc);
        SeriesState s = f.newState();
        OnlineLearner learner = new OnlineLearner(Weights.initial(mc.shape(), seed), TRAINER);
        double[] prev = new double[mc.inputSize()];
        long[] bits = new long[600];
        for (int t = 0; t < bits.length; t++) {
            StepResult r = f.step(s, learner.weights(), t * 1000L, Math.sin(t / 7.0) + 0.01 * (t % 13));
            if (t > 0) {
                learner.add(prev, r.target());
            }
            System.arraycopy(f.lastInput(), 0, prev, 0, prev.length);
            bits[t] = Double.doubleToRawLongBits(r.next().mean()) ^ Double.doubleToRawLongBits(r.next().scale());
        }
        return bits;
    }

    @Test
    void sameSeedSameBits() {
        assertArrayEquals(run(5), run(5));
    }

    @Test
    void otherSeedOtherForecasts() {
        assertNotEquals(run(5)[500], run(6)[500]);
    }

    @Test
    void initialWeightsDependOnlyOnShapeAndSeed() {
        NetworkShape s = new NetworkShape(CellType.GRU, 4, 32, 2);
        assertEquals(Weights.initial(s, 9), Weights.initial(s, 9));
    }
}
