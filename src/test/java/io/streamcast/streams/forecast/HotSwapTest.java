package io.streamcast.streams.forecast;

import io.streamcast.topics.ForecastRecord;
import io.streamcast.engine.ModelLoader;
import io.streamcast.topics.ModelProvenance;
import io.streamcast.topics.ModelRecords;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.model.CellType;
import io.streamcast.model.NetworkShape;
import io.streamcast.model.Weights;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** New versions on the model topic are picked up without a restart; wrong shapes are refused. */
class HotSwapTest {

    private static ModelProvenance provenance(long version) {
        return new ModelProvenance(version, version - 1, "sensors", ModelRecords.GLOBAL, "offline", 1, 0, 0, 10, 0.1,
                null, null, 0);
    }

    private static List<ForecastRecord> read(TopologyFixture f) {
        return f.forecastRecords();
    }

    @Test
    void aPublishedVersionIsUsedFromTheNextEventAndEachKeyRewarmsOnce() throws Exception {
        try (TopologyFixture f = new TopologyFixture()) {
            f.sendSignal("s", 3, 0, 100);
            List<ForecastRecord> before = read(f);
            assertTrue(before.stream().allMatch(n -> n.modelVersion() == 0));
            Weights v5 = Weights.initial(f.spec.modelConfig().shape(), 99).withVersion(5);
            f.models.pipeInput(ModelRecords.GLOBAL, ModelRecords.encode(provenance(5), v5));
            f.sendSignal("s", 3, 100, 160);
            List<ForecastRecord> after = read(f);
            assertEquals(180, after.size(), "no event skipped or duplicated");
            assertTrue(after.stream().allMatch(n -> n.modelVersion() == 5), "every forecast names v5");
            assertEquals(3.0, f.metrics.rewarmCount(), "each key re-warmed exactly once");
        }
    }

    @Test
    void aModelOfAnotherShapeIsRefusedAndThePipelineGoesOn() throws Exception {
        try (TopologyFixture f = new TopologyFixture()) {
            f.send("s", TopologyFixture.T0, 1.0);
            Weights wrong = Weights.initial(new NetworkShape(CellType.LSTM, 4, 8, 1), 1).withVersion(9);
            f.models.pipeInput(ModelRecords.GLOBAL, ModelRecords.encode(provenance(9), wrong));
            f.models.pipeInput("s", "garbage".getBytes());
            for (int t = 1; t < 20; t++) {
                f.send("s", TopologyFixture.T0 + t * TopologyFixture.STEP, 1.0 + t % 3);
            }
            List<ForecastRecord> out = read(f);
            assertEquals(20, out.size());
            assertTrue(out.stream().allMatch(n -> n.modelVersion() == 0), "kept the initial version");
            assertEquals(2.0, f.metrics.refusedCount(), "both bad records counted once each");
        }
    }

    @Test
    void reWarmingOntoTheSameParametersGivesTheSameForecasts() throws Exception {
        // The key's ring holds 256 inputs: running them through the same weights must rebuild the hidden state
        // the key would have had, so a swap to identical parameters changes the forecasts by almost nothing.
        List<List<ForecastRecord>> runs = new ArrayList<>();
        for (boolean swap : new boolean[]{false, true}) {
            try (TopologyFixture f = new TopologyFixture()) {
                Weights w = ModelLoader.initial(f.spec, TopologyFixture.SENSORS.getParent());
                for (int t = 0; t < 700; t++) {
                    if (swap && t == 500) {
                        f.models.pipeInput(ModelRecords.GLOBAL, ModelRecords.encode(provenance(3), w.withVersion(3)));
                    }
                    f.send("s", TopologyFixture.T0 + t * TopologyFixture.STEP, TopologyFixture.signal(0, t));
                }
                runs.add(read(f));
            }
        }
        assertEquals(3, runs.get(1).get(699).modelVersion(), "the swap happened");
        double worst = 0;
        for (int t = 500; t < 700; t++) {
            ForecastRecord a = runs.get(0).get(t);
            ForecastRecord b = runs.get(1).get(t);
            worst = Math.max(worst, Math.abs(a.forecast() - b.forecast())
                    / a.scale());
        }
        System.out.printf("re-warm onto identical weights: largest forecast change %.2e scales%n", worst);
        assertTrue(worst < 1e-3, "forecasts moved by " + worst + " scales");
    }

    @Test
    void anIncrementalSuccessorKeepsTheHiddenStateAndAnUnrelatedModelReWarms() throws Exception {
        try (TopologyFixture f = new TopologyFixture()) {
            Weights base = ModelLoader.initial(f.spec, TopologyFixture.SENSORS.getParent());
            for (int t = 0; t < 50; t++) {
                f.send("s" + t % 2, TopologyFixture.T0 + t * TopologyFixture.STEP, TopologyFixture.signal(0, t));
            }
            // Trained by the training topology from version 0: both keys keep their hidden state.
            f.models.pipeInput(ModelRecords.GLOBAL, ModelRecords.encode(new ModelProvenance(1, 0, "sensors",
                    ModelRecords.GLOBAL, "training", 1, 0, 0, 10, 0.1, 0.1, 0.2, 0), base.withVersion(1)));
            for (int t = 50; t < 60; t++) {
                f.send("s" + t % 2, TopologyFixture.T0 + t * TopologyFixture.STEP, TopologyFixture.signal(0, t));
            }
            assertEquals(2.0, f.metrics.carriedCount());
            assertEquals(0.0, f.metrics.rewarmCount());
            // An offline model is not a successor of what the keys ran: they re-warm.
            f.models.pipeInput(ModelRecords.GLOBAL, ModelRecords.encode(provenance(2), base.withVersion(2)));
            for (int t = 60; t < 70; t++) {
                f.send("s" + t % 2, TopologyFixture.T0 + t * TopologyFixture.STEP, TopologyFixture.signal(0, t));
            }
            assertEquals(2.0, f.metrics.rewarmCount());
            assertEquals(2, read(f).stream().filter(n -> n.modelVersion() == 2).map(ForecastRecord::key)
                    .distinct().count());
        }
    }
}
