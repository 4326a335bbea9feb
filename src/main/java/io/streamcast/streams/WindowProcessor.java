package io.streamcast.streams;

import io.streamcast.model.CorruptDataException;
import io.streamcast.model.Forecaster;
import io.streamcast.model.TrainingCodec;
import io.streamcast.model.TrainingWindow;
import io.streamcast.model.Weights;
import io.streamcast.model.WindowCollector;
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
 * The per-key half of training: builds each key's tBPTT windows from the observations (normalised, encoded
 * and stepped exactly as the forecast side does, so each window starts from the hidden state it had),
 * skips those that saw an incident, and sends them to the aggregation of their model key, every n-th marked
 * as a held-back canary. Bad observations are dropped here: the forecast pipeline dead-letters them.
 */
final class WindowProcessor implements Processor<byte[], byte[], byte[], byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(WindowProcessor.class);
    private final PipelineSpec spec;
    private final WeightsSource initial;
    private final TrainingMetrics metrics;
    private final ObservationParser parser;
    private final Forecaster forecaster;
    private final boolean perKey;
    private final int k1;
    private final int k2;
    private final Set<String> logged = new HashSet<>();
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<Bytes, byte[]> windows;
    private KeyValueStore<Bytes, byte[]> incidents;
    private WeightsSource weights;

    WindowProcessor(PipelineSpec spec, WeightsSource initial, TrainingMetrics metrics) {
        this.spec = spec;
        this.initial = initial;
        this.metrics = metrics;
        this.parser = new ObservationParser(spec.input().maxAbsValue());
        this.forecaster = new Forecaster(spec.modelConfig());
        this.k1 = spec.training().onlineConfig().k1();
        this.k2 = spec.training().onlineConfig().k2();
        this.perKey = spec.model().scope().equals("per-key");
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> ctx) {
        this.context = ctx;
        this.windows = ctx.getStateStore(TrainingTopology.WINDOW_STORE);
        this.incidents = ctx.getStateStore(TrainingTopology.INCIDENT_STORE);
        this.weights = new ModelRegistry(ctx.getStateStore(ForecastTopology.MODEL_STORE), initial,
                forecaster.shape(), metrics::refused);
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
        TrainingWindow window = c.add(forecaster, w, obs.ts(), obs.value());
        windows.put(storeKey, TrainingCodec.encode(c));
        if (window != null) {
            route(key, c.windows(), window, storeKey);
        }
    }

    private WindowCollector newCollector() {
        return new WindowCollector(forecaster.shape(), k1, k2);
    }

    private void route(String key, long index, TrainingWindow window, Bytes storeKey) {
        if (spec.training().skipIncidents()
                && IncidentMarker.Incidents.decode(incidents.get(storeKey)).overlaps(window.firstTs(), window.lastTs())) {
            metrics.skippedIncident();
            return;
        }
        String modelKey = perKey ? key : ModelRecords.GLOBAL;
        if ((index - 1) % spec.training().canaryEvery() == 0) {
            metrics.canary();
            send(modelKey, new TrainingUpdate(window, true));
            return;
        }
        metrics.window();
        send(modelKey, new TrainingUpdate(window, false));
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
