package io.streamcast.eval;

import io.streamcast.data.SeriesInput;
import io.streamcast.anomaly.AnomalyResult;
import io.streamcast.calendar.Calendar;
import io.streamcast.model.Ahead;
import io.streamcast.model.DirectHead;
import io.streamcast.model.Forecast;
import io.streamcast.model.Forecaster;
import io.streamcast.model.SeriesState;
import io.streamcast.model.StepResult;
import io.streamcast.model.Weights;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.engine.EventOutcome;
import io.streamcast.engine.ForecastEngine;
import io.streamcast.engine.ModelLoader;
import io.streamcast.engine.Observation;
import io.streamcast.engine.ReorderBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import io.streamcast.engine.WeightsSource;

/**
 * Replays series through the forecast processor's own per-event logic ({@link ForecastEngine}) in process:
 * the same validation, order check, model swap, step and anomaly score as the live pipeline, with each key's
 * state in memory instead of a state store. A rejected row is what the pipeline would dead-letter: it is
 * recorded with its reason and leaves the state as it was.
 */
public final class StreamingBacktest {
    /** Sees every accepted event after its step: online training and progress hook in here. */
    public interface Listener {
        void afterEvent(String key, SeriesState state, long ts, double value, StepResult step, AnomalyResult anomaly);
    }

    private final ForecastEngine engine;
    private final WeightsSource weights;
    private final Listener listener;

    public StreamingBacktest(PipelineSpec spec, WeightsSource weights, Listener listener) {
        this(spec, weights, listener, ModelLoader.directHead(spec));
    }

    /** @param direct the direct head fitted for the spec's {@code forecast.direct}, or null (the live pipeline's above) */
    public StreamingBacktest(PipelineSpec spec, WeightsSource weights, Listener listener, DirectHead direct) {
        this.engine = new ForecastEngine(spec, Calendar.of(spec.calendarEvents()), direct);
        this.weights = weights;
        this.listener = listener;
    }

    /** Which weights a key's row is stepped with, where that changes along the series (a live run's timeline). */
    @FunctionalInterface
    public interface RowWeights {
        WeightsSource at(String key, int row);
    }

    /** Runs one series from a fresh state; in horizon mode also forecasts {@code horizon} steps past it. */
    public SeriesRun run(SeriesInput in, int horizon) {
        return run(in, horizon, (k, row) -> weights);
    }

    /** As {@link #run(SeriesInput, int)}, with the weights of each row given by {@code rows}. */
    public SeriesRun run(SeriesInput in, int horizon, RowWeights rows) {
        SeriesRun run = new SeriesRun(in);
        SeriesState state = engine.newState();
        String key = in.key();
        if (engine.hasGrace()) {
            runThroughGrace(run, state, rows);
        } else {
            for (int i = 0; i < run.rows(); i++) {
                step(run, state, i, rows);
            }
        }
        if (horizon > 0 && state.steps() > 0) {
            forecastAhead(run, state, weights.forKey(key), in.medianStepMs(), horizon);
        }
        return run;
    }

    /** Steps row i (or records why the engine rejects it) and fills its results. */
    private void step(SeriesRun run, SeriesState state, int i, RowWeights rows) {
        SeriesInput in = run.input;
        String key = in.key();
        Observation obs = new Observation(in.ts()[i], in.values()[i]);
        EventOutcome outcome = engine.process(key, state, obs, in.recordTime(i), rows.at(key, i));
        if (outcome instanceof EventOutcome.Rejected why) {
            run.rejected[i] = why;
            return;
        }
        EventOutcome.Stepped out = (EventOutcome.Stepped) outcome;
        StepResult r = out.step();
        Forecast scored = out.scored();
        if (scored.exists()) {
            run.forecast[i] = scored.mean();
            run.lower[i] = scored.lower();
            run.upper[i] = scored.upper();
        }
        run.next[i] = out.next().mean();
        run.warm[i] = r.warm();
        run.score[i] = out.anomaly().score();
        run.likelihood[i] = out.anomaly().likelihood();
        run.tail[i] = out.anomaly().tail();
        run.alert[i] = out.anomaly().alert();
        run.version[i] = out.version();
        run.swap[i] = out.swap();
        listener.afterEvent(key, state, obs.ts(), obs.value(), r, out.anomaly());
    }

    /**
     * Rows through the live pipeline's late-data grace: each row waits until the key's newest row is the grace
     * later, then is stepped in time order; at the end of the input the rows still waiting are stepped too.
     */
    private void runThroughGrace(SeriesRun run, SeriesState state, RowWeights rows) {
        SeriesInput in = run.input;
        List<ReorderBuffer.Pending> waiting = new ArrayList<>();
        Map<Long, Integer> rowAt = new HashMap<>();
        List<ReorderBuffer.Pending> due = new ArrayList<>();
        for (int i = 0; i < run.rows(); i++) {
            Observation obs = new Observation(in.ts()[i], in.values()[i]);
            EventOutcome.Rejected refused = engine.admit(state, waiting, obs, in.recordTime(i), due);
            if (refused != null) {
                run.rejected[i] = refused;
                continue;
            }
            rowAt.put(obs.ts(), i);
            for (ReorderBuffer.Pending p : due) {
                step(run, state, rowAt.remove(p.ts()), rows);
            }
            due.clear();
        }
        for (ReorderBuffer.Pending p : waiting) {
            step(run, state, rowAt.remove(p.ts()), rows);
        }
    }

    /** Fills the run's horizon forecast from a key's final state (a topic replay reads it from the state store). */
    public void forecastAhead(SeriesRun run, SeriesState state, Weights w, long stepMs, int horizon) {
        Ahead a = engine.forecaster().ahead(state, w, stepMs, horizon);
        run.horizonMean = a.mean();
        run.horizonLower = a.lower();
        run.horizonUpper = a.upper();
        Forecaster f = engine.forecaster();
        if (f.directHead() != null) {
            double[] means = new double[horizon];
            f.forecastAhead(state, w, stepMs, means, new double[horizon], false);
            run.horizonWithoutHead = means;
        }
    }
}
