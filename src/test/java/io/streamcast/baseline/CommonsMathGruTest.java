package io.streamcast.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.streamcast.model.CellType;
import io.streamcast.model.Network;
import io.streamcast.model.NetworkShape;
import io.streamcast.model.StepWorkspace;
import io.streamcast.model.Weights;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The baseline computes exactly what our network computes, so benchmarking one against the other is fair. */
class CommonsMathGruTest {
    private static final double TOL = 1e-9;

    @ParameterizedTest
    @ValueSource(ints = {16, 32, 64})
    void matchesNetworkStepFromInitialWeights(int hidden) {
        NetworkShape shape = new NetworkShape(CellType.GRU, 4, hidden, 1);
        compare(Weights.initial(shape, 7), 11);
    }

    /** Glorot init leaves biases at zero and the head small: perturb every parameter so each one matters. */
    @Test
    void matchesNetworkStepWithEveryParameterNonZero() {
        NetworkShape shape = new NetworkShape(CellType.GRU, 4, 32, 1);
        double[] p = Weights.initial(shape, 3).toArray();
        SplittableRandom rnd = new SplittableRandom(5);
        for (int i = 0; i < p.length; i++) {
            p[i] += 0.3 * (2 * rnd.nextDouble() - 1);
        }
        compare(new Weights(shape, 0, p), 13);
    }

    @Test
    void rejectsOtherCellsAndDepths() {
        assertThrows(IllegalArgumentException.class,
                () -> new CommonsMathGru(Weights.initial(new NetworkShape(CellType.LSTM, 4, 8, 1), 1)));
        assertThrows(IllegalArgumentException.class,
                () -> new CommonsMathGru(Weights.initial(new NetworkShape(CellType.GRU, 4, 8, 2), 1)));
    }

    private static void compare(Weights w, long seed) {
        NetworkShape shape = w.shape();
        CommonsMathGru baseline = new CommonsMathGru(w);
        StepWorkspace ws = new StepWorkspace(shape);
        double[] state = new double[shape.stateSize()];
        double[] out = new double[2];
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] x = new double[shape.inputSize()];
        for (int t = 0; t < 200; t++) {
            for (int i = 0; i < x.length; i++) {
                x[i] = 2 * rnd.nextDouble() - 1;
            }
            Network.step(w, state, x, out, ws);
            double[] b = baseline.step(x);
            assertArrayEquals(state, baseline.hidden(), TOL, "hidden state at step " + t);
            assertEquals(out[0], b[0], TOL, "mean at step " + t);
            assertEquals(out[1], b[1], TOL, "log-scale at step " + t);
        }
    }
}
