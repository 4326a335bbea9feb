package io.streamcast.model;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad configuration fails at construction with a message that names the field and the value. */
class ConfigValidationTest {
    private static void fails(String field, String value, Executable e) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().contains(field) && ex.getMessage().contains(value),
                "message should name " + field + " and " + value + ": " + ex.getMessage());
    }

    @Test
    void networkShape() {
        fails("hiddenSize", "-3", () -> new NetworkShape(CellType.GRU, 4, -3, 1));
        fails("inputSize", "0", () -> new NetworkShape(CellType.GRU, 0, 8, 1));
        fails("layers", "4", () -> new NetworkShape(CellType.GRU, 4, 8, 4));
        fails("cell", "null", () -> new NetworkShape(null, 4, 8, 1));
    }

    @Test
    void trainer() {
        TrainerConfig d = TrainerConfig.defaults();
        fails("k2", "0", () -> d.withWindows(4, 0));
        fails("k1", "-1", () -> d.withWindows(-1, 8));
        fails("learningRate", "NaN", () -> d.withLearningRate(Double.NaN));
        fails("learningRate", "-0.1", () -> d.withLearningRate(-0.1));
        fails("beta1", "1.0", () -> new TrainerConfig(1, 1, 1e-3, 1.0, 0.9, 1e-8, 1, 4, LossType.NLL));
        fails("clipNorm", "0.0", () -> new TrainerConfig(1, 1, 1e-3, 0.9, 0.9, 1e-8, 0, 4, LossType.NLL));
    }

    @Test
    void modelAndNormaliser() {
        fails("halfLife", "0.0", () -> new NormaliserConfig(0, 10, 1e-6));
        fails("warmup", "-5", () -> new NormaliserConfig(10, -5, 1e-6));
        fails("varianceFloor", "NaN", () -> new NormaliserConfig(10, 5, Double.NaN));
        ModelConfig d = ModelConfig.defaults();
        fails("intervalLevel", "1.5", () -> new ModelConfig(CellType.GRU, 8, 1, TimeFeatures.NONE, false, d.normaliser(), 1.5, 8, 1, true));
        fails("window", "0", () -> new ModelConfig(CellType.GRU, 8, 1, TimeFeatures.NONE, false, d.normaliser(), 0.9, 0, 1, true));
        fails("hiddenSize", "0", () -> d.withCell(CellType.LSTM, 0, 1));
    }

    @Test
    void secondSeason() {
        fails("forecast.season2", "24", () -> new Combination(true, 24, 24, 24));
        fails("forecast.season2", "-1", () -> new Combination(true, 24, 24, -1));
        ModelConfig d = ModelConfig.defaults();
        fails("forecast.season2", "192", () -> new ModelConfig(CellType.GRU, 8, 1, TimeFeatures.NONE, false,
                d.normaliser(), 0.95, 180, 1, true, 1, 0, 0, new Combination(true, 24, 24, 168)));
    }

    @Test
    void weightsAndStateBuffers() {
        NetworkShape s = new NetworkShape(CellType.ELMAN, 1, 2, 1);
        fails("params", "3", () -> new Weights(s, 0, new double[3]));
        fails("version", "-1", () -> new Weights(s, -1, new double[s.parameterCount()]));
        fails("window", "0", () -> new SeriesState(4, 0));
        fails("cell", "rnn", () -> CellType.parse("rnn"));
    }
}
