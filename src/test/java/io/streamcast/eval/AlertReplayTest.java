package io.streamcast.eval;

import io.streamcast.data.SeriesInput;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.anomaly.AnomalyConfig;
import io.streamcast.anomaly.AnomalyResult;
import io.streamcast.anomaly.AnomalyScorer;
import io.streamcast.model.AnomalyStats;
import io.streamcast.model.Weights;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.spec.SpecLoader;
import io.streamcast.engine.WeightsSource;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The NAB sweep's replay of the alert policy: at the spec's own trigger it must find exactly the alerts the
 * live state machine opened, and at every other trigger exactly what that state machine, run row by row with
 * the other trigger, would have opened.
 */
class AlertReplayTest {
    private static final PipelineSpec SPEC = SpecLoader.parse("""
            name: replay-test
            model: {hiddenSize: 8, timeFeatures: none, window: 64}
            anomaly: {triggerLikelihood: 0.9999, minScore: 1.0, recoveryLikelihood: 0.9, recoveryEvents: 5, flatlineEvents: 6,
                      deviation: typical, warmup: 50}
            """, "test");
    private static final AnomalyConfig CONFIG = SPEC.anomalyConfig();

    @Test
    void atTheSpecsTriggerTheReplayOpensExactlyTheLiveAlerts() {
        SeriesRun run = run();
        int[] live = IntStream.range(0, run.rows()).filter(i -> run.alert[i] == AnomalyResult.Alert.OPENED).toArray();
        assertTrue(live.length >= 4, "the series must open a few alerts: " + Arrays.toString(live));
        assertTrue(Arrays.stream(live).anyMatch(i -> i > 1500 && i < 1530), "the stuck stretch opens a flatline: "
                + Arrays.toString(live));
        assertArrayEquals(live, new AlertReplay(run, CONFIG).liveOpenings(CONFIG));
    }

    @Test
    void atEveryOtherTriggerItMatchesTheStateMachineRunRowByRow() {
        SeriesRun run = run();
        AlertReplay replay = new AlertReplay(run, CONFIG);
        double[] scores = replay.scores();
        double[] triggers = Arrays.stream(replay.thresholds(NabOutputs.scoreOf(CONFIG.recoveryLikelihood())))
                .distinct().sorted().toArray();
        assertTrue(triggers.length > 50, "candidate triggers: " + triggers.length);
        boolean[] seen = new boolean[run.rows()];
        boolean[] scored = new boolean[run.rows()];
        for (int i = 0; i < run.rows(); i++) {
            seen[i] = run.rejected[i] == null;
            scored[i] = seen[i] && run.warm[i] && !Double.isNaN(run.score[i]);
        }
        AnomalyScorer scorer = new AnomalyScorer(CONFIG);
        boolean[] moved = new boolean[run.rows()];
        boolean[] stuck = new boolean[run.rows()];
        scorer.runSignals(run.input.values(), seen, scored, moved, stuck);
        int distinctOpenings = 0;
        int[] previous = null;
        for (double t : triggers) {
            AnomalyStats state = new AnomalyStats();
            int[] expected = IntStream.range(0, run.rows()).filter(i -> scored[i]
                    && scorer.transition(state, run.score[i] >= CONFIG.minScore() && scores[i] >= t,
                    run.likelihood[i] < CONFIG.recoveryLikelihood(), stuck[i], moved[i]) == AnomalyResult.Alert.OPENED)
                    .toArray();
            int[] actual = replay.openings(scores, t);
            assertArrayEquals(expected, actual, "trigger score " + t);
            distinctOpenings += Arrays.equals(previous, actual) ? 0 : 1;
            previous = actual;
        }
        assertTrue(distinctOpenings > 5, "the triggers must change the openings: " + distinctOpenings);
    }

    /** A noisy daily wave with spikes, a level shift, a stuck stretch and a rejected row. */
    private static SeriesRun run() {
        SplittableRandom rnd = new SplittableRandom(11);
        int n = 3000;
        double[] v = new double[n];
        long[] ts = new long[n];
        for (int i = 0; i < n; i++) {
            ts[i] = i * 900_000L;
            v[i] = 20 + 5 * Math.sin(2 * Math.PI * i / 96) + rnd.nextGaussian() * (i % 500 < 250 ? 0.3 : 0.8);
            if (i % 331 == 0 && i > 300) {
                v[i] += 6 * (rnd.nextDouble() + 0.5);
            }
            if (i >= 2200) {
                v[i] += 4;
            }
            if (i >= 1500 && i < 1530) {
                v[i] = v[1499];
            }
        }
        v[900] = Double.NaN;
        SeriesInput in = new SeriesInput("s", "", null, ts, v, 0);
        Weights w = Weights.initial(SPEC.modelConfig().shape(), 1);
        return new StreamingBacktest(SPEC, WeightsSource.fixed(w), (k, s, t, x, r, a) -> { }).run(in, 0);
    }
}
