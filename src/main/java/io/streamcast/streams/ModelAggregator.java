package io.streamcast.streams;

import io.streamcast.model.AdamState;
import io.streamcast.model.CorruptDataException;
import io.streamcast.model.GradientStep;
import io.streamcast.model.LossType;
import io.streamcast.model.TbpttTrainer;
import io.streamcast.model.TrainerConfig;
import io.streamcast.model.TrainingWindow;
import io.streamcast.model.Weights;
import io.streamcast.spec.PipelineSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aggregation, keyed by model key: takes an Adam step on the mean gradient of every batch that arrives,
 * and every {@code publishEvery} windows (or {@code publishIntervalMs}) scores the candidate against the
 * published version on the most recent held-back windows. It publishes only a candidate that is finite,
 * has not exploded (the trainer's guard factor) and is not worse than the current version by more than the
 * canary margin; otherwise it counts the rejection, logs the reason once, and goes back to the published
 * weights. The published version always comes from the model topic (global store), so a version published
 * by {@code streamcast train --publish} or by a previous owner of this task is picked up, and versions keep
 * rising across restarts. Optimiser moments live in memory: after a restart Adam starts afresh.
 */
final class ModelAggregator implements Processor<byte[], byte[], String, byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(ModelAggregator.class);
    private final PipelineSpec spec;
    private final WeightsSource initial;
    private final TrainingMetrics metrics;
    private final TrainerConfig config;
    private final TbpttTrainer scorer;
    private final TbpttTrainer pointScorer;
    private final GradientStep stepper;
    private final Map<String, Model> models = new HashMap<>();
    private final Set<String> logged = new HashSet<>();
    private ProcessorContext<String, byte[]> context;
    private WeightsSource published;

    /** One model key's training run since its last published version. */
    private static final class Model {
        Weights published;
        Weights current;
        AdamState adam;
        final ArrayDeque<TrainingWindow> canaries = new ArrayDeque<>();
        long steps;
        long windows;
        double lossSum;
        long dataFrom = Long.MAX_VALUE;
        long dataTo = Long.MIN_VALUE;
        long lastPublishWall;

        /** Starts again from a published version; Adam's moments carry on only along our own line. */
        void restart(Weights from, long now, boolean keepMoments) {
            published = from;
            current = from;
            if (!keepMoments || adam == null) {
                adam = new AdamState(from.size());
            }
            steps = 0;
            windows = 0;
            lossSum = 0;
            dataFrom = Long.MAX_VALUE;
            dataTo = Long.MIN_VALUE;
            lastPublishWall = now;
        }
    }

    ModelAggregator(PipelineSpec spec, WeightsSource initial, TrainingMetrics metrics) {
        this.spec = spec;
        this.initial = initial;
        this.metrics = metrics;
        this.config = spec.training().onlineConfig();
        this.scorer = new TbpttTrainer(spec.modelConfig().shape(), config);
        this.pointScorer = new TbpttTrainer(spec.modelConfig().shape(), config.withLoss(LossType.MSE));
        this.stepper = new GradientStep(spec.modelConfig().shape(), config);
    }

    @Override
    public void init(ProcessorContext<String, byte[]> ctx) {
        this.context = ctx;
        this.published = new ModelRegistry(ctx.getStateStore(ForecastTopology.MODEL_STORE), initial,
                spec.modelConfig().shape(), metrics::refused);
        ctx.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, now -> {
            for (Map.Entry<String, Model> e : models.entrySet()) {
                Model m = e.getValue();
                if (m.steps > 0 && now - m.lastPublishWall >= spec.training().publishIntervalMs()) {
                    publish(e.getKey(), m);
                }
            }
        });
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (record.key() == null) {
            return;
        }
        String modelKey = new String(record.key(), StandardCharsets.UTF_8);
        TrainingUpdate u;
        try {
            u = TrainingUpdate.decode(record.value());
        } catch (CorruptDataException e) {
            logOnce("corrupt", "dropped an undecodable training update for '" + modelKey + "': " + e.getMessage());
            return;
        }
        Model m = model(modelKey);
        if (u.isCanary()) {
            m.canaries.addLast(u.canary());
            while (m.canaries.size() > spec.training().canaryWindows()) {
                m.canaries.removeFirst();
            }
            return;
        }
        if (u.gradSum().length != m.current.size()) {
            logOnce("size", "dropped a training update for '" + modelKey + "' with " + u.gradSum().length
                    + " gradient values; the model has " + m.current.size());
            return;
        }
        GradientStep.Result r = stepper.apply(m.current, m.adam, u.gradSum(), u.windows(), m.current.version());
        if (!r.accepted() || !Double.isFinite(u.lossSum())) {
            metrics.rejectedStep();
            logOnce("step", "rejected a training step for '" + modelKey + "': "
                    + (r.accepted() ? "loss is not finite (" + u.lossSum() + ")" : r.reason())
                    + "; the weights stay as they were (counted in streamcast.training.rejected{stage=step})");
            return;
        }
        m.current = r.weights();
        shareWorking(modelKey, m);
        m.steps++;
        m.windows += u.windows();
        m.lossSum += u.lossSum();
        m.dataFrom = Math.min(m.dataFrom, u.firstTs());
        m.dataTo = Math.max(m.dataTo, u.lastTs());
        if (m.windows >= spec.training().publishEvery()) {
            publish(modelKey, m);
        }
    }

    /** The model key's state, restarted whenever the model topic holds a version newer than ours. */
    private Model model(String modelKey) {
        Weights onTopic = published.forKey(modelKey);
        Model m = models.get(modelKey);
        if (m == null) {
            m = new Model();
            m.restart(onTopic, context.currentSystemTimeMs(), false);
            models.put(modelKey, m);
        } else if (onTopic.version() > m.published.version()) {
            m.restart(onTopic, context.currentSystemTimeMs(), false);
        }
        return m;
    }

    private void publish(String modelKey, Model m) {
        long now = context.currentSystemTimeMs();
        if (m.canaries.isEmpty()) {
            logOnce("no-canary", "no held-back windows yet for '" + modelKey + "': waiting for one before publishing");
            return;
        }
        double candidate = canaryLoss(scorer, m.current, m);
        double parent = canaryLoss(scorer, m.published, m);
        // The training loss can improve by widening intervals while the forecasts themselves get worse:
        // the point error must not get worse either.
        double candidateMse = canaryLoss(pointScorer, m.current, m);
        double parentMse = canaryLoss(pointScorer, m.published, m);
        String refusal = null;
        if (!Double.isFinite(candidate)) {
            refusal = "its canary loss is not finite (" + candidate + ")";
            metrics.rejectedStep();
        } else if (candidate - parent > config.lossGuardFactor() * (Math.abs(parent) + 1)) {
            refusal = "its canary loss exploded from " + parent + " to " + candidate;
            metrics.rejectedStep();
        } else if (candidate > parent + spec.training().canaryMargin() * (Math.abs(parent) + 1)
                || candidateMse > parentMse * (1 + spec.training().canaryMargin())) {
            refusal = String.format("it is worse on the %d held-back windows (loss %.5f vs %.5f, squared error "
                            + "%.5f vs %.5f for version %d)", m.canaries.size(), candidate, parent, candidateMse,
                    parentMse, m.published.version());
            metrics.rejectedCanary();
        }
        if (refusal != null) {
            logOnce("canary:" + modelKey, "did not publish a candidate for '" + modelKey + "': " + refusal
                    + "; keeping version " + m.published.version() + " (logged once; counted in "
                    + "streamcast.training.rejected)");
            m.restart(m.published, now, false);
            shareWorking(modelKey, m);
            return;
        }
        long version = m.published.version() + 1;
        Weights next = m.current.withVersion(version);
        double trainingLoss = m.lossSum / m.windows;
        ModelProvenance p = new ModelProvenance(version, m.published.version(), spec.name(), modelKey, "training",
                spec.modelConfig().seed(), m.dataFrom, m.dataTo, m.windows, trainingLoss, candidate, parent, now);
        context.forward(new Record<>(modelKey, ModelRecords.encode(p, next), now), TrainingTopology.MODELS_SINK);
        LOG.info("published '{}' version {} (parent {}): {} windows, training loss {}, canary loss {} vs {}",
                modelKey, version, p.parent(), m.windows, fmt(trainingLoss), fmt(candidate), fmt(parent));
        metrics.published(version, trainingLoss);
        m.restart(next, now, true);
        shareWorking(modelKey, m);
    }

    /** Tells the per-key side where the weights are now, so its next gradients are taken there. */
    private void shareWorking(String modelKey, Model m) {
        ModelProvenance p = new ModelProvenance(m.current.version(), m.published.version(), spec.name(), modelKey,
                "working", spec.modelConfig().seed(), m.dataFrom, m.dataTo, m.windows, 0, null, null,
                context.currentSystemTimeMs());
        context.forward(new Record<>(modelKey, ModelRecords.encode(p, m.current), context.currentSystemTimeMs()),
                TrainingTopology.WORKING_SINK);
    }

    private static double canaryLoss(TbpttTrainer scorer, Weights w, Model m) {
        double sum = 0;
        for (TrainingWindow c : m.canaries) {
            sum += scorer.loss(w, c.startState(), c.inputs(), c.targets(), c.length());
        }
        return sum / m.canaries.size();
    }

    private void logOnce(String what, String message) {
        if (logged.add(what)) {
            LOG.warn(message);
        }
    }

    private static String fmt(double v) {
        return String.format("%.5f", v);
    }
}
