package io.streamcast.training;

import io.streamcast.model.Forecaster;
import io.streamcast.model.ModelConfig;
import io.streamcast.model.SeriesState;
import io.streamcast.model.StepResult;
import io.streamcast.model.TimeFeatures;
import io.streamcast.model.TrainingWindow;
import io.streamcast.model.Weights;
import io.streamcast.model.FeatureEncoder;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Training windows are the forecast side's own steps: same inputs, targets and starting hidden state. */
class WindowCollectorTest {
    private static final ModelConfig CONFIG = ModelConfig.defaults().withFeatures(TimeFeatures.DAY, true);

    private static double value(int t) {
        return 10 + 3 * Math.sin(2 * Math.PI * t / 48.0) + 0.2 * Math.sin(t * 1.7);
    }

    @Test
    void windowsStartFromTheHiddenStateTheForecastSideHad() {
        Weights w = Weights.initial(CONFIG.shape(), 5);
        Forecaster reference = new Forecaster(CONFIG);
        SeriesState s = reference.newState();
        List<double[]> hiddenBefore = new ArrayList<>();
        List<double[]> inputs = new ArrayList<>();
        List<Double> targets = new ArrayList<>();
        List<Boolean> warm = new ArrayList<>();
        for (int t = 0; t < 400; t++) {
            hiddenBefore.add(s.hiddenCopy());
            StepResult r = reference.step(s, w, 1000L + t * 60_000L, value(t));
            inputs.add(reference.lastInput().clone());
            targets.add(r.target());
            warm.add(r.warm());
        }
        int firstPairEvent = warm.indexOf(true) - 1; // the pair (input_t, target_{t+1}) needs t+1 warm
        WindowCollector c = new WindowCollector(CONFIG.shape(), 8, 32);
        Forecaster f = new Forecaster(CONFIG);
        int windows = 0;
        for (int t = 0; t < 400; t++) {
            TrainingWindow win = c.add(f, w, 1000L + t * 60_000L, value(t));
            if (win == null) {
                continue;
            }
            // This window's last pair was completed by event t: its first input is event t - 32.
            int start = t - 32;
            assertEquals(0, (start - firstPairEvent) % 8, "windows start every k1 pairs");
            assertArrayEquals(hiddenBefore.get(start), win.startState(), 0.0, "start state at event " + start);
            for (int i = 0; i < 32; i++) {
                assertArrayEquals(inputs.get(start + i), win.inputs()[i], 0.0);
                assertEquals(FeatureEncoder.clip(targets.get(start + i + 1)), win.targets()[i], 0.0);
            }
            windows++;
        }
        assertEquals((400 - firstPairEvent - 1 - 32) / 8 + 1, windows);
    }

    @Test
    void aDecodedCollectorGoesOnExactlyAsTheOriginal() {
        Weights w = Weights.initial(CONFIG.shape(), 6);
        WindowCollector a = new WindowCollector(CONFIG.shape(), 4, 16);
        Forecaster f = new Forecaster(CONFIG);
        for (int t = 0; t < 150; t++) {
            a.add(f, w, 1000L + t * 60_000L, value(t));
        }
        WindowCollector b = TrainingCodec.decodeCollector(TrainingCodec.encode(a));
        for (int t = 150; t < 200; t++) {
            TrainingWindow wa = a.add(f, w, 1000L + t * 60_000L, value(t));
            TrainingWindow wb = b.add(f, w, 1000L + t * 60_000L, value(t));
            assertEquals(wa == null, wb == null);
            if (wa != null) {
                assertArrayEquals(wa.startState(), wb.startState(), 0.0);
                assertArrayEquals(wa.targets(), wb.targets(), 0.0);
                assertNotNull(TrainingCodec.decodeWindow(TrainingCodec.encode(wa)));
            }
        }
    }
}
