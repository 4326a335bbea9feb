package io.streamcast.model;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Fits a {@link DirectHead} by ridge regression on the H-step loss: every {@code stride} events of a key whose ring
 * holds lookback + horizon inputs, the window that ends {@code horizon} inputs back is one sample and the inputs
 * after it are its targets, in the head's scaled units. The normal equations are summed sample by sample and
 * solved once ({@link #solve}), so the fit is exact, needs no learning rate or epochs, and gives the same bits for
 * the same samples in the same order. Not thread-safe.
 */
public final class DirectHeadFit {
    private final DirectConfig config;
    private final int season;
    private final int width;
    /** The upper triangle of XᵀX, row-major over (lookback + 1)². */
    private final double[] xtx;
    /** XᵀY, (lookback + 1) × horizon. */
    private final double[] xty;
    /** The targets' sum of squares: with XᵀX and XᵀY it gives the loss of any coefficients ({@link #objective}). */
    private double yty;
    private final double[] features;
    private final double[] targets;
    private final NormaliserConfig normaliser;
    private final double[] window;
    private long samples;
    /**
     * With a hidden layer: every sample's inputs and targets, to train it on what the linear fit leaves. Kept
     * whole, (lookback + 1 + horizon) doubles each: ~3 KB a sample for M4's head, ~80 MB for its 25,000 samples.
     */
    private final java.util.List<double[]> kept = new java.util.ArrayList<>();
    private final long seed;

    /** @param model the config of the keys whose windows are the samples */
    public DirectHeadFit(ModelConfig model) {
        this(model.combination().direct(), model.combination().season(), model.normaliser(), model.window(),
                model.seed());
    }

    DirectHeadFit(DirectConfig config, int season, NormaliserConfig normaliser, int window, long seed) {
        this.seed = seed;
        this.config = config;
        this.season = season;
        this.width = config.lookback() + 1;
        this.xtx = new double[width * width];
        this.xty = new double[width * config.horizon()];
        this.features = new double[width];
        this.targets = new double[config.horizon()];
        this.normaliser = normaliser;
        this.window = new double[window];
    }

    public long samples() {
        return samples;
    }

    /** Takes the key's newest complete window as a sample, if it has one and its step count falls on the stride. */
    public void add(SeriesState s) {
        int h = config.horizon();
        int n = s.windowSize();
        if (n < config.lookback() + h || s.steps() % config.stride() != 0) {
            return;
        }
        s.windowData(normaliser, window);
        int end = n - h;
        double scale = DirectHead.features(window, end, config.lookback(), season, features);
        for (int k = 0; k < h; k++) {
            targets[k] = DirectHead.clip((window[end + k] - DirectHead.base(window, end, season, k)) / scale);
            yty += targets[k] * targets[k];
        }
        if (config.hidden() > 0) {
            double[] sample = java.util.Arrays.copyOf(features, width + h);
            System.arraycopy(targets, 0, sample, width, h);
            kept.add(sample);
        }
        for (int i = 0; i < width; i++) {
            double fi = features[i];
            int row = i * width;
            for (int j = i; j < width; j++) {
                xtx[row + j] += fi * features[j];
            }
            int out = i * h;
            for (int k = 0; k < h; k++) {
                xty[out + k] += fi * targets[k];
            }
        }
        samples++;
    }

    /**
     * The loss the fit minimises at {@code coef}: the samples' summed squared error over every step plus ridge × the
     * squared coefficients, from the sums alone (Σ_k c_kᵀXᵀXc_k − 2c_kᵀXᵀy_k + yᵀy). For the gradient checks.
     */
    double objective(double[] coef) {
        int h = config.horizon();
        double loss = yty;
        for (int k = 0; k < h; k++) {
            for (int i = 0; i < width; i++) {
                double ci = coef[i * h + k];
                loss -= 2 * ci * xty[i * h + k];
                loss += config.ridge() * ci * ci;
                for (int j = 0; j < width; j++) {
                    double a = i <= j ? xtx[i * width + j] : xtx[j * width + i];
                    loss += ci * a * coef[j * h + k];
                }
            }
        }
        return loss;
    }

    /** The head minimising the samples' squared error plus ridge × the squared coefficients. */
    public DirectHead solve() {
        if (samples == 0) {
            throw new IllegalStateException("the direct head has no samples to fit: no key held "
                    + (config.lookback() + config.horizon()) + " inputs (forecast.direct.lookback + horizon); "
                    + "lower them or give longer series");
        }
        double[][] a = new double[width][width];
        for (int i = 0; i < width; i++) {
            for (int j = i; j < width; j++) {
                a[i][j] = xtx[i * width + j];
                a[j][i] = a[i][j];
            }
            a[i][i] += config.ridge();
        }
        int h = config.horizon();
        double[][] b = new double[width][h];
        for (int i = 0; i < width; i++) {
            System.arraycopy(xty, i * h, b[i], 0, h);
        }
        RealMatrix solution;
        try {
            solution = new CholeskyDecomposition(new Array2DRowRealMatrix(a, false), 1e-12, 1e-15).getSolver()
                    .solve(new Array2DRowRealMatrix(b, false));
        } catch (NonPositiveDefiniteMatrixException e) {
            throw new IllegalStateException("the direct head's fit is singular (" + samples + " samples of "
                    + width + " inputs): set forecast.direct.ridge above 0", e);
        }
        double[] coef = new double[width * h];
        for (int i = 0; i < width; i++) {
            for (int k = 0; k < h; k++) {
                coef[i * h + k] = solution.getEntry(i, k);
            }
        }
        return new DirectHead(config, season, coef, config.hidden() == 0 ? null : trainHidden(coef));
    }

    /**
     * The hidden layer, trained on each kept sample's targets less the linear map's outputs; with several seeds,
     * the mean of one layer per seed.
     */
    private DirectMlp trainHidden(double[] coef) {
        int h = config.horizon();
        double[][] x = new double[kept.size()][];
        double[][] left = new double[kept.size()][h];
        for (int s = 0; s < x.length; s++) {
            double[] sample = kept.get(s);
            x[s] = sample;
            for (int k = 0; k < h; k++) {
                double out = 0;
                for (int i = 0; i < width; i++) {
                    out += sample[i] * coef[i * h + k];
                }
                left[s][k] = sample[width + k] - out;
            }
        }
        // Members differ only in their start and order; their mean is steadier than any one (M4: README).
        java.util.List<DirectMlp> members = new java.util.ArrayList<>();
        for (int m = 0; m < config.seeds(); m++) {
            members.add(DirectMlp.train(x, left, config.lookback(), config.hidden(), config.epochs(), seed + m));
        }
        return DirectMlp.mean(members);
    }
}
