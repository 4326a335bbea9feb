package io.streamcast.streams.forecast;

import io.streamcast.streams.models.ModelStoreLoader;
import io.streamcast.engine.DeadLetterReason;
import io.streamcast.engine.ForecastEngine;
import io.streamcast.engine.Observation;
import io.streamcast.engine.ObservationParser;
import io.streamcast.engine.WeightsSource;
import io.streamcast.streams.models.ModelRegistry;
import io.streamcast.topics.DeadLetters;
import io.streamcast.topics.OutputJson;
import io.streamcast.anomaly.AnomalyResult;
import io.streamcast.model.CorruptDataException;
import io.streamcast.model.SeriesState;
import io.streamcast.model.SeriesStateCodec;
import io.streamcast.model.StepResult;
import io.streamcast.spec.PipelineSpec;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The per-event path: validate, load the key's state, score the arrival against the forecast made for it,
 * advance the RNN one step, store the state, emit the next forecast (and an alert when an incident opens
 * or closes). Anything unusable goes to the dead-letter sink untouched, and the state is not written.
 */
final class ForecastProcessor implements Processor<byte[], byte[], byte[], byte[]> {
    private final PipelineSpec spec;
    private final WeightsSource initial;
    private WeightsSource weights;
    private final PipelineMetrics metrics;
    private final ProcessorHooks hooks;
    private final ObservationParser parser;
    private final ForecastEngine engine;
    private final OutputJson json = new OutputJson();
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<Bytes, byte[]> store;

    ForecastProcessor(PipelineSpec spec, WeightsSource weights, PipelineMetrics metrics, ProcessorHooks hooks) {
        this.spec = spec;
        this.initial = weights;
        this.metrics = metrics;
        this.hooks = hooks;
        this.parser = new ObservationParser(spec.input().maxAbsValue());
        this.engine = new ForecastEngine(spec);
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> ctx) {
        this.context = ctx;
        this.store = ctx.getStateStore(ForecastTopology.STATE_STORE);
        this.weights = new ModelRegistry(ctx.getStateStore(ModelStoreLoader.STORE), initial,
                engine.forecaster().shape(), metrics::modelRefused);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        long start = System.nanoTime();
        byte[] keyBytes = record.key();
        if (keyBytes == null || keyBytes.length == 0) {
            deadLetter(record, DeadLetterReason.NULL_KEY, keyBytes == null ? "record has no key" : "key is empty");
            return;
        }
        Observation obs;
        try {
            obs = parser.parse(record.value());
        } catch (ObservationParser.Rejection r) {
            deadLetter(record, r.reason(), r.getMessage());
            return;
        }
        String key = new String(keyBytes, StandardCharsets.UTF_8);
        Bytes storeKey = Bytes.wrap(keyBytes);
        byte[] stored = store.get(storeKey);
        SeriesState state;
        try {
            state = stored == null ? engine.newState() : SeriesStateCodec.decode(stored);
        } catch (CorruptDataException e) {
            deadLetter(record, DeadLetterReason.CORRUPT_STATE, e.getMessage());
            return;
        }
        String late = ForecastEngine.outOfOrder(state, obs);
        if (late != null) {
            deadLetter(record, DeadLetterReason.OUT_OF_ORDER, late);
            return;
        }
        ForecastEngine.Outcome out = engine.step(key, state, obs, weights);
        if (out.swap() == ForecastEngine.Swap.CARRIED) {
            metrics.carried();
        } else if (out.swap() == ForecastEngine.Swap.REWARMED) {
            metrics.rewarm();
        }
        StepResult r = out.step();
        AnomalyResult a = out.anomaly();
        store.put(storeKey, SeriesStateCodec.encode(state));

        if (r.warm() && Double.isFinite(r.previousMean())) {
            double half = engine.forecaster().intervalQuantile() * r.previousScale();
            double err = Math.abs(obs.value() - r.previousMean());
            metrics.forecastChecked(err <= half, err / r.previousScale());
        }
        context.forward(new Record<>(keyBytes, json.forecast(key, obs.ts(), obs.value(), r.mean(), r.lower(),
                r.upper(), r.scale(), out.version(), a.score(), a.likelihood(), r.warm(), out.swap()), record.timestamp()),
                ForecastTopology.FORECASTS_SINK);
        if (a.alert() != AnomalyResult.Alert.NONE) {
            boolean opened = a.alert() == AnomalyResult.Alert.OPENED;
            double half = engine.forecaster().intervalQuantile() * r.previousScale();
            String severity = opened ? a.severity().name().toLowerCase() : null;
            String cause = opened ? a.cause().name().toLowerCase() : null;
            context.forward(new Record<>(keyBytes, json.alert(key, obs.ts(), obs.value(), r.previousMean(),
                    r.previousMean() - half, r.previousMean() + half, a.score(), a.likelihood(), severity, cause,
                    opened ? "open" : "resolved"), record.timestamp()), ForecastTopology.ALERTS_SINK);
            if (opened) {
                metrics.alert(a.severity() == AnomalyResult.Severity.CRITICAL);
            }
        }
        metrics.modelVersion(out.version());
        metrics.event(start);
        hooks.afterEvent(key, obs.ts());
    }

    private void deadLetter(Record<byte[], byte[]> record, DeadLetterReason reason, String detail) {
        metrics.deadLetter(reason);
        context.forward(DeadLetters.annotate(record, reason, detail, context), ForecastTopology.DEAD_LETTER_SINK);
    }
}
