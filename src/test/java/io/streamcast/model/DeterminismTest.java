package io.streamcast.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.streamcast.backtest.SineSelfTest;
import org.junit.jupiter.api.Test;

class DeterminismTest {
    private static long[] run(long seed) {
        ModelConfig mc = SineSelfTest.modelConfig(CellType.LSTM).withSeed(seed);
        Forecaster f = new Forecaster(mc);
        SeriesState s = f.newState();
        OnlineLearner learner = new OnlineLearner(Weights.initial(mc.shape(), seed), SineSelfTest.trainerConfig());
        double[] prev = new double[mc.inputSize()];
        long[] bits = new long[600];
        for (int t = 0; t < bits.length; t++) {
            StepResult r = f.step(s, learner.weights(), t * 1000L, Math.sin(t / 7.0) + 0.01 * (t % 13));
            if (t > 0) {
                learner.add(prev, r.target());
            }
            System.arraycopy(f.lastInput(), 0, prev, 0, prev.length);
            bits[t] = Double.doubleToRawLongBits(r.mean()) ^ Double.doubleToRawLongBits(r.scale());
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
