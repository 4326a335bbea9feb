package io.streamcast.streams.forecast;

import io.streamcast.engine.DeadLetterReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The forecast pipeline's meters (Micrometer; exported for Prometheus by the run command). */
public final class PipelineMetrics {
    private final Counter events;
    private final Timer latency;
    private final Map<DeadLetterReason, Counter> deadLetters = new EnumMap<>(DeadLetterReason.class);
    private final Counter alertsWarning;
    private final Counter alertsCritical;
    private final Counter suppressed;
    private final Counter rewarms;
    private final Counter carried;
    private final Counter refused;
    private final Counter scored;
    private final Counter covered;
    private final DistributionSummary scaledError;
    private final AtomicLong modelVersion = new AtomicLong();
    /**
     * The latency timer takes one event in this many: its percentile histograms cost 4 % of the stream thread's
     * time when fed every event, and a sample this dense gives the same percentiles. streamcast.events counts all.
     */
    public static final int LATENCY_EVERY = 16;

    public PipelineMetrics(MeterRegistry registry, String pipeline) {
        events = Counter.builder("streamcast.events").description("Events forecast").tag("pipeline", pipeline)
                .register(registry);
        latency = Timer.builder("streamcast.event.latency")
                .description("Processing time per event, timed on one event in " + LATENCY_EVERY)
                .tag("pipeline", pipeline).publishPercentiles(0.5, 0.99).register(registry);
        for (DeadLetterReason r : DeadLetterReason.values()) {
            deadLetters.put(r, Counter.builder("streamcast.dead.letters").description("Records dead-lettered")
                    .tag("pipeline", pipeline).tag("reason", r.code()).register(registry));
        }
        alertsWarning = alerts(registry, pipeline, "warning");
        alertsCritical = alerts(registry, pipeline, "critical");
        suppressed = Counter.builder("streamcast.alerts.suppressed")
                .description("Incidents that would have opened during a calendar event").tag("pipeline", pipeline)
                .register(registry);
        rewarms = Counter.builder("streamcast.rewarms").description("Keys re-warmed onto a new model version")
                .tag("pipeline", pipeline).register(registry);
        carried = Counter.builder("streamcast.model.carried")
                .description("Keys that moved to an incremental successor version keeping their hidden state")
                .tag("pipeline", pipeline).register(registry);
        refused = Counter.builder("streamcast.models.refused")
                .description("Model records refused (undecodable or the wrong shape)").tag("pipeline", pipeline)
                .register(registry);
        scored = Counter.builder("streamcast.interval.scored").description("Warm forecasts checked against the value")
                .tag("pipeline", pipeline).register(registry);
        covered = Counter.builder("streamcast.interval.covered").description("Values inside their forecast interval")
                .tag("pipeline", pipeline).register(registry);
        scaledError = DistributionSummary.builder("streamcast.forecast.scaled.error")
                .description("|value - forecast| / forecast scale").tag("pipeline", pipeline).register(registry);
        registry.gauge("streamcast.model.version", io.micrometer.core.instrument.Tags.of("pipeline", pipeline),
                modelVersion, AtomicLong::doubleValue);
    }

    /** Meters that go nowhere, for tests and backtests. */
    public static PipelineMetrics detached(String pipeline) {
        return new PipelineMetrics(new SimpleMeterRegistry(), pipeline);
    }

    private static Counter alerts(MeterRegistry r, String pipeline, String severity) {
        return Counter.builder("streamcast.alerts").description("Anomaly incidents opened")
                .tag("pipeline", pipeline).tag("severity", severity).register(r);
    }

    /**
     * Which events a processor times, one in {@link #LATENCY_EVERY}: one per processor, so its count belongs to the
     * processor's stream thread (the meters are shared by every thread of an application).
     */
    static final class LatencySampler {
        private int untimed;

        /** The start of an event to time (pass it to {@link #event}), or -1 for one the timer skips. */
        long start() {
            if (++untimed < LATENCY_EVERY) {
                return -1;
            }
            untimed = 0;
            return System.nanoTime();
        }
    }

    /** @param startNanos what {@link LatencySampler#start} gave at the event's start */
    void event(long startNanos) {
        events.increment();
        if (startNanos >= 0) {
            latency.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        }
    }

    void deadLetter(DeadLetterReason r) {
        deadLetters.get(r).increment();
    }

    void alert(boolean critical) {
        (critical ? alertsCritical : alertsWarning).increment();
    }

    /** An incident that would have opened during a calendar event. */
    void suppressed() {
        suppressed.increment();
    }

    void carried() {
        carried.increment();
    }

    public double suppressedCount() {
        return suppressed.count();
    }

    public double carriedCount() {
        return carried.count();
    }

    void rewarm() {
        rewarms.increment();
    }

    /** Re-warms so far (for tests and summaries). */
    public double rewarmCount() {
        return rewarms.count();
    }

    /** Refused model records so far. */
    public double refusedCount() {
        return refused.count();
    }

    void modelRefused() {
        refused.increment();
    }

    void forecastChecked(boolean inside, double scaledAbsError) {
        scored.increment();
        if (inside) {
            covered.increment();
        }
        scaledError.record(scaledAbsError);
    }

    void modelVersion(long v) {
        modelVersion.set(v);
    }
}
