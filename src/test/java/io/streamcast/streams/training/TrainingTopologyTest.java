package io.streamcast.streams.training;

import io.streamcast.streams.forecast.TopologyFixture;
import io.streamcast.topics.ModelProvenance;
import io.streamcast.topics.ModelRecords;
import io.streamcast.topics.TrainingUpdate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.model.TrainingWindow;
import io.streamcast.model.Weights;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** The training topology through TopologyTestDriver: versions, guards, canary promotion, incidents. */
class TrainingTopologyTest {

    private static List<ModelRecords.Published> published(TrainingFixture f) {
        return f.models.readRecordsToList().stream().map(TestRecord::value).map(ModelRecords::decode).toList();
    }

    @Test
    void publishesANewVersionAfterTheConfiguredNumberOfWindows() {
        try (TrainingFixture f = new TrainingFixture(TrainingFixture.spec(
                "publishEvery: 16, canaryEvery: 5, canaryWindows: 2, canaryMargin: 1.0"))) {
            f.sine(0, 48); // pairs from t = 20 (warm-up): 4 windows per key, 1 held back: 12 gradients, not 16
            assertTrue(published(f).isEmpty(), "not enough windows yet");
            f.sine(48, 200);
            List<ModelRecords.Published> versions = published(f);
            System.out.printf("training topology: %d versions from %d windows%n", versions.size(),
                    (long) f.metrics.windows());
            assertTrue(versions.size() >= 2, "versions published: " + versions.size());
            for (int i = 0; i < versions.size(); i++) {
                ModelRecords.Published p = versions.get(i);
                assertEquals(i + 1, p.weights().version(), "versions count up from the initial 0");
                assertEquals(i, p.provenance().parent());
                assertEquals("training", p.provenance().source());
                assertTrue(p.provenance().windows() >= 16, "each version carries at least publishEvery windows");
                assertNotNull(p.provenance().canaryLoss());
                assertNotNull(p.provenance().parentCanaryLoss());
                assertTrue(p.provenance().dataFrom() <= p.provenance().dataTo());
                assertTrue(Double.isFinite(p.provenance().trainingLoss()));
            }
            assertEquals(versions.size(), f.metrics.version());
        }
    }

    @Test
    void perKeyScopePublishesOneModelPerSeries() {
        String yaml = """
                name: train-test
                model: {cell: gru, hiddenSize: 8, window: 32, scope: per-key}
                processing: {guarantee: at_least_once}
                training: {k1: 4, k2: 16, learningRate: 0.01, publishEvery: 8, canaryEvery: 5, canaryWindows: 2, canaryMargin: 1.0}
                """;
        try (TrainingFixture f = new TrainingFixture(io.streamcast.spec.SpecLoader.parse(yaml, "per-key spec"))) {
            f.sine(0, 120);
            java.util.Set<String> keys = new java.util.TreeSet<>();
            for (TestRecord<String, byte[]> r : f.models.readRecordsToList()) {
                keys.add(r.key());
                assertEquals(r.key(), ModelRecords.decode(r.value()).provenance().modelKey());
            }
            assertEquals(java.util.Set.of("s0", "s1", "s2", "s3"), keys, "each series has its own versions");
        }
    }

    @Test
    void aPoisonedModelsWindowsAreRejectedAndTheVersionDoesNotAdvance() {
        try (TrainingFixture f = new TrainingFixture(TrainingFixture.spec(
                "publishEvery: 8, canaryEvery: 5, canaryWindows: 2, canaryMargin: 1.0"))) {
            // A finite model whose mean overflows: every window's loss is infinite.
            double[] p = f.initial.toArray();
            for (int i = p.length - 2 - 2 * 8; i < p.length; i++) {
                p[i] = 1e300;
            }
            Weights poisoned = new Weights(f.initial.shape(), 7, p);
            f.modelsIn.pipeInput(ModelRecords.GLOBAL, ModelRecords.encode(
                    new ModelProvenance(7, 6, "t", ModelRecords.GLOBAL, "offline", 1, 0, 0, 1, 0, null, null, 0), poisoned));
            f.models.readRecordsToList();
            f.sine(0, 120);
            assertTrue(f.metrics.windows() > 8, "windows were sent");
            assertEquals(f.metrics.windows(), f.metrics.rejected("window"), "every one rejected");
            assertTrue(published(f).isEmpty(), "no version after the poisoned one");
        }
    }

    @Test
    void aWindowWithANonFiniteTargetIsRejected() {
        try (TrainingFixture f = new TrainingFixture(TrainingFixture.spec("publishEvery: 1, canaryEvery: 1, canaryWindows: 2"))) {
            TrainingWindow w = canaryLike(f);
            w.targets()[5] = Double.NaN;
            f.updates.pipeInput(TopologyFixture.bytes(ModelRecords.GLOBAL), new TrainingUpdate(w, false).encode());
            assertEquals(1, f.metrics.rejected("window"));
            assertTrue(published(f).isEmpty());
        }
    }

    @Test
    void aCandidateThatIsWorseOnTheCanaryWindowsIsNotPublished() {
        try (TrainingFixture f = new TrainingFixture(TrainingFixture.spec(
                "publishEvery: 4, canaryEvery: 1, canaryWindows: 16, canaryMargin: 0.0"))) {
            f.sine(0, 60); // every window is a canary: the aggregation now holds real held-back windows
            assertTrue(published(f).isEmpty());
            // Finite but wrong windows: every target far above what the signal does. Learning them makes the
            // candidate worse on the real, held-back windows.
            TrainingWindow w = canaryLike(f);
            java.util.Arrays.fill(w.targets(), 4.0);
            for (int i = 0; i < 4; i++) {
                f.updates.pipeInput(TopologyFixture.bytes(ModelRecords.GLOBAL), new TrainingUpdate(w, false).encode());
            }
            assertEquals(1, f.metrics.rejected("canary"));
            assertTrue(published(f).isEmpty(), "the worse candidate was not published");
        }
    }

    @Test
    void windowsThatSawAnAlertAreSkipped() {
        try (TrainingFixture f = new TrainingFixture(TrainingFixture.spec("publishEvery: 1000, canaryEvery: 1000"))) {
            long t0 = TopologyFixture.T0;
            long step = TopologyFixture.STEP;
            f.alerts.pipeInput(TopologyFixture.bytes("s0"),
                    TopologyFixture.bytes("{\"key\":\"s0\",\"ts\":" + (t0 + 30 * step) + ",\"kind\":\"open\"}"));
            f.alerts.pipeInput(TopologyFixture.bytes("s0"),
                    TopologyFixture.bytes("{\"key\":\"s0\",\"ts\":" + (t0 + 34 * step) + ",\"kind\":\"resolved\"}"));
            f.sine(0, 100);
            // Pairs start once the normaliser is warm (t = 20); windows end at t = 35, 39, 43, 47, 51, ... and span
            // 16 steps, so four of s0's overlap the incident at t = 30..34; other keys' windows are untouched.
            assertEquals(4, f.metrics.skippedCount());
        }
    }

    @Test
    void windowsWithAnEventAtTheAlertLikelihoodAreSkippedBeforeAnyAlertArrives() {
        try (TrainingFixture f = new TrainingFixture(TrainingFixture.spec("publishEvery: 1000, canaryEvery: 1000"))) {
            for (int t = 0; t < 100; t++) {
                f.send("s0", TopologyFixture.T0 + t * TopologyFixture.STEP, 10 + Math.sin(t / 4.0),
                        t == 32 ? 0.9999999 : 0.5);
            }
            // t = 32 lies in the windows ending at t = 35, 39, 43 and 47 (16 steps each).
            assertEquals(4, f.metrics.skippedCount());
        }
    }

    @Test
    void windowsThatSawACalendarEventAreSkipped() {
        try (TrainingFixture f = new TrainingFixture(TrainingFixture.spec("publishEvery: 1000, canaryEvery: 1000"))) {
            for (int t = 0; t < 100; t++) {
                long ts = TopologyFixture.T0 + t * TopologyFixture.STEP;
                String json = "{\"key\":\"s0\",\"ts\":" + ts + ",\"value\":" + (10 + Math.sin(t / 4.0))
                        + ",\"forecast\":10,\"likelihood\":0.5,\"warm\":true"
                        + (t == 32 ? ",\"calendar\":\"maintenance\"" : "") + "}";
                f.forecasts.pipeInput(TopologyFixture.bytes("s0"), TopologyFixture.bytes(json));
            }
            // As with an alert-level event: t = 32 lies in the windows ending at t = 35, 39, 43 and 47.
            assertEquals(4, f.metrics.skippedCount());
        }
    }

    /** A window of the same signal the topology saw, built the way the topology builds them. */
    private static TrainingWindow canaryLike(TrainingFixture f) {
        io.streamcast.model.Forecaster fc = new io.streamcast.model.Forecaster(f.spec.modelConfig());
        io.streamcast.training.WindowCollector c = new io.streamcast.training.WindowCollector(f.initial.shape(), 4, 16);
        TrainingWindow last = null;
        for (int t = 0; t < 40; t++) {
            TrainingWindow w = c.add(fc, f.initial, TopologyFixture.T0 + t * TopologyFixture.STEP,
                    10 + 3 * Math.sin(2 * Math.PI * t / 24.0));
            last = w == null ? last : w;
        }
        return last;
    }
}
