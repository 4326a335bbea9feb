package io.streamcast.model;

import java.util.Arrays;

/**
 * A fitted direct multi-horizon head: from a key's last {@code lookback} inputs, its next {@code horizon} values at
 * once. It reads its window in its own scale: each input's difference from the last one, in units of the window's
 * typical seasonal difference (clipped at ±{@link #CLIP}), so one set of coefficients serves series of any level and
 * scale; and it forecasts each step's difference from the seasonal-naive forecast in the same units, so a head with
 * nothing to add forecasts the seasonal naive. Windows are in data units ({@link SeriesState#windowData}): in the
 * ring's normalised units a drifting normaliser bent them (M4 OWA of the head alone 0.591 against 0.570, measured
 * in a prototype). Fitted by {@link DirectHeadFit}; immutable.
 */
public final class DirectHead {
    /** Inputs and targets beyond this many typical differences are clipped: one spike must not own the fit. */
    static final double CLIP = 20;
    private final DirectConfig config;
    private final int season;
    /** (lookback + 1) × horizon, row by input (the last row is the intercept), column by step. */
    private final double[] coef;
    /** The hidden layer added to the linear map, or null (forecast.direct.hidden 0). */
    private final DirectMlp mlp;

    public DirectHead(DirectConfig config, int season, double[] coef) {
        this(config, season, coef, null);
    }

    public DirectHead(DirectConfig config, int season, double[] coef, DirectMlp mlp) {
        if (!config.enabled()) {
            throw new IllegalArgumentException("a direct head needs forecast.direct.lookback > 0");
        }
        Checks.inRange("forecast.season (for the direct head)", season, 0, config.lookback() - 1);
        int n = (config.lookback() + 1) * config.horizon();
        if (coef.length != n) {
            throw new IllegalArgumentException("a direct head of lookback " + config.lookback() + " and horizon "
                    + config.horizon() + " has " + n + " coefficients, got " + coef.length);
        }
        if ((mlp == null) != (config.hidden() == 0) || mlp != null && mlp.hidden() != config.hiddenUnits()) {
            throw new IllegalArgumentException("forecast.direct.hidden × seeds is " + config.hiddenUnits()
                    + " but the head's hidden layer has " + (mlp == null ? 0 : mlp.hidden()) + " units");
        }
        this.config = config;
        this.season = season;
        this.coef = coef.clone();
        this.mlp = mlp;
    }

    /** The hidden layer, or null. */
    public DirectMlp mlp() {
        return mlp;
    }

    public DirectConfig config() {
        return config;
    }

    public int season() {
        return season;
    }

    public int horizon() {
        return config.horizon();
    }

    /** The scratch {@link #forecast} needs: the scaled inputs and the intercept, then the hidden units. */
    public int scratchSize() {
        return config.lookback() + 1 + config.hiddenUnits();
    }

    /** A copy of the coefficients. */
    public double[] coefficients() {
        return coef.clone();
    }

    /**
     * Fills {@code features} (length lookback + 1) from the {@code lookback} values of {@code x} before {@code end}
     * and returns the scale they were divided by: their mean absolute seasonal difference (lag 1 without a season),
     * never 0. What the head reads and what its fit learns from ({@link DirectHeadFit}).
     */
    static double features(double[] x, int end, int lookback, int season, double[] features) {
        int from = end - lookback;
        int lag = Math.max(1, season);
        double sum = 0;
        for (int i = from + lag; i < end; i++) {
            sum += Math.abs(x[i] - x[i - lag]);
        }
        double scale = Math.max(sum / (lookback - lag), Math.abs(x[end - 1]) * 1e-12 + Double.MIN_NORMAL);
        double last = x[end - 1];
        for (int j = 0; j < lookback; j++) {
            features[j] = clip((x[from + j] - last) / scale);
        }
        features[lookback] = 1;
        return scale;
    }

    /** Step k's base from an origin before {@code x[end]}: the seasonal-naive forecast (without a season, naive). */
    static double base(double[] x, int end, int season, int k) {
        return season > 0 ? x[end - season + k % season] : x[end - 1];
    }

    /**
     * The next {@code horizon} values after {@code x[end - 1]} into {@code out}; {@code features} is scratch of
     * {@link #scratchSize} (the inputs, then the hidden layer's units). Needs end ≥ lookback.
     */
    public void forecast(double[] x, int end, double[] features, double[] out) {
        double scale = features(x, end, config.lookback(), season, features);
        int h = config.horizon();
        Arrays.fill(out, 0, h, 0);
        for (int j = 0; j <= config.lookback(); j++) {
            double f = features[j];
            int row = j * h;
            for (int k = 0; k < h; k++) {
                out[k] += f * coef[row + k];
            }
        }
        if (mlp != null) {
            mlp.add(features, config.lookback() + 1, out);
        }
        for (int k = 0; k < h; k++) {
            out[k] = base(x, end, season, k) + scale * out[k];
        }
    }

    static double clip(double x) {
        return Math.max(-CLIP, Math.min(CLIP, x));
    }
}
