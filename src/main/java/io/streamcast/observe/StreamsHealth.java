package io.streamcast.observe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;

/**
 * Liveness and readiness of the Kafka Streams applications of this process (forecast, training or both).
 * Alive while no application has failed or stopped: a rebalance or a restore is work in progress, not a
 * reason to restart the process. Ready only when every application is RUNNING (none registered: not ready).
 */
public final class StreamsHealth {
    /** States of an application that will not process again without a restart. */
    private static final Set<State> DEAD = EnumSet.of(State.PENDING_ERROR, State.ERROR, State.PENDING_SHUTDOWN,
            State.NOT_RUNNING);
    private final Map<String, Supplier<State>> apps = new ConcurrentSkipListMap<>();
    private final MeterRegistry registry;

    /** @param registry where the {@code streamcast.application.running} gauges go (null: none) */
    public StreamsHealth(MeterRegistry registry) {
        this.registry = registry;
    }

    /** @param role "forecast" or "training": the name shown in the JSON and the gauge's tag */
    public void register(String role, KafkaStreams streams) {
        register(role, streams::state);
    }

    void register(String role, Supplier<State> state) {
        apps.put(role, state);
        if (registry != null) {
            Gauge.builder("streamcast.application.running", state, s -> s.get() == State.RUNNING ? 1 : 0)
                    .description("1 while the Kafka Streams application is RUNNING (0: starting, rebalancing, "
                            + "restoring, failed or stopped)").tag("application", role).register(registry);
        }
    }

    public boolean alive() {
        return alive(snapshot());
    }

    public boolean ready() {
        return ready(snapshot());
    }

    /** {@code {"status": "up"|"down"|"ready"|"not-ready", "applications": {"forecast": "RUNNING", ...}}} */
    ObjectNode json(boolean readiness) {
        Map<String, State> now = snapshot();
        ObjectNode n = HttpJson.object();
        n.put("status", readiness ? (ready(now) ? "ready" : "not-ready") : (alive(now) ? "up" : "down"));
        ObjectNode states = n.putObject("applications");
        now.forEach((role, s) -> states.put(role, s.name()));
        return n;
    }

    private Map<String, State> snapshot() {
        Map<String, State> m = new TreeMap<>();
        apps.forEach((role, s) -> m.put(role, s.get()));
        return m;
    }

    private static boolean alive(Map<String, State> states) {
        return states.values().stream().noneMatch(DEAD::contains);
    }

    private static boolean ready(Map<String, State> states) {
        return !states.isEmpty() && states.values().stream().allMatch(s -> s == State.RUNNING);
    }
}
