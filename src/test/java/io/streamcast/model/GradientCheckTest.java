package io.streamcast.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Finite-difference checks of the exact gradient: every cell, 1 and 2 layers, both losses, through a
 * multi-step tBPTT window from a non-zero start state. Every parameter is checked (head included).
 */
class GradientCheckTest {
    private static final int STEPS = 7;
    private static final double EPS = 1e-5;

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (CellType cell : CellType.values()) {
            for (int layers = 1; layers <= 2; layers++) {
                for (LossType loss : LossType.values()) {
                    b.add(Arguments.of(cell, layers, loss));
                }
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} layers={1} loss={2}")
    @MethodSource("cases")
    void analyticGradientMatchesCentralDifferences(CellType cell, int layers, LossType loss) {
        NetworkShape shape = new NetworkShape(cell, 3, 5, layers);
        TrainerConfig cfg = TrainerConfig.defaults().withWindows(STEPS, STEPS).withLoss(loss);
        TbpttTrainer trainer = new TbpttTrainer(shape, cfg);
        SplittableRandom rnd = new SplittableRandom(7);
        // Larger-than-default weights so every gate works away from its linear region.
        double[] p = Weights.initial(shape, 11).toArray();
        for (int i = 0; i < p.length; i++) {
            p[i] = p[i] * 1.5 + 0.05 * (rnd.nextDouble() - 0.5);
        }
        Weights w = new Weights(shape, 0, p);
        double[] start = new double[shape.stateSize()];
        for (int i = 0; i < start.length; i++) {
            start[i] = rnd.nextDouble() - 0.5;
        }
        double[][] x = new double[STEPS][shape.inputSize()];
        double[] y = new double[STEPS];
        for (int t = 0; t < STEPS; t++) {
            for (int k = 0; k < x[t].length; k++) {
                x[t][k] = 2 * rnd.nextDouble() - 1;
            }
            y[t] = 2 * rnd.nextDouble() - 1;
        }
        double[] g = new double[p.length];
        trainer.lossAndGradient(w, start, x, y, STEPS, g);

        double worst = 0;
        int worstAt = -1;
        for (int i = 0; i < p.length; i++) {
            double[] q = p.clone();
            q[i] = p[i] + EPS;
            double up = trainer.loss(new Weights(shape, 0, q), start, x, y, STEPS);
            q[i] = p[i] - EPS;
            double down = trainer.loss(new Weights(shape, 0, q), start, x, y, STEPS);
            double numeric = (up - down) / (2 * EPS);
            double err = Math.abs(numeric - g[i]) / Math.max(Math.abs(numeric) + Math.abs(g[i]), 1e-4);
            if (err > worst) {
                worst = err;
                worstAt = i;
            }
        }
        System.out.printf("gradient check %s layers=%d loss=%s: %d params, max relative error %.2e%n",
                cell, layers, loss, p.length, worst);
        assertTrue(worst < 1e-6, "max relative error " + worst + " at parameter " + worstAt);
    }
}
