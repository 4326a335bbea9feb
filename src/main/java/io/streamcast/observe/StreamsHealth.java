package io.streamcast.observe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;

/**
 * Liveness and readiness of the Kafka Streams applications of this process (forecast, training or both).
 * Alive while no application has failed or stopped and none is stuck: a rebalance or a restore is work in
 * progress, not a reason to restart the process, but one that has neither read nor processed a record for
 * {@link #STUCK_AFTER} while not RUNNING is stuck (a transaction a crash left open holds a restore for good).
 * Ready only when every application is RUNNING (none registered: not ready).
 */
public final class StreamsHealth {
    /** How long an application may stay out of RUNNING without reading or processing a record. */
    public static final Duration STUCK_AFTER = Duration.ofMinutes(5);
    /** States of an application that will not process again without a restart. */
    private static final Set<State> DEAD = EnumSet.of(State.PENDING_ERROR, State.ERROR, State.PENDING_SHUTDOWN,
            State.NOT_RUNNING);
    private final Map<String, App> apps = new ConcurrentSkipListMap<>();
    private final MeterRegistry registry;
    private final LongSupplier nanoTime;
    private final long stuckAfterNanos;

    /** One application: its state, a count that moves while it reads or processes, and when it last moved. */
    private static final class App {
        final Supplier<State> state;
        final LongSupplier progress;
        long lastProgress = Long.MIN_VALUE;
        long lastMoved;

        App(Supplier<State> state, LongSupplier progress, long now) {
            this.state = state;
            this.progress = progress;
            this.lastMoved = now;
        }

        /** Nanoseconds since the application last read or processed a record, or was RUNNING. */
        synchronized long idle(State s, long now) {
            long p = progress.getAsLong();
            if (s == State.RUNNING || p != lastProgress) {
                lastProgress = p;
                lastMoved = now;
            }
            return now - lastMoved;
        }
    }

    /** @param registry where the {@code streamcast.application.running} gauges go (null: none) */
    public StreamsHealth(MeterRegistry registry) {
        this(registry, System::nanoTime, STUCK_AFTER);
    }

    StreamsHealth(MeterRegistry registry, LongSupplier nanoTime, Duration stuckAfter) {
        this.registry = registry;
        this.nanoTime = nanoTime;
        this.stuckAfterNanos = stuckAfter.toNanos();
    }

    /** @param role "forecast" or "training": the name shown in the JSON and the gauge's tag */
    public void register(String role, KafkaStreams streams) {
        register(role, streams::state, () -> recordsMoved(streams));
    }

    void register(String role, Supplier<State> state, LongSupplier progress) {
        apps.put(role, new App(state, progress, nanoTime.getAsLong()));
        if (registry != null) {
            Gauge.builder("streamcast.application.running", state, s -> s.get() == State.RUNNING ? 1 : 0)
                    .description("1 while the Kafka Streams application is RUNNING (0: starting, rebalancing, "
                            + "restoring, failed or stopped)").tag("application", role).register(registry);
        }
    }

    /** Records its consumers (main, restore, global) have read plus records its threads have processed. */
    private static long recordsMoved(KafkaStreams streams) {
        double sum = 0;
        for (var m : streams.metrics().entrySet()) {
            String name = m.getKey().name();
            if (name.equals("records-consumed-total") || name.equals("process-total")) {
                Object v = m.getValue().metricValue();
                sum += v instanceof Number n && Double.isFinite(n.doubleValue()) ? n.doubleValue() : 0;
            }
        }
        return (long) sum;
    }

    public boolean alive() {
        return alive(snapshot());
    }

    public boolean ready() {
        return ready(snapshot());
    }

    /**
     * {@code {"status": "up"|"down"|"ready"|"not-ready", "applications": {"forecast": "RUNNING", ...}}}, and
     * {@code "stuck": {"forecast": "..."}} for an application that has made no progress for too long.
     */
    ObjectNode json(boolean readiness) {
        return json(snapshot(), readiness);
    }

    /** Answers a probe: the status code and the body from one look at the applications, so they agree. */
    void send(HttpExchange ex, boolean readiness) throws IOException {
        Map<String, Status> now = snapshot();
        boolean ok = readiness ? ready(now) : alive(now);
        HttpJson.send(ex, ok ? 200 : 503, json(now, readiness));
    }

    private static ObjectNode json(Map<String, Status> now, boolean readiness) {
        ObjectNode n = HttpJson.object();
        n.put("status", readiness ? (ready(now) ? "ready" : "not-ready") : (alive(now) ? "up" : "down"));
        ObjectNode states = n.putObject("applications");
        now.forEach((role, s) -> states.put(role, s.state().name()));
        if (now.values().stream().anyMatch(Status::stuck)) {
            ObjectNode stuck = n.putObject("stuck");
            now.forEach((role, s) -> {
                if (s.stuck()) {
                    stuck.put(role, s.state() + " for " + s.idleSeconds() + " s without reading or processing a "
                            + "record; a transaction that a crash left open can hold a restore for good "
                            + "(operations.md, \"a crash of the broker mid-transaction\")");
                }
            });
        }
        return n;
    }

    /** An application's state now, and whether it is stuck in it. */
    private record Status(State state, long idleSeconds, boolean stuck) {
    }

    private Map<String, Status> snapshot() {
        Map<String, Status> m = new TreeMap<>();
        long now = nanoTime.getAsLong();
        apps.forEach((role, app) -> {
            State s = app.state.get();
            long idle = app.idle(s, now);
            m.put(role, new Status(s, idle / 1_000_000_000L, !DEAD.contains(s) && idle > stuckAfterNanos));
        });
        return m;
    }

    private static boolean alive(Map<String, Status> states) {
        return states.values().stream().noneMatch(s -> DEAD.contains(s.state()) || s.stuck());
    }

    private static boolean ready(Map<String, Status> states) {
        return !states.isEmpty() && states.values().stream().allMatch(s -> s.state() == State.RUNNING);
    }
}
