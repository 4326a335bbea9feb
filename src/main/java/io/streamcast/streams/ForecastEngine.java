package io.streamcast.streams;

import io.streamcast.anomaly.AnomalyResult;
import io.streamcast.anomaly.AnomalyScorer;
import io.streamcast.model.Forecaster;
import io.streamcast.model.SeriesState;
import io.streamcast.model.StepResult;
import io.streamcast.model.Weights;
import io.streamcast.spec.PipelineSpec;

/**
 * The forecast processor's per-event logic without Kafka: order check, model-version swap, RNN step and
 * anomaly score on a key's state. The processor wraps it with a state store and sinks; a backtest drives it
 * from files with states in a map. One code path, so a replay gives the live run's forecasts bit for bit.
 */
public final class ForecastEngine {
    /** What the event did: the step, its anomaly verdict, the weights' version, and whether the key swapped. */
    public record Outcome(StepResult step, AnomalyResult anomaly, long version, Swap swap) {
    }

    /** How a key moved to another model version at an event: not at all, keeping its hidden state, or re-warming. */
    public enum Swap {
        NONE, CARRIED, REWARMED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The swap a forecast record names ({@code "carried"}, {@code "rewarmed"}; absent: none). */
        public static Swap parse(String label) {
            return label == null ? NONE : valueOf(label.toUpperCase(java.util.Locale.ROOT));
        }
    }

    private final Forecaster forecaster;
    private final AnomalyScorer scorer;

    public ForecastEngine(PipelineSpec spec) {
        this.forecaster = new Forecaster(spec.modelConfig());
        this.scorer = new AnomalyScorer(spec.anomalyConfig());
    }

    public Forecaster forecaster() {
        return forecaster;
    }

    public SeriesState newState() {
        return forecaster.newState();
    }

    /** Why the event cannot advance the state, or null when it can. */
    public static String outOfOrder(SeriesState state, Observation obs) {
        if (state.lastEventTime() != SeriesState.NO_EVENT && obs.ts() <= state.lastEventTime()) {
            return "ts " + obs.ts() + " is not after the key's last event " + state.lastEventTime();
        }
        return null;
    }

    /** Advances the key's state by one checked event (see {@link #outOfOrder}). */
    public Outcome step(String key, SeriesState state, Observation obs, WeightsSource weights) {
        Weights w = weights.forKey(key);
        Swap swap = Swap.NONE;
        if (state.steps() > 0 && state.modelVersion() != w.version()) {
            if (weights.continues(state.modelVersion(), w)) {
                forecaster.adopt(state, w);
                swap = Swap.CARRIED;
            } else {
                forecaster.rewarm(state, w);
                swap = Swap.REWARMED;
            }
        }
        StepResult r = forecaster.step(state, w, obs.ts(), obs.value());
        AnomalyResult a = scorer.score(state.anomalyStats(), obs.value(), r.previousMean(), r.previousScale(),
                r.warm());
        return new Outcome(r, a, w.version(), swap);
    }
}
