package io.streamcast.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The residual head's base: with all-zero weights the head outputs 0, so the forecast is the base itself,
 * mapped back through the normaliser: the last value (lag 1), the same hour yesterday (lag 24), or a blend
 * with the same hour a week ago.
 */
class ResidualBaseTest {
    private static final long HOUR = 3_600_000L;

    @Test
    void lagOneIsTheNaiveForecast() {
        Forecaster f = new Forecaster(config(1, 0, 0));
        SeriesState s = run(f, config(1, 0, 0), 300);
        double z = s.windowValue(s.windowSize() - 1);
        assertEquals(s.normaliserMean() + s.normaliserStd(NormaliserConfig.defaults()) * z, s.forecastMean(), 1e-9);
        assertEquals(value(299), s.forecastMean(), 1e-6);
    }

    @Test
    void blendOfDailyAndWeeklyLags() {
        ModelConfig c = config(24, 168, 0.4);
        SeriesState s = run(new Forecaster(c), c, 300);
        int n = s.windowSize();
        // The next event is number 300: its bases are inputs 276 and 132, i.e. 24 and 168 back from it.
        double base = 0.6 * FeatureEncoder.clip(s.windowValue(n - 24)) + 0.4 * FeatureEncoder.clip(s.windowValue(n - 168));
        double std = s.normaliserStd(c.normaliser());
        assertEquals(s.normaliserMean() + std * base, s.forecastMean(), 1e-9);
    }

    @Test
    void tooLittleHistoryForTheSecondLagUsesTheFirstAlone() {
        ModelConfig c = config(24, 168, 0.4);
        SeriesState s = run(new Forecaster(c), c, 100);
        double base = FeatureEncoder.clip(s.windowValue(s.windowSize() - 24));
        assertEquals(s.normaliserMean() + s.normaliserStd(c.normaliser()) * base, s.forecastMean(), 1e-9);
    }

    private static SeriesState run(Forecaster f, ModelConfig c, int steps) {
        Weights zero = new Weights(c.shape(), 1, new double[c.shape().parameterCount()]);
        SeriesState s = f.newState();
        for (int i = 0; i < steps; i++) {
            f.step(s, zero, i * HOUR, value(i));
        }
        return s;
    }

    private static double value(int i) {
        return 100 + 10 * Math.sin(2 * Math.PI * i / 24) + 3 * Math.sin(2 * Math.PI * i / 168) + 0.01 * i;
    }

    private static ModelConfig config(int lag, int lag2, double w2) {
        return new ModelConfig(CellType.GRU, 4, 1, TimeFeatures.NONE, false, NormaliserConfig.defaults(), 0.95, 256, 1,
                true, lag, lag2, w2);
    }
}
