package io.streamcast.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcast.model.CellType;
import io.streamcast.model.NetworkShape;
import io.streamcast.model.Weights;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** New versions on the model topic are picked up without a restart; wrong shapes are refused. */
class HotSwapTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ModelProvenance provenance(long version) {
        return new ModelProvenance(version, version - 1, "sensors", ModelRecords.GLOBAL, "offline", 1, 0, 0, 10, 0.1,
                null, null, 0);
    }

    private static List<JsonNode> read(TopologyFixture f) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (byte[] b : f.forecasts.readValuesToList()) {
            out.add(JSON.readTree(b));
        }
        return out;
    }

    @Test
    void aPublishedVersionIsUsedFromTheNextEventAndEachKeyRewarmsOnce() throws Exception {
        try (TopologyFixture f = new TopologyFixture()) {
            for (int t = 0; t < 100; t++) {
                for (int k = 0; k < 3; k++) {
                    f.send("s" + k, ForecastTopologyTest.T0 + t * ForecastTopologyTest.STEP, ForecastTopologyTest.signal(k, t));
                }
            }
            List<JsonNode> before = read(f);
            assertTrue(before.stream().allMatch(n -> n.get("modelVersion").asLong() == 0));
            Weights v5 = Weights.initial(f.spec.modelConfig().shape(), 99).withVersion(5);
            f.models.pipeInput(ModelRecords.GLOBAL, ModelRecords.encode(provenance(5), v5));
            for (int t = 100; t < 160; t++) {
                for (int k = 0; k < 3; k++) {
                    f.send("s" + k, ForecastTopologyTest.T0 + t * ForecastTopologyTest.STEP, ForecastTopologyTest.signal(k, t));
                }
            }
            List<JsonNode> after = read(f);
            assertEquals(180, after.size(), "no event skipped or duplicated");
            assertTrue(after.stream().allMatch(n -> n.get("modelVersion").asLong() == 5), "every forecast names v5");
            assertEquals(3.0, f.metrics.rewarmCount(), "each key re-warmed exactly once");
        }
    }

    @Test
    void aModelOfAnotherShapeIsRefusedAndThePipelineGoesOn() throws Exception {
        try (TopologyFixture f = new TopologyFixture()) {
            f.send("s", ForecastTopologyTest.T0, 1.0);
            Weights wrong = Weights.initial(new NetworkShape(CellType.LSTM, 4, 8, 1), 1).withVersion(9);
            f.models.pipeInput(ModelRecords.GLOBAL, ModelRecords.encode(provenance(9), wrong));
            f.models.pipeInput("s", "garbage".getBytes());
            for (int t = 1; t < 20; t++) {
                f.send("s", ForecastTopologyTest.T0 + t * ForecastTopologyTest.STEP, 1.0 + t % 3);
            }
            List<JsonNode> out = read(f);
            assertEquals(20, out.size());
            assertTrue(out.stream().allMatch(n -> n.get("modelVersion").asLong() == 0), "kept the initial version");
            assertEquals(2.0, f.metrics.refusedCount(), "both bad records counted once each");
        }
    }
}
