package io.streamcast.streams.forecast;

import io.streamcast.anomaly.AnomalyResult;
import io.streamcast.calendar.LiveCalendar;
import io.streamcast.engine.DeadLetterReason;
import io.streamcast.engine.EventOutcome;
import io.streamcast.engine.ForecastEngine;
import io.streamcast.engine.Observation;
import io.streamcast.engine.ObservationParser;
import io.streamcast.engine.ReorderBuffer;
import io.streamcast.engine.Swap;
import io.streamcast.engine.WeightsSource;
import io.streamcast.model.Ahead;
import io.streamcast.model.CorruptDataException;
import io.streamcast.model.Forecast;
import io.streamcast.model.SeriesState;
import io.streamcast.model.LiveStateCodec;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.streams.models.ModelRegistry;
import io.streamcast.streams.models.ModelStoreLoader;
import io.streamcast.topics.AlertRecord;
import io.streamcast.topics.DeadLetters;
import io.streamcast.topics.ForecastRecord;
import io.streamcast.topics.RecordJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The per-event path around {@link ForecastEngine}: parse the record, load the key's state, let the engine
 * take the event, then store the state and emit the next forecast (and an alert when an incident opens or
 * closes). Whatever the engine or the parser rejects goes to the dead-letter sink untouched, and the state
 * is not written.
 */
final class ForecastProcessor<V> implements Processor<byte[], byte[], byte[], V> {
    /**
     * Where the outputs go: the pipeline's own topology forwards JSON to its three sinks by name; a user's
     * topology ({@link Forecasting}) gets one typed stream to split.
     */
    interface Outputs<V> {
        void forecast(ProcessorContext<byte[], V> ctx, byte[] key, ForecastRecord r, long timestamp);

        void alert(ProcessorContext<byte[], V> ctx, byte[] key, AlertRecord a, long timestamp);

        /** The input record as it came, with the dead-letter headers. */
        void deadLetter(ProcessorContext<byte[], V> ctx, Record<byte[], byte[]> annotated);
    }

    /** The pipeline's topology: JSON to the named sinks. */
    static Outputs<byte[]> toSinks() {
        RecordJson json = new RecordJson();
        return new Outputs<>() {
            @Override
            public void forecast(ProcessorContext<byte[], byte[]> ctx, byte[] key, ForecastRecord r, long timestamp) {
                ctx.forward(new Record<>(key, json.write(r), timestamp), ForecastTopology.FORECASTS_SINK);
            }

            @Override
            public void alert(ProcessorContext<byte[], byte[]> ctx, byte[] key, AlertRecord a, long timestamp) {
                ctx.forward(new Record<>(key, json.write(a), timestamp), ForecastTopology.ALERTS_SINK);
            }

            @Override
            public void deadLetter(ProcessorContext<byte[], byte[]> ctx, Record<byte[], byte[]> annotated) {
                ctx.forward(annotated, ForecastTopology.DEAD_LETTER_SINK);
            }
        };
    }

    private final Outputs<V> outputs;
    private final WeightsSource initial;
    private WeightsSource weights;
    private final PipelineMetrics metrics;
    private final PipelineMetrics.LatencySampler sampler = new PipelineMetrics.LatencySampler();
    private final ProcessorHooks hooks;
    private final RecentHistory history;
    private final LiveCalendar calendar;
    private final ObservationParser parser;
    private final ForecastEngine engine;
    private ProcessorContext<byte[], V> context;
    private KeyValueStore<Bytes, byte[]> store;
    /** Each key's ring of recent inputs in segments, one written every LiveStateCodec.SEGMENT steps. */
    private KeyValueStore<Bytes, byte[]> ringStore;
    /** Memory for the states of the keys this task saved last: about this many bytes, decoded. */
    static final int DECODED_BYTES = 16 << 20;
    private final DecodedStates decoded;
    /** Each key's events waiting out input.lateGraceMs; with no grace there is none. */
    private KeyValueStore<Bytes, byte[]> waitingStore;

    ForecastProcessor(PipelineSpec spec, WeightsSource weights, PipelineMetrics metrics, ProcessorHooks hooks,
                      RecentHistory history, LiveCalendar calendar, Outputs<V> outputs) {
        this.outputs = outputs;
        this.history = history;
        this.initial = weights;
        this.metrics = metrics;
        this.hooks = hooks;
        this.parser = new ObservationParser(spec.input().maxAbsValue());
        this.calendar = calendar;
        this.engine = new ForecastEngine(spec, calendar);
        int stateBytes = 16 * spec.model().window() + 8 * engine.forecaster().shape().stateSize() + 512;
        this.decoded = new DecodedStates(Math.max(64, DECODED_BYTES / stateBytes));
    }

    @Override
    public void init(ProcessorContext<byte[], V> ctx) {
        this.context = ctx;
        decoded.clear(); // init runs again when a task is revived, its stores restored to what was committed
        this.store = ctx.getStateStore(ForecastTopology.STATE_STORE);
        this.ringStore = ctx.getStateStore(ForecastTopology.RING_STORE);
        this.waitingStore = !engine.hasGrace() ? null : ctx.getStateStore(ForecastTopology.WAITING_STORE);
        CalendarStoreLoader.refresh(calendar, ctx.getStateStore(CalendarStoreLoader.STORE));
        this.weights = new ModelRegistry(ctx.getStateStore(ModelStoreLoader.STORE), initial,
                engine.forecaster().shape(), metrics::modelRefused);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        long start = sampler.start();
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
            state = decoded.take(storeKey, stored);
            if (state == null) {
                state = stored == null ? engine.newState()
                        : LiveStateCodec.decode(stored, slot -> ringStore.get(Bytes.wrap(LiveStateCodec.ringKey(keyBytes,
                                slot))), decoded.scratch());
            }
        } catch (CorruptDataException e) {
            deadLetter(record, DeadLetterReason.CORRUPT_STATE, e.getMessage());
            return;
        }
        if (!engine.hasGrace()) {
            EventOutcome outcome = engine.process(key, state, obs, record.timestamp(), weights);
            if (outcome instanceof EventOutcome.Rejected why) {
                deadLetter(record, why.reason(), why.detail());
                return;
            }
            save(storeKey, state);
            emit(key, keyBytes, obs, (EventOutcome.Stepped) outcome, state, record.timestamp());
        } else if (!throughGrace(record, key, storeKey, state, obs)) {
            return;
        }
        metrics.event(start);
    }

    /** With input.lateGraceMs: the event waits its turn; the ones now due are stepped in time order. */
    private boolean throughGrace(Record<byte[], byte[]> record, String key, Bytes storeKey, SeriesState state,
                                 Observation obs) {
        List<ReorderBuffer.Pending> waiting;
        try {
            waiting = ReorderBuffer.decode(waitingStore.get(storeKey));
        } catch (CorruptDataException e) {
            // An unusable event is refused for what it is, whatever the key's stored events.
            EventOutcome.Rejected unusable = engine.check(obs, record.timestamp());
            EventOutcome.Rejected why = unusable != null ? unusable
                    : new EventOutcome.Rejected(DeadLetterReason.CORRUPT_STATE, e.getMessage());
            deadLetter(record, why.reason(), why.detail());
            return false;
        }
        List<ReorderBuffer.Pending> due = new ArrayList<>();
        EventOutcome.Rejected refused = engine.admit(state, waiting, obs, record.timestamp(), due);
        if (refused != null) {
            deadLetter(record, refused.reason(), refused.detail());
            return false;
        }
        for (ReorderBuffer.Pending p : due) {
            Observation o = new Observation(p.ts(), p.value());
            EventOutcome outcome = engine.process(key, state, o, p.recordTime(), weights);
            if (outcome instanceof EventOutcome.Stepped out) {
                emit(key, record.key(), o, out, state, p.recordTime());
            } else if (outcome instanceof EventOutcome.Rejected why) { // checked on arrival: not expected
                deadLetter(record, why.reason(), why.detail() + " (an event that waited, at ts " + p.ts() + ")");
            }
        }
        if (!due.isEmpty()) {
            save(storeKey, state);
        }
        waitingStore.put(storeKey, waiting.isEmpty() ? null : ReorderBuffer.encode(waiting));
        return true;
    }

    private void save(Bytes storeKey, SeriesState state) {
        LiveStateCodec.Split split = LiveStateCodec.encode(state);
        for (int i = 0; i < split.segmentCount(); i++) {
            ringStore.put(Bytes.wrap(LiveStateCodec.ringKey(storeKey.get(), split.slot(i))), split.segment(i));
        }
        if (split.dropsWholeRing()) {
            ringStore.put(storeKey, null);
        }
        store.put(storeKey, split.head());
        decoded.saved(storeKey, split.head(), state);
    }

    /** The forecast (and alert) of a stepped event, timestamped with its input record's time. */
    private void emit(String key, byte[] keyBytes, Observation obs, EventOutcome.Stepped out, SeriesState state,
                      long timestamp) {
        if (out.swap() == Swap.CARRIED) {
            metrics.carried();
        } else if (out.swap() == Swap.REWARMED) {
            metrics.rewarm();
        }
        Forecast scored = out.scored();
        if (scored.counts()) {
            metrics.forecastChecked(scored.covers(obs.value()), Math.abs(obs.value() - scored.mean()) / scored.scale());
        }
        Ahead ahead = engine.ahead(key, state, weights);
        outputs.forecast(context, keyBytes, ForecastRecord.of(key, obs.ts(), obs.value(), out, ahead), timestamp);
        AlertRecord alert = AlertRecord.of(key, obs.ts(), obs.value(), out);
        if (alert != null) {
            outputs.alert(context, keyBytes, alert, timestamp);
            if (alert.kind() == AnomalyResult.Alert.OPENED) {
                metrics.alert(alert.severity() == AnomalyResult.Severity.CRITICAL);
            } else if (alert.kind() == AnomalyResult.Alert.SUPPRESSED) {
                metrics.suppressed();
            }
        }
        metrics.modelVersion(out.version());
        history.record(key, obs.ts(), obs.value(), out, ahead);
        hooks.afterEvent(key, obs.ts());
    }

    private void deadLetter(Record<byte[], byte[]> record, DeadLetterReason reason, String detail) {
        metrics.deadLetter(reason);
        outputs.deadLetter(context, DeadLetters.annotate(record, reason, detail, context));
    }
}
