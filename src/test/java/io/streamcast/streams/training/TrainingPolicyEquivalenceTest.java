package io.streamcast.streams.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.anomaly.AnomalyResult;
import io.streamcast.engine.Swap;
import io.streamcast.engine.WeightsSource;
import io.streamcast.eval.SynchronousTraining;
import io.streamcast.model.Weights;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.streams.forecast.TopologyFixture;
import io.streamcast.topics.AlertRecord;
import io.streamcast.topics.ForecastRecord;
import io.streamcast.topics.ModelRecords;
import io.streamcast.topics.RecordJson;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * One training policy: the same forecasts and alerts, read by the training topology (TopologyTestDriver) and by
 * the backtest's in-line training, publish the same versions with bit-identical weights. The stream has
 * alert-level events and incidents (windows skipped), canaries, candidates refused and published.
 */
class TrainingPolicyEquivalenceTest {
    private static final int KEYS = 3;
    private static final int STEPS = 240;

    /** One event as the forecast pipeline reports it: its value, likelihood, and the alert it raised. */
    record Event(String key, long ts, double value, double likelihood, AnomalyResult.Alert alert) {
    }

    static List<Event> stream() {
        List<Event> out = new ArrayList<>();
        for (int t = 0; t < STEPS; t++) {
            for (int k = 0; k < KEYS; k++) {
                double v = 10 + k + 3 * Math.sin(2 * Math.PI * (t + 7 * k) / 24.0) + 0.2 * Math.sin(t * 1.3 + k);
                // Now and then an alert-level event, and for key s1 one incident, opened and resolved.
                double likelihood = (t * 7 + k * 13) % 53 == 0 ? 0.99999 : 0.5;
                AnomalyResult.Alert alert = k == 1 && t == 90 ? AnomalyResult.Alert.OPENED
                        : k == 1 && t == 97 ? AnomalyResult.Alert.CLOSED : AnomalyResult.Alert.NONE;
                out.add(new Event("s" + k, TopologyFixture.T0 + t * TopologyFixture.STEP, v, likelihood, alert));
            }
        }
        return out;
    }

    static PipelineSpec spec(String scope) {
        return io.streamcast.spec.SpecLoader.parse("""
                name: train-test
                model: {cell: gru, hiddenSize: 8, window: 32, residual: true, scope: %s}
                anomaly: {triggerLikelihood: 0.9999}
                processing: {guarantee: at_least_once}
                training: {k1: 4, k2: 16, onlineLearningRate: 0.01, publishEvery: 6, canaryEvery: 4,
                           canaryWindows: 6, canaryMargin: 0.0, replayWindows: 8, publishIntervalMs: 100000000}
                """.formatted(scope), "test spec");
    }

    @Test
    void theTopologyAndTheBacktestPublishTheSameVersionsForAGlobalModel() {
        assertSameVersions(spec("global"), true);
    }

    @Test
    void andForPerKeyModels() {
        assertSameVersions(spec("per-key"), false);
    }

    private static void assertSameVersions(PipelineSpec spec, boolean refusals) {
        List<Event> events = stream();
        List<Weights> live = throughTopology(spec, events, refusals);
        List<Weights> backtest = throughBacktest(spec, events);
        assertTrue(live.size() >= 3, "versions published: " + live.size());
        assertEquals(live.size(), backtest.size(), "versions published");
        for (int i = 0; i < live.size(); i++) {
            assertEquals(live.get(i).version(), backtest.get(i).version());
            assertArrayEquals(live.get(i).toArray(), backtest.get(i).toArray(), "weights of version " + i);
        }
    }

    private static List<Weights> throughTopology(PipelineSpec spec, List<Event> events, boolean refusals) {
        RecordJson json = new RecordJson();
        List<Weights> published = new ArrayList<>();
        try (TrainingFixture f = new TrainingFixture(spec)) {
            for (Event e : events) {
                byte[] key = TopologyFixture.bytes(e.key());
                f.forecasts.pipeInput(key, json.write(new ForecastRecord(e.key(), e.ts(), e.value(), e.value(),
                        e.value() - 1, e.value() + 1, 0.5, 0, 0.3, e.likelihood(), true, Swap.NONE)));
                if (e.alert() != AnomalyResult.Alert.NONE) {
                    boolean open = e.alert() == AnomalyResult.Alert.OPENED;
                    f.alerts.pipeInput(key, json.write(new AlertRecord(e.key(), e.ts(),
                            open ? AnomalyResult.Alert.OPENED : AnomalyResult.Alert.CLOSED, e.value(), e.value(),
                            e.value() - 1, e.value() + 1, 3, e.likelihood(),
                            open ? AnomalyResult.Severity.WARNING : null, open ? AnomalyResult.Cause.SURPRISE : null)));
                }
            }
            for (TestRecord<String, byte[]> r : f.models.readRecordsToList()) {
                published.add(ModelRecords.decode(r.value()).weights());
            }
            assertTrue(f.metrics.skippedCount() > 0, "windows skipped for incidents");
            if (refusals) {
                assertTrue(f.metrics.rejected("canary") > 0, "candidates refused on the canaries");
            }
        }
        return published;
    }

    private static List<Weights> throughBacktest(PipelineSpec spec, List<Event> events) {
        SynchronousTraining training = new SynchronousTraining(spec);
        Weights initial = Weights.initial(spec.modelConfig().shape(), spec.modelConfig().seed());
        WeightsSource serving = training.start(initial);
        List<Weights> published = new ArrayList<>();
        for (Event e : events) {
            long before = serving.forKey(e.key()).version();
            training.afterEvent(e.key(), null, e.ts(), e.value(), null,
                    new AnomalyResult(0.3, e.likelihood(), e.alert(), null, null, 0));
            Weights now = serving.forKey(e.key());
            if (now.version() != before) {
                published.add(now);
            }
        }
        return published;
    }
}
