package io.streamcast.model;

/**
 * Everything that defines a forecaster for a series: the network, its inputs, the normaliser, the
 * interval level, the re-warm window and the seed.
 *
 * @param timeFeatures  calendar inputs: none, hour of day, or hour of day and day of week (UTC)
 * @param deltaFeature  add log of the time since the key's previous event to the input
 * @param intervalLevel central coverage of the forecast interval, e.g. 0.95
 * @param window        how many recent normalised inputs each key keeps (re-warm and training window)
 * @param residual      the head predicts the change from the current value rather than the level, so an
 *                      untrained network starts at the naive forecast and training learns corrections
 * @param residualLag   with residual, the change is taken from the value this many steps back: 1 for the last
 *                      value, a season (24 for hourly data) to start from the seasonal naive forecast
 * @param residualLag2  0, or a second season (168 for hourly data): the change is then taken from a blend of
 *                      the values residualLag and residualLag2 steps back...
 * @param residualWeight2 ...with this weight on the second (in the normaliser's frame, so with a normaliser
 *                      that follows the level, the blend is level-adjusted)
 * @param combination   whether and how the emitted forecast blends the network's with the naive ones
 */
public record ModelConfig(CellType cell, int hiddenSize, int layers, TimeFeatures timeFeatures, boolean deltaFeature,
                          NormaliserConfig normaliser, double intervalLevel, int window, long seed, boolean residual, int residualLag,
                          int residualLag2, double residualWeight2, Combination combination) {
    /** Without a combination: the network's forecast is emitted as it is. */
    public ModelConfig(CellType cell, int hiddenSize, int layers, TimeFeatures timeFeatures, boolean deltaFeature,
                       NormaliserConfig normaliser, double intervalLevel, int window, long seed, boolean residual,
                       int residualLag, int residualLag2, double residualWeight2) {
        this(cell, hiddenSize, layers, timeFeatures, deltaFeature, normaliser, intervalLevel, window, seed, residual,
                residualLag, residualLag2, residualWeight2, Combination.OFF);
    }

    public ModelConfig(CellType cell, int hiddenSize, int layers, TimeFeatures timeFeatures, boolean deltaFeature,
                       NormaliserConfig normaliser, double intervalLevel, int window, long seed, boolean residual) {
        this(cell, hiddenSize, layers, timeFeatures, deltaFeature, normaliser, intervalLevel, window, seed, residual, 1,
                0, 0);
    }

    public ModelConfig {
        if (cell == null) {
            throw new IllegalArgumentException("cell must be one of elman, gru, lstm, got null");
        }
        Checks.inRange("model.hiddenSize", hiddenSize, 1, NetworkShape.MAX_HIDDEN);
        Checks.inRange("model.layers", layers, 1, NetworkShape.MAX_LAYERS);
        if (timeFeatures == null) {
            throw new IllegalArgumentException("timeFeatures must be one of none, day, week, got null");
        }
        if (normaliser == null) {
            throw new IllegalArgumentException("normaliser must not be null");
        }
        Checks.between("forecast.intervalLevel", intervalLevel, 0, 1);
        Checks.inRange("model.window", window, 1, 4096);
        Checks.inRange("model.residualLag", residualLag, 1, window);
        Checks.inRange("model.residualLag2", residualLag2, 0, window);
        if (!(residualWeight2 >= 0 && residualWeight2 <= 1)) {
            throw new IllegalArgumentException("model.residualWeight2 must be in [0, 1], got " + residualWeight2);
        }
        if (combination == null) {
            throw new IllegalArgumentException("combination must not be null (Combination.OFF for none)");
        }
        if (combination.season() > window) {
            throw new IllegalArgumentException("forecast.season " + combination.season() + " does not fit the "
                    + "window of recent inputs (model.window " + window + "): raise the window or lower the season");
        }
        int season2 = combination.season2();
        if (season2 > 0 && season2 + ForecastCombiner.WARMUP > window) {
            throw new IllegalArgumentException("forecast.season2 " + season2 + " needs a window of at least "
                    + (season2 + ForecastCombiner.WARMUP) + " recent inputs to measure its errors in "
                    + "(model.window is " + window + "): raise the window, e.g. to twice the season");
        }
        DirectConfig direct = combination.direct();
        if (direct.enabled() && direct.windowNeeded() > window) {
            throw new IllegalArgumentException("forecast.direct needs a window of at least " + direct.windowNeeded()
                    + " recent inputs (lookback " + direct.lookback() + " + horizon " + direct.horizon() + " × origins "
                    + direct.origins() + ", to score its forecasts on the key's own past); model.window is " + window);
        }
        if (direct.enabled() && !combination.enabled()) {
            throw new IllegalArgumentException("forecast.direct needs forecast.combine: true (the head joins the "
                    + "blend of the forecasts ahead once the combination has scored the network)");
        }
        if (direct.enabled() && window > 16 * normaliser.halfLife()) {
            throw new IllegalArgumentException("forecast.direct reads the key's window back in data units, which "
                    + "needs model.normaliser.halfLife of at least window / 16 (" + window / 16.0 + "), got "
                    + normaliser.halfLife());
        }
        if (direct.enabled() && combination.season() >= direct.lookback()) {
            throw new IllegalArgumentException("forecast.direct.lookback (" + direct.lookback() + ") must be longer "
                    + "than forecast.season (" + combination.season() + ")");
        }
    }

    /** GRU, hidden 32, one layer, value and delta inputs, 95% intervals, window 64, seed 42, residual. */
    public static ModelConfig defaults() {
        return new ModelConfig(CellType.GRU, 32, 1, TimeFeatures.NONE, true, NormaliserConfig.defaults(), 0.95, 64, 42, true);
    }

    public int inputSize() {
        return 1 + timeFeatures.width() + (deltaFeature ? 1 : 0);
    }

    public NetworkShape shape() {
        return new NetworkShape(cell, inputSize(), hiddenSize, layers);
    }

    public ModelConfig withCell(CellType c, int hidden, int depth) {
        return new ModelConfig(c, hidden, depth, timeFeatures, deltaFeature, normaliser, intervalLevel, window, seed, residual, residualLag,
                residualLag2, residualWeight2, combination);
    }

    public ModelConfig withFeatures(TimeFeatures time, boolean delta) {
        return new ModelConfig(cell, hiddenSize, layers, time, delta, normaliser, intervalLevel, window, seed, residual, residualLag,
                residualLag2, residualWeight2, combination);
    }

    public ModelConfig withNormaliser(NormaliserConfig n) {
        return new ModelConfig(cell, hiddenSize, layers, timeFeatures, deltaFeature, n, intervalLevel, window, seed, residual, residualLag,
                residualLag2, residualWeight2, combination);
    }

    public ModelConfig withResidual(boolean r) {
        return new ModelConfig(cell, hiddenSize, layers, timeFeatures, deltaFeature, normaliser, intervalLevel, window, seed, r, residualLag, residualLag2,
                residualWeight2, combination);
    }

    public ModelConfig withSeed(long s) {
        return new ModelConfig(cell, hiddenSize, layers, timeFeatures, deltaFeature, normaliser, intervalLevel, window, s, residual, residualLag,
                residualLag2, residualWeight2, combination);
    }
}
