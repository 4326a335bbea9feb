package io.streamcast.streams.training;

import io.streamcast.training.IncidentSpans;
import io.streamcast.training.TrainingPolicy;
import io.streamcast.model.NetworkShape;
import io.streamcast.topics.ForecastRecord;
import io.streamcast.topics.RecordJson;
import io.streamcast.streams.models.ModelStoreLoader;
import io.streamcast.engine.WeightsSource;
import io.streamcast.streams.models.ModelRegistry;
import io.streamcast.topics.ModelRecords;
import io.streamcast.topics.TrainingUpdate;
import io.streamcast.model.CorruptDataException;
import io.streamcast.model.Forecaster;
import io.streamcast.model.SeriesState;
import io.streamcast.training.TrainingCodec;
import io.streamcast.model.TrainingWindow;
import io.streamcast.model.Weights;
import io.streamcast.training.WindowCollector;
import io.streamcast.spec.PipelineSpec;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-key half of training: builds each key's tBPTT windows from the forecast pipeline's output (its
 * values are validated, and it is never ahead of the forecast side, so alerts about a window exist by the time
 * it completes), normalised, encoded and stepped exactly as the forecast side does, so each window starts
 * from the hidden state the key had. It skips windows that saw an incident or an event whose own likelihood
 * reached the alert trigger, and sends the rest to the aggregation of their model key, every n-th marked as a
 * held-back canary.
 */
final class WindowProcessor implements Processor<byte[], byte[], byte[], byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(WindowProcessor.class);
    private final WeightsSource initial;
    private final TrainingMetrics metrics;
    private final TrainingPolicy policy;
    private final NetworkShape shape;
    private final Set<String> logged = new HashSet<>();
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<Bytes, byte[]> windows;
    private KeyValueStore<Bytes, byte[]> incidents;
    private WeightsSource weights;

    WindowProcessor(PipelineSpec spec, WeightsSource initial, TrainingMetrics metrics) {
        this.initial = initial;
        this.metrics = metrics;
        this.policy = new TrainingPolicy(spec);
        this.shape = spec.modelConfig().shape();
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> ctx) {
        this.context = ctx;
        this.windows = ctx.getStateStore(TrainingTopology.WINDOW_STORE);
        this.incidents = ctx.getStateStore(TrainingTopology.INCIDENT_STORE);
        this.weights = new ModelRegistry(ctx.getStateStore(ModelStoreLoader.STORE), initial,
                shape, metrics::refused);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (record.key() == null || record.key().length == 0) {
            return;
        }
        long ts;
        double value;
        double likelihood;
        boolean known;
        try {
            ForecastRecord f = RecordJson.readForecast(record.value());
            ts = f.ts();
            value = f.value();
            likelihood = Double.isNaN(f.likelihood()) ? 0 : f.likelihood();
            known = f.calendar() != null;
        } catch (CorruptDataException e) {
            return; // not a forecast record: the forecast pipeline writes this topic, so this is not expected
        }
        if (!Double.isFinite(value)) {
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
        if (c.lastEventTime() != SeriesState.NO_EVENT && ts <= c.lastEventTime()) {
            return;
        }
        IncidentSpans before = IncidentSpans.decode(incidents.get(storeKey));
        IncidentSpans spans = policy.afterForecast(before, ts, likelihood, known);
        if (spans != before) {
            incidents.put(storeKey, spans.encode());
        }
        String key = new String(record.key(), StandardCharsets.UTF_8);
        Weights w = weights.forKey(key);
        TrainingWindow window = policy.collect(c, w, ts, value);
        windows.put(storeKey, TrainingCodec.encode(c));
        if (window != null) {
            route(key, c.windows(), window, spans);
        }
    }

    private WindowCollector newCollector() {
        return policy.newCollector();
    }

    private void route(String key, long index, TrainingWindow window, IncidentSpans spans) {
        String modelKey = policy.modelKey(key);
        switch (policy.route(index, window, spans)) {
            case SKIP_INCIDENT -> metrics.skippedIncident();
            case CANARY -> {
                metrics.canary();
                send(modelKey, new TrainingUpdate(window, true));
            }
            case LEARN -> {
                metrics.window();
                send(modelKey, new TrainingUpdate(window, false));
            }
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
}
