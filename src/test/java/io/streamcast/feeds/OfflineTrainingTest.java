package io.streamcast.feeds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.model.Forecaster;
import io.streamcast.model.ModelConfig;
import io.streamcast.training.OfflineTrainer;
import io.streamcast.model.SeriesState;
import io.streamcast.model.StepResult;
import io.streamcast.model.Weights;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.spec.SpecLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sensors spec's global GRU, trained offline on three days of the generated feed, forecasts a fourth
 * (clean, unseen) day better than the naive last-value forecast; the untrained model does not.
 */
class OfflineTrainingTest {
    private static final int PER_DAY = 288;

    @Test
    void trainedGlobalModelBeatsNaiveOnAnUnseenDay() {
        PipelineSpec spec = SpecLoader.load(Path.of("topologies/sensors.yaml"));
        ModelConfig mc = spec.modelConfig();
        LabelledFeed feed = SensorFeedGenerator.generate(6, 5, 4, 42);
        Map<String, List<LabelledFeed.Event>> byKey = new LinkedHashMap<>();
        feed.events().forEach(e -> byKey.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e));
        int hist = 3 * PER_DAY;
        List<OfflineTrainer.SeriesData> history = new ArrayList<>();
        byKey.forEach((k, l) -> history.add(new OfflineTrainer.SeriesData(k,
                l.subList(0, hist).stream().mapToLong(LabelledFeed.Event::ts).toArray(),
                l.subList(0, hist).stream().mapToDouble(LabelledFeed.Event::value).toArray())));
        Weights untrained = Weights.initial(mc.shape(), mc.seed());
        OfflineTrainer.Result r = new OfflineTrainer(mc, spec.trainerConfig())
                .train(untrained, history, spec.training().epochCount(), 1, null);
        assertEquals(0, r.rejected());
        assertTrue(r.epochLoss().get(r.epochLoss().size() - 1) < r.epochLoss().get(0), "loss falls: " + r.epochLoss());
        double trained = maeRatio(mc, r.weights(), byKey, hist, hist + PER_DAY);
        double before = maeRatio(mc, untrained, byKey, hist, hist + PER_DAY);
        System.out.printf("held-out day MAE / naive MAE: untrained %.3f, trained %.3f (epoch losses %s)%n",
                before, trained, r.epochLoss());
        assertTrue(trained < 0.95, "trained model should beat naive by 5%: " + trained);
        assertTrue(trained < before - 0.05, "training helps: " + before + " -> " + trained);
    }

    static double maeRatio(ModelConfig mc, Weights w, Map<String, List<LabelledFeed.Event>> byKey, int from, int to) {
        Forecaster f = new Forecaster(mc);
        double model = 0;
        double naive = 0;
        for (List<LabelledFeed.Event> l : byKey.values()) {
            SeriesState s = f.newState();
            for (int i = 0; i < to; i++) {
                StepResult r = f.step(s, w, l.get(i).ts(), l.get(i).value());
                if (i >= from) {
                    model += Math.abs(l.get(i).value() - r.previous().mean());
                    naive += Math.abs(l.get(i).value() - l.get(i - 1).value());
                }
            }
        }
        return model / naive;
    }
}
