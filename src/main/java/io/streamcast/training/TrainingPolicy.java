package io.streamcast.training;

import io.streamcast.model.Forecaster;
import io.streamcast.model.TrainingWindow;
import io.streamcast.spec.PipelineSpec;

/**
 * The per-key half of online training, without Kafka: which model a key trains, how its events become tBPTT
 * windows, which windows are skipped (they saw an incident or an alert-level event), and which are held back
 * as canaries. The training topology's window processor and the backtest's in-line training both apply it,
 * with {@link ModelTrainer} for the per-model half, so a backtest measures the policy the pipeline runs.
 */
public final class TrainingPolicy {
    /** The model key of a global spec's one weight set (a per-key spec trains one model per series key). */
    public static final String GLOBAL_MODEL = "__global__";

    /** Where a completed window goes. */
    public enum Route { SKIP_INCIDENT, CANARY, LEARN }

    private final PipelineSpec.Training training;
    private final Forecaster forecaster;
    private final double trigger;
    private final boolean perKey;

    public TrainingPolicy(PipelineSpec spec) {
        this.training = spec.training();
        this.forecaster = new Forecaster(spec.modelConfig());
        this.trigger = spec.anomalyConfig().triggerLikelihood();
        this.perKey = spec.model().scope().equals("per-key");
    }

    public String modelKey(String key) {
        return perKey ? key : GLOBAL_MODEL;
    }

    /** A key's collector before its first event. */
    public WindowCollector newCollector() {
        return new WindowCollector(forecaster.shape(), training.onlineConfig().k1(), training.onlineConfig().k2());
    }

    /**
     * The key's incidents after a forecast record: an alert-level likelihood marks the event suspect, and so does
     * a calendar event (a maintenance window, a holiday): windows that saw one are not learned from.
     */
    public IncidentSpans afterForecast(IncidentSpans spans, long ts, double likelihood, boolean inCalendarEvent) {
        return likelihood >= trigger || inCalendarEvent ? spans.suspect(ts) : spans;
    }

    /**
     * Replays the forecast side's step for one event of the key with the weights it forecasts with, and
     * returns the window that event completed, or null. The caller has checked ts is after the collector's last.
     */
    public TrainingWindow collect(WindowCollector c, io.streamcast.model.Weights w, long ts, double value) {
        return c.add(forecaster, w, ts, value);
    }

    /** Skips a window that saw an incident (when the spec says so); holds back every n-th as a canary. */
    public Route route(long windowIndex, TrainingWindow w, IncidentSpans spans) {
        if (training.skipIncidents() && spans.overlaps(w.firstTs(), w.lastTs())) {
            return Route.SKIP_INCIDENT;
        }
        return (windowIndex - 1) % training.canaryEvery() == 0 ? Route.CANARY : Route.LEARN;
    }
}
