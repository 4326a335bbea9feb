package io.streamcast.streams;

import io.streamcast.anomaly.AnomalyResult;
import io.streamcast.anomaly.AnomalyScorer;
import io.streamcast.model.Forecaster;
import io.streamcast.model.SeriesState;
import io.streamcast.model.SeriesStateCodec;
import io.streamcast.model.StepResult;
import io.streamcast.model.Weights;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * ForecastProcessor's per-event sequence without Kafka: parse the JSON, decode the key's state, step the
 * forecaster, score, encode the state, write the output JSON, update the meters. The state store is a plain
 * array of encoded states over 1000 keys; 64 fresh events per key are precomputed, after which every state
 * is reset to its warm snapshot so timestamps keep increasing. Weights are fixed: no re-warm happens.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@State(Scope.Thread)
public class ProcessorPathBenchmark {
    private static final int STEPS = 64;

    private BenchFixture fx;
    private ObservationParser parser;
    private Forecaster forecaster;
    private AnomalyScorer scorer;
    private final OutputJson json = new OutputJson();
    private PipelineMetrics metrics;
    private WeightsSource weights;
    private byte[][] snapshot;
    private byte[][] states;
    private byte[][] events;
    private int next;

    @Setup
    public void setup() {
        fx = new BenchFixture();
        parser = new ObservationParser(fx.spec.input().maxAbsValue());
        forecaster = new Forecaster(fx.spec.modelConfig());
        scorer = new AnomalyScorer(fx.spec.anomalyConfig());
        metrics = PipelineMetrics.detached(fx.spec.name());
        weights = WeightsSource.fixed(fx.weights);
        snapshot = fx.warmStates();
        states = snapshot.clone();
        events = new byte[BenchFixture.KEYS * STEPS][];
        for (int i = 0; i < events.length; i++) {
            events[i] = BenchFixture.json(i % BenchFixture.KEYS, BenchFixture.WARM + i / BenchFixture.KEYS);
        }
    }

    @Benchmark
    public void event(Blackhole bh) throws ObservationParser.Rejection {
        if (next == events.length) {
            System.arraycopy(snapshot, 0, states, 0, states.length);
            next = 0;
        }
        int k = next % BenchFixture.KEYS;
        process(k, fx.keys[k], events[next++], bh);
    }

    /** Decode and re-encode one warm state: the codec's share of {@link #event}. */
    @Benchmark
    public byte[] codec() {
        int k = next++ % BenchFixture.KEYS;
        return SeriesStateCodec.encode(SeriesStateCodec.decode(snapshot[k]));
    }

    /** ForecastProcessor.process line for line; store and context.forward replaced, the no-op hooks left out. */
    private void process(int k, byte[] keyBytes, byte[] value, Blackhole bh) throws ObservationParser.Rejection {
        long start = System.nanoTime();
        Observation obs = parser.parse(value);
        String key = new String(keyBytes, StandardCharsets.UTF_8);
        byte[] stored = states[k];
        SeriesState state = stored == null ? forecaster.newState() : SeriesStateCodec.decode(stored);
        if (state.lastEventTime() != SeriesState.NO_EVENT && obs.ts() <= state.lastEventTime()) {
            throw new IllegalStateException("out of order: the benchmark would time the dead-letter path");
        }
        Weights w = weights.forKey(key);
        if (state.steps() > 0 && state.modelVersion() != w.version()) {
            forecaster.rewarm(state, w);
            metrics.rewarm();
        }
        StepResult r = forecaster.step(state, w, obs.ts(), obs.value());
        AnomalyResult a = scorer.score(state.anomalyStats(), obs.value(), r.previousMean(), r.previousScale(),
                r.warm());
        states[k] = SeriesStateCodec.encode(state);
        if (r.warm() && Double.isFinite(r.previousMean())) {
            double half = forecaster.intervalQuantile() * r.previousScale();
            double err = Math.abs(obs.value() - r.previousMean());
            metrics.forecastChecked(err <= half, err / r.previousScale());
        }
        bh.consume(json.forecast(key, obs.ts(), obs.value(), r.mean(), r.lower(), r.upper(), r.scale(), w.version(),
                a.score(), a.likelihood(), r.warm(), ForecastEngine.Swap.NONE));
        if (a.alert() != AnomalyResult.Alert.NONE) {
            boolean opened = a.alert() == AnomalyResult.Alert.OPENED;
            double half = forecaster.intervalQuantile() * r.previousScale();
            String severity = opened ? a.severity().name().toLowerCase() : null;
            String cause = opened ? a.cause().name().toLowerCase() : null;
            bh.consume(json.alert(key, obs.ts(), obs.value(), r.previousMean(), r.previousMean() - half,
                    r.previousMean() + half, a.score(), a.likelihood(), severity, cause,
                    opened ? "open" : "resolved"));
            if (opened) {
                metrics.alert(a.severity() == AnomalyResult.Severity.CRITICAL);
            }
        }
        metrics.modelVersion(w.version());
        metrics.event(start);
    }
}
