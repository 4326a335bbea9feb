package io.streamcast.streams.forecast;

import io.streamcast.bench.AverageTimeBenchmark;
import io.streamcast.engine.EventOutcome;
import io.streamcast.engine.ForecastEngine;
import io.streamcast.engine.Observation;
import io.streamcast.engine.ObservationParser;
import io.streamcast.engine.WeightsSource;
import io.streamcast.topics.AlertRecord;
import io.streamcast.topics.ForecastRecord;
import io.streamcast.topics.RecordJson;
import io.streamcast.anomaly.AnomalyResult;
import io.streamcast.model.Forecast;
import io.streamcast.model.SeriesState;
import io.streamcast.model.LiveStateCodec;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * ForecastProcessor's per-event sequence without Kafka: parse the JSON, load the key's state, step the forecaster,
 * score, encode the state (its head, and a ring segment every 16 steps), write the output JSON, update the meters.
 * The state stores are plain arrays of heads and ring segments over 1000 keys; 64 fresh events per key are precomputed,
 * after which every state is reset to its warm snapshot so timestamps keep increasing. As in production, a key
 * whose stored head is the one saved last takes its state from memory ({@link DecodedStates}), else it is decoded:
 * here once per key in 64 events, after each reset. Weights are fixed: no re-warm happens. The console's recent
 * points are kept as `run` keeps them (1,000 per key); they start afresh with each reset, so the rings' first
 * growth (64 points a key) is counted in: an upper bound on what a long run pays.
 */
public class ProcessorPathBenchmark extends AverageTimeBenchmark {
    private static final int STEPS = 64;

    private BenchFixture fx;
    private ObservationParser parser;
    private ForecastEngine engine;
    private final RecordJson json = new RecordJson();
    private PipelineMetrics metrics;
    private final PipelineMetrics.LatencySampler sampler = new PipelineMetrics.LatencySampler();
    private WeightsSource weights;
    private BenchFixture.Stored[] snapshot;
    private byte[][] heads;
    private byte[][][] segments;
    private byte[][] events;
    private int next;
    private RecentHistory history;
    private final DecodedStates decoded = new DecodedStates(BenchFixture.KEYS);

    @Setup
    public void setup() {
        fx = new BenchFixture();
        parser = new ObservationParser(fx.spec.input().maxAbsValue());
        engine = new ForecastEngine(fx.spec);
        metrics = PipelineMetrics.detached(fx.spec.name());
        weights = WeightsSource.fixed(fx.weights);
        snapshot = fx.warmStates();
        heads = new byte[snapshot.length][];
        segments = new byte[snapshot.length][][];
        reset();
        history = new RecentHistory(1000, BenchFixture.KEYS);
        events = new byte[BenchFixture.KEYS * STEPS][];
        for (int i = 0; i < events.length; i++) {
            events[i] = BenchFixture.json(i % BenchFixture.KEYS, BenchFixture.WARM + i / BenchFixture.KEYS);
        }
    }

    @Benchmark
    public void event(Blackhole bh) throws ObservationParser.Rejection {
        if (next == events.length) {
            reset();
            history = new RecentHistory(1000, BenchFixture.KEYS);
            next = 0;
        }
        int k = next % BenchFixture.KEYS;
        process(k, fx.keys[k], events[next++], bh);
    }

    private void reset() {
        for (int k = 0; k < snapshot.length; k++) {
            heads[k] = snapshot[k].head();
            segments[k] = snapshot[k].segments().clone();
        }
    }

    /** Decode one warm state from its head and ring and encode its head again: the codec's share of {@link #event}. */
    @Benchmark
    public byte[] codec() {
        int k = next++ % BenchFixture.KEYS;
        return LiveStateCodec.encode(LiveStateCodec.decode(snapshot[k].head(), snapshot[k].rings())).head();
    }

    /** ForecastProcessor.process line for line; store and context.forward replaced, the no-op hooks left out. */
    private void process(int k, byte[] keyBytes, byte[] value, Blackhole bh) throws ObservationParser.Rejection {
        long start = sampler.start();
        Observation obs = parser.parse(value);
        String key = new String(keyBytes, StandardCharsets.UTF_8);
        byte[] head = heads[k];
        Bytes storeKey = Bytes.wrap(keyBytes);
        SeriesState state = decoded.take(storeKey, head);
        if (state == null) {
            state = head == null ? engine.newState() : LiveStateCodec.decode(head,
                    new BenchFixture.Stored(head, segments[k]).rings(), decoded.scratch());
        }
        if (!(engine.process(key, state, obs, ForecastEngine.NO_RECORD_TIME, weights) instanceof EventOutcome.Stepped out)) {
            throw new IllegalStateException("rejected: the benchmark would time the dead-letter path");
        }
        LiveStateCodec.Split split = LiveStateCodec.encode(state);
        for (int i = 0; i < split.segmentCount(); i++) {
            segments[k][split.slot(i)] = split.segment(i);
        }
        heads[k] = split.head();
        decoded.saved(storeKey, split.head(), state);
        Forecast scored = out.scored();
        if (scored.counts()) {
            metrics.forecastChecked(scored.covers(obs.value()), Math.abs(obs.value() - scored.mean()) / scored.scale());
        }
        bh.consume(json.write(ForecastRecord.of(key, obs.ts(), obs.value(), out)));
        AlertRecord alert = AlertRecord.of(key, obs.ts(), obs.value(), out);
        if (alert != null) {
            bh.consume(json.write(alert));
            if (alert.kind() == AnomalyResult.Alert.OPENED) {
                metrics.alert(alert.severity() == AnomalyResult.Severity.CRITICAL);
            } else if (alert.kind() == AnomalyResult.Alert.SUPPRESSED) {
                metrics.suppressed();
            }
        }
        metrics.modelVersion(out.version());
        history.record(key, obs.ts(), obs.value(), out);
        metrics.event(start);
    }
}
