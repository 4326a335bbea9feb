package io.streamcast.eval;

import io.streamcast.anomaly.AnomalyResult;
import io.streamcast.model.AdamState;
import io.streamcast.model.Forecaster;
import io.streamcast.model.GradientStep;
import io.streamcast.model.SeriesState;
import io.streamcast.model.StepResult;
import io.streamcast.model.TbpttTrainer;
import io.streamcast.model.TrainerConfig;
import io.streamcast.model.TrainingWindow;
import io.streamcast.model.WindowCollector;
import io.streamcast.model.Weights;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.engine.WeightsSource;
import io.streamcast.engine.WindowReservoir;
import java.util.HashMap;
import java.util.Map;

/**
 * The training topology's learning, run in line with a backtest: each key's {@link WindowCollector} cuts a
 * k2 window every k1 accepted events (skipping windows that saw an alert-level likelihood), each window takes
 * one guarded Adam step at the online learning rate followed by one step on a window drawn from a sample of
 * past ones, and every {@code publishEvery} windows the weights become a new version for every key. One
 * model for a global spec, one per key for per-key. Unlike the topology it does not hold back canaries: a
 * backtest is itself the held-out score.
 */
public final class SynchronousTraining implements OnlineTraining {
    private final PipelineSpec spec;
    private final TrainerConfig config;
    private final Forecaster forecaster;
    private final TbpttTrainer trainer;
    private final GradientStep stepper;
    private final boolean perKey;
    private final double trigger;
    private final Map<String, WindowCollector> collectors = new HashMap<>();
    private final Map<String, Model> models = new HashMap<>();
    private Weights initial;
    private long windows;
    private long rejected;
    private long published;

    private final class Model {
        Weights published;
        Weights current;
        final AdamState adam;
        final WindowReservoir replay;
        long seen;

        Model(Weights w, int replayWindows, long seed) {
            published = w;
            current = w;
            adam = new AdamState(w.size());
            replay = new WindowReservoir(replayWindows, seed);
        }
    }

    public SynchronousTraining(PipelineSpec spec) {
        this.spec = spec;
        this.config = spec.training().onlineConfig();
        this.forecaster = new Forecaster(spec.modelConfig());
        this.trainer = new TbpttTrainer(spec.modelConfig().shape(), config);
        this.stepper = new GradientStep(spec.modelConfig().shape(), config);
        this.perKey = spec.model().scope().equals("per-key");
        this.trigger = spec.anomalyConfig().triggerLikelihood();
    }

    @Override
    public WeightsSource start(Weights w) {
        initial = w;
        return key -> model(key).published;
    }

    @Override
    public Weights current() {
        return models.isEmpty() ? initial : models.values().iterator().next().published;
    }

    @Override
    public void afterEvent(String key, SeriesState state, long ts, double value, StepResult step, AnomalyResult a) {
        Model m = model(key);
        WindowCollector c = collectors.computeIfAbsent(key, k -> new WindowCollector(forecaster.shape(),
                config.k1(), config.k2()));
        TrainingWindow w = c.add(forecaster, m.published, ts, value);
        if (w == null || (spec.training().skipIncidents() && a.likelihood() >= trigger)) {
            return;
        }
        windows++;
        TrainingWindow old = m.replay.pick();
        if (!learn(m, w)) {
            return;
        }
        m.replay.offer(w);
        if (old != null) {
            learn(m, old);
        }
        if (++m.seen % spec.training().publishEvery() == 0) {
            m.published = m.current.withVersion(m.published.version() + 1);
            m.current = m.published;
            published++;
        }
    }

    @Override
    public String summary() {
        return String.format("learning rate %s, %d windows (k1 %d, k2 %d), %d guarded steps rejected, %d versions "
                        + "published (every %d windows), %s", config.learningRate(), windows, config.k1(), config.k2(),
                rejected, published, spec.training().publishEvery(), perKey ? "one model per key" : "one global model");
    }

    private Model model(String key) {
        String modelKey = perKey ? key : "";
        return models.computeIfAbsent(modelKey, k -> new Model(initial, spec.training().replayWindows(),
                spec.model().seed() ^ k.hashCode()));
    }

    private boolean learn(Model m, TrainingWindow w) {
        GradientStep.Result r = stepper.learn(trainer, m.current, m.adam, w);
        if (!r.accepted()) {
            rejected++;
            return false;
        }
        m.current = r.weights();
        return true;
    }
}
