package io.streamcast.eval;

import io.streamcast.anomaly.AnomalyResult;
import io.streamcast.calendar.Calendar;
import io.streamcast.training.IncidentSpans;
import io.streamcast.training.ModelTrainer;
import io.streamcast.training.TrainingPolicy;
import io.streamcast.engine.WeightsSource;
import io.streamcast.model.SeriesState;
import io.streamcast.model.StepResult;
import io.streamcast.model.TrainingWindow;
import io.streamcast.training.WindowCollector;
import io.streamcast.model.Weights;
import io.streamcast.spec.PipelineSpec;
import java.util.HashMap;
import java.util.Map;

/**
 * The training topology's policy run in line with a backtest: per key the same {@link TrainingPolicy} (windows
 * every k1 events, skipped when they saw an incident or an alert-level event, every n-th held back as a
 * canary) and per model the same {@link ModelTrainer} (learn, replay, canary-judged candidates every
 * {@code publishEvery} windows). Events reach it in the order the topology reads them: an event's forecast,
 * then its alert. Two things differ, by necessity: a published version serves the key's next event at once
 * (live, it arrives through the model topic a little later), and there is no {@code publishIntervalMs}
 * (a replay has no wall clock worth reading).
 */
public final class SynchronousTraining implements OnlineTraining {
    private final PipelineSpec spec;
    private final TrainingPolicy policy;
    /** The spec's calendar: windows that saw one of its events are skipped, as the training topology skips them. */
    private final Calendar calendar;
    private final Map<String, KeyWindows> keys = new HashMap<>();
    private final Map<String, ModelTrainer> models = new HashMap<>();
    private final Counts counts = new Counts();
    private Weights initial;

    /** One key's collector and incidents: what the topology keeps in its two per-key stores. */
    private static final class KeyWindows {
        final WindowCollector collector;
        IncidentSpans spans = IncidentSpans.EMPTY;

        KeyWindows(WindowCollector collector) {
            this.collector = collector;
        }
    }

    private static final class Counts implements ModelTrainer.Events {
        long learnt;
        long canaries;
        long skipped;
        long rejected;
        long refused;
        long published;

        @Override
        public void rejectedWindow(String reason) {
            rejected++;
        }

        @Override
        public void refusedGuard(String reason) {
            refused++;
        }

        @Override
        public void refusedCanary(String reason) {
            refused++;
        }
    }

    public SynchronousTraining(PipelineSpec spec) {
        this.spec = spec;
        this.policy = new TrainingPolicy(spec);
        this.calendar = Calendar.of(spec.calendarEvents());
    }

    @Override
    public WeightsSource start(Weights w) {
        initial = w;
        return key -> model(policy.modelKey(key)).published();
    }

    @Override
    public Weights current() {
        return models.isEmpty() ? initial : models.values().iterator().next().published();
    }

    @Override
    public void afterEvent(String key, SeriesState state, long ts, double value, StepResult step, AnomalyResult a) {
        KeyWindows k = keys.computeIfAbsent(key, x -> new KeyWindows(policy.newCollector()));
        ModelTrainer m = model(policy.modelKey(key));
        k.spans = policy.afterForecast(k.spans, ts, a.likelihood(), calendar.active(key, ts) != null);
        TrainingWindow w = policy.collect(k.collector, m.published(), ts, value);
        if (w != null) {
            switch (policy.route(k.collector.windows(), w, k.spans)) {
                case SKIP_INCIDENT -> counts.skipped++;
                case CANARY -> {
                    counts.canaries++;
                    m.holdBack(w);
                }
                case LEARN -> {
                    counts.learnt++;
                    if (m.learn(w) && m.attempt(ts) != null) {
                        counts.published++;
                    }
                }
            }
        }
        // The event's alert reaches the incident marker after its forecast reached the window processor.
        k.spans = k.spans.after(a.alert(), ts);
    }

    @Override
    public String summary() {
        return String.format("learning rate %s, %d windows learnt (k1 %d, k2 %d), %d held back as canaries, %d "
                        + "skipped for incidents, %d guarded steps rejected, %d versions published (every %d "
                        + "windows, when not worse on the canaries), %d candidates refused, %s",
                spec.training().onlineConfig().learningRate(), counts.learnt, spec.training().onlineConfig().k1(),
                spec.training().onlineConfig().k2(), counts.canaries, counts.skipped, counts.rejected,
                counts.published, spec.training().publishEvery(), counts.refused,
                spec.model().scope().equals("per-key") ? "one model per key" : "one global model");
    }

    private ModelTrainer model(String modelKey) {
        return models.computeIfAbsent(modelKey, k -> new ModelTrainer(spec, k, initial, 0, counts));
    }
}
