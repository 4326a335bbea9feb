package io.streamcast.baseline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;

/**
 * Finds the smoothing weights in [0, 1] that minimise the one-step squared error. The error surface has
 * several basins (BOBYQA from two fixed starts often missed a fine grid's best on M4 Hourly), so a 5^3 grid
 * reaching near both ends picks the starts and BOBYQA refines the best two, which a 21^3 grid did not beat
 * (architecture.md). Deterministic: no random starts.
 */
final class HoltWintersSearch {
    private static final double[] GRID = {0.02, 0.2, 0.5, 0.8, 0.98};
    private static final int REFINED = 2;
    private static final int MAX_EVAL = 1000;

    private final double[] y;
    private final HoltWintersState start;
    private final int dim;
    private final double norm;
    private double bestValue = Double.POSITIVE_INFINITY;
    private double[] bestPoint;

    /** dim 3: alpha, beta, gamma; dim 2: alpha, beta with gamma held at 0 (Holt). */
    private HoltWintersSearch(double[] y, HoltWintersState start, int dim) {
        this.y = y;
        this.start = start;
        this.dim = dim;
        // Scaled by the series' own spread: raw SSEs of 1e15 and more upset BOBYQA's quadratic models.
        double mean = Arrays.stream(y).average().orElse(0);
        this.norm = Math.max(Arrays.stream(y).map(v -> (v - mean) * (v - mean)).sum(), Double.MIN_NORMAL);
    }

    /** {alpha, beta, gamma}. */
    static double[] weights(double[] y, HoltWintersState start, int dim) {
        return new HoltWintersSearch(y, start, dim).run();
    }

    private double[] run() {
        List<double[]> grid = new ArrayList<>();
        for (double a : GRID) {
            for (double b : GRID) {
                for (double g : dim == 3 ? GRID : new double[] {0}) {
                    double[] p = dim == 3 ? new double[] {a, b, g} : new double[] {a, b};
                    grid.add(new double[] {value(p), a, b, g});
                }
            }
        }
        grid.sort(Comparator.comparingDouble(r -> r[0]));
        double[] lower = new double[dim];
        double[] upper = new double[dim];
        Arrays.fill(upper, 1);
        ObjectiveFunction objective = new ObjectiveFunction(this::value);
        for (int k = 0; k < Math.min(REFINED, grid.size()); k++) {
            double[] x0 = Arrays.copyOfRange(grid.get(k), 1, 1 + dim);
            try {
                new BOBYQAOptimizer(2 * dim + 1, 0.1, 1e-6).optimize(new MaxEval(MAX_EVAL), objective,
                        GoalType.MINIMIZE, new InitialGuess(x0), new SimpleBounds(lower, upper));
            } catch (MathIllegalStateException e) {
                // Out of evaluations, or 3.6.1's BOBYQA giving up ("failed to reduce Q"): the best point stands.
            }
        }
        return bestPoint.clone();
    }

    /** Normalised SSE at p; remembers the best point, so an optimiser run that throws still counts. */
    private double value(double[] p) {
        double a = clamp(p[0]);
        double b = clamp(p[1]);
        double g = dim == 3 ? clamp(p[2]) : 0;
        double v = start.copy().absorb(y, y.length, a, b, g) / norm;
        if (!Double.isFinite(v)) {
            v = Double.MAX_VALUE;
        }
        if (bestPoint == null || v < bestValue) {
            bestValue = v;
            bestPoint = new double[] {a, b, g};
        }
        return v;
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
