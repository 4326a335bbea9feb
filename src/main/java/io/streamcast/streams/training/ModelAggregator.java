package io.streamcast.streams.training;

import io.streamcast.training.ModelTrainer;
import io.streamcast.engine.WeightsSource;
import io.streamcast.model.CorruptDataException;
import io.streamcast.model.TrainingWindow;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.streams.models.ModelRegistry;
import io.streamcast.streams.models.ModelStoreLoader;
import io.streamcast.topics.ModelProvenance;
import io.streamcast.topics.ModelRecords;
import io.streamcast.topics.TrainingUpdate;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
 * The aggregation, keyed by model key: hands every window that arrives to that model's {@link ModelTrainer}
 * (canaries are held back, the rest learnt), and every {@code publishEvery} windows (or
 * {@code publishIntervalMs}) asks it for a candidate, which it publishes on the model topic with its
 * provenance. Refusals are counted and logged once. The published version always comes from the model topic
 * (global store), so a version published by {@code streamcast train --publish} or by a previous owner of this
 * task is picked up, and versions keep rising across restarts. Optimiser moments live in memory: after a
 * restart Adam starts afresh.
 */
final class ModelAggregator implements Processor<byte[], byte[], String, byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(ModelAggregator.class);
    private final PipelineSpec spec;
    private final WeightsSource initial;
    private final TrainingMetrics metrics;
    private final Map<String, ModelTrainer> models = new HashMap<>();
    private final Set<String> logged = new HashSet<>();
    private ProcessorContext<String, byte[]> context;
    private WeightsSource published;

    ModelAggregator(PipelineSpec spec, WeightsSource initial, TrainingMetrics metrics) {
        this.spec = spec;
        this.initial = initial;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> ctx) {
        this.context = ctx;
        this.published = new ModelRegistry(ctx.getStateStore(ModelStoreLoader.STORE), initial,
                spec.modelConfig().shape(), metrics::refused);
        ctx.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, now -> {
            for (Map.Entry<String, ModelTrainer> e : models.entrySet()) {
                if (e.getValue().intervalDue(now)) {
                    publish(e.getKey(), e.getValue());
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
        ModelTrainer m = model(modelKey);
        TrainingWindow w = u.window();
        if (u.canary()) {
            m.holdBack(w);
        } else if (m.learn(w)) {
            publish(modelKey, m);
        }
    }

    /** The model key's trainer, moved on whenever the model topic holds a version newer than its own. */
    private ModelTrainer model(String modelKey) {
        long now = context.currentSystemTimeMs();
        ModelTrainer m = models.get(modelKey);
        if (m == null) {
            m = new ModelTrainer(spec, modelKey, published.forKey(modelKey), now, events(modelKey));
            models.put(modelKey, m);
        } else {
            m.follow(published.forKey(modelKey), now);
        }
        return m;
    }

    private void publish(String modelKey, ModelTrainer m) {
        long now = context.currentSystemTimeMs();
        ModelTrainer.Candidate c = m.attempt(now);
        if (c == null) {
            return;
        }
        long version = c.weights().version();
        ModelProvenance p = new ModelProvenance(version, c.parent(), spec.name(), modelKey, "training",
                spec.modelConfig().seed(), c.dataFrom(), c.dataTo(), c.windows(), c.trainingLoss(), c.canaryLoss(),
                c.parentLoss(), now);
        context.forward(new Record<>(modelKey, ModelRecords.encode(p, c.weights()), now), TrainingTopology.MODELS_SINK);
        LOG.info("published '{}' version {} (parent {}): {} windows, training loss {}, canary loss {} vs {}",
                modelKey, version, c.parent(), c.windows(), fmt(c.trainingLoss()), fmt(c.canaryLoss()),
                fmt(c.parentLoss()));
        metrics.published(version, c.trainingLoss());
    }

    /** Counts what a model's trainer reports and logs each kind of trouble once. */
    private ModelTrainer.Events events(String modelKey) {
        return new ModelTrainer.Events() {
            @Override
            public void trained(double loss) {
                metrics.trained();
            }

            @Override
            public void rejectedWindow(String reason) {
                metrics.rejectedWindow();
                logOnce("window", "rejected a training window for '" + modelKey + "': " + reason
                        + "; the weights stay as they were (counted in streamcast.training.rejected{stage=window}; "
                        + "logged once)");
            }

            @Override
            public void misfit(String reason) {
                logOnce("size", "dropped a training window for '" + modelKey + "': " + reason);
            }

            @Override
            public void waiting(int needed, int have) {
                logOnce("no-canary", "waiting for " + needed + " held-back windows for '" + modelKey
                        + "' before publishing a version (have " + have + ")");
            }

            @Override
            public void refusedGuard(String reason) {
                metrics.rejectedGuard();
                refused(reason);
            }

            @Override
            public void refusedCanary(String reason) {
                metrics.rejectedCanary();
                refused(reason);
            }

            private void refused(String reason) {
                logOnce("canary:" + modelKey, "did not publish a candidate for '" + modelKey + "': " + reason
                        + "; keeping the published version (logged once; counted in streamcast.training.rejected)");
            }
        };
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
