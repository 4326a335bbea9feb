package io.streamcast.streams;

import io.streamcast.model.CorruptDataException;
import io.streamcast.model.Forecaster;
import io.streamcast.model.StepWorkspace;
import io.streamcast.model.TbpttTrainer;
import io.streamcast.model.TrainingCodec;
import io.streamcast.model.TrainingWindow;
import io.streamcast.model.Weights;
import io.streamcast.model.WindowCollector;
import io.streamcast.spec.PipelineSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-key half of training: builds each key's tBPTT windows from the observations, skips those that saw
 * an incident, holds every n-th back as a canary, and computes the gradient of the rest against the model
 * version the key currently uses. Gradients are summed per model key within the task and sent to the
 * aggregation every {@code combineWindows} windows or once a second, so the wire carries one gradient per
 * batch, not per window. (A partial sum not yet sent is lost if the task crashes: that costs a few windows
 * of learning, never correctness.) Bad observations are dropped here: the forecast pipeline dead-letters them.
 */
final class WindowProcessor implements Processor<byte[], byte[], byte[], byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(WindowProcessor.class);
    private final PipelineSpec spec;
    private final WeightsSource initial;
    private final TrainingMetrics metrics;
    private final ObservationParser parser;
    private final Forecaster forecaster;
    private final StepWorkspace workspace;
    private final TbpttTrainer trainer;
    private final boolean perKey;
    private final Map<String, Partial> partials = new LinkedHashMap<>();
    private final Set<String> logged = new HashSet<>();
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<Bytes, byte[]> windows;
    private KeyValueStore<Bytes, byte[]> incidents;
    private WeightsSource weights;
    private double[] grad = new double[0];

    /** Gradients of one model key summed within this task. */
    private static final class Partial {
        final double[] grad;
        final long baseVersion;
        long count;
        double loss;
        long firstTs = Long.MAX_VALUE;
        long lastTs = Long.MIN_VALUE;

        Partial(int n, long baseVersion) {
            grad = new double[n];
            this.baseVersion = baseVersion;
        }
    }

    WindowProcessor(PipelineSpec spec, WeightsSource initial, TrainingMetrics metrics) {
        this.spec = spec;
        this.initial = initial;
        this.metrics = metrics;
        this.parser = new ObservationParser(spec.input().maxAbsValue());
        this.forecaster = new Forecaster(spec.modelConfig());
        this.workspace = new StepWorkspace(forecaster.shape());
        this.trainer = new TbpttTrainer(forecaster.shape(), spec.training().onlineConfig());
        this.perKey = spec.model().scope().equals("per-key");
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> ctx) {
        this.context = ctx;
        this.windows = ctx.getStateStore(TrainingTopology.WINDOW_STORE);
        this.incidents = ctx.getStateStore(TrainingTopology.INCIDENT_STORE);
        WeightsSource published = new ModelRegistry(ctx.getStateStore(ForecastTopology.MODEL_STORE), initial,
                forecaster.shape(), metrics::refused);
        // The aggregation's working weights, newer than any published version; the published ones before any.
        WeightsSource working = new ModelRegistry(ctx.getStateStore(TrainingTopology.WORKING_STORE), key -> null,
                forecaster.shape(), metrics::refused).quiet();
        this.weights = key -> {
            Weights p = published.forKey(key);
            Weights w = working.forKey(perKey ? key : ModelRecords.GLOBAL);
            return w == null || w.version() < p.version() ? p : w;
        };
        ctx.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, now -> flushAll());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (record.key() == null || record.key().length == 0) {
            return;
        }
        Observation obs;
        try {
            obs = parser.parse(record.value());
        } catch (ObservationParser.Rejection r) {
            return;
        }
        Bytes storeKey = Bytes.wrap(record.key());
        byte[] stored = windows.get(storeKey);
        WindowCollector c;
        try {
            c = stored == null ? newCollector() : TrainingCodec.decodeCollector(stored);
        } catch (CorruptDataException e) {
            logOnce("corrupt", "a key's training state did not decode (" + e.getMessage() + "); starting it afresh");
            c = newCollector();
        }
        if (c.lastEventTime() != io.streamcast.model.SeriesState.NO_EVENT && obs.ts() <= c.lastEventTime()) {
            return;
        }
        String key = new String(record.key(), StandardCharsets.UTF_8);
        Weights w = weights.forKey(key);
        TrainingWindow window = c.add(forecaster, w, workspace, obs.ts(), obs.value());
        windows.put(storeKey, TrainingCodec.encode(c));
        if (window != null) {
            learn(key, c.windows(), window, w, storeKey);
        }
    }

    private WindowCollector newCollector() {
        TbpttTrainer t = trainer;
        return new WindowCollector(forecaster.shape(), t.config().k1(), t.config().k2());
    }

    private void learn(String key, long index, TrainingWindow window, Weights w, Bytes storeKey) {
        if (spec.training().skipIncidents()
                && IncidentMarker.Incidents.decode(incidents.get(storeKey)).overlaps(window.firstTs(), window.lastTs())) {
            metrics.skippedIncident();
            return;
        }
        String modelKey = perKey ? key : ModelRecords.GLOBAL;
        if ((index - 1) % spec.training().canaryEvery() == 0) {
            metrics.canary();
            send(modelKey, TrainingUpdate.canary(window));
            return;
        }
        Partial p = partials.get(modelKey);
        if (p != null && p.baseVersion != w.version()) {
            flush(modelKey, p);
            p = null;
        }
        if (p == null) {
            p = new Partial(w.size(), w.version());
            partials.put(modelKey, p);
        }
        if (grad.length != w.size()) {
            grad = new double[w.size()];
        }
        double loss = trainer.lossAndGradient(w, window.startState(), window.inputs(), window.targets(),
                window.length(), grad);
        if (!Double.isFinite(loss) || !allFinite(grad)) {
            metrics.rejectedWindow();
            logOnce("window", "rejected a training window of '" + key + "': loss " + loss
                    + (allFinite(grad) ? "" : " and a non-finite gradient") + " under model version " + w.version()
                    + " (counted in streamcast.training.rejected{stage=window}; logged once)");
            return;
        }
        for (int i = 0; i < grad.length; i++) {
            p.grad[i] += grad[i];
        }
        p.count++;
        p.loss += loss;
        p.firstTs = Math.min(p.firstTs, window.firstTs());
        p.lastTs = Math.max(p.lastTs, window.lastTs());
        metrics.window();
        if (p.count >= spec.training().combineWindows()) {
            flush(modelKey, p);
        }
    }

    private void flushAll() {
        for (Map.Entry<String, Partial> e : Map.copyOf(partials).entrySet()) {
            flush(e.getKey(), e.getValue());
        }
    }

    private void flush(String modelKey, Partial p) {
        partials.remove(modelKey);
        if (p.count > 0) {
            send(modelKey, TrainingUpdate.gradient(p.baseVersion, p.count, p.loss, p.firstTs, p.lastTs, p.grad));
        }
    }

    private void send(String modelKey, TrainingUpdate u) {
        context.forward(new Record<>(modelKey.getBytes(StandardCharsets.UTF_8), u.encode(), context.currentStreamTimeMs()),
                TrainingTopology.UPDATES_SINK);
    }

    private void logOnce(String what, String message) {
        if (logged.add(what)) {
            LOG.warn(message);
        }
    }

    private static boolean allFinite(double[] a) {
        for (double v : a) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
