package io.streamcast.streams;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one Kafka Streams application: binds its metrics, replaces a stream thread that dies (the task
 * restarts from its last commit; with exactly-once nothing is lost or duplicated), and waits for RUNNING.
 */
public final class PipelineRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineRunner.class);
    private static final int MAX_FAILURES_PER_MINUTE = 5;
    /** How long start-up waits beyond its timeout while the application is connected and restoring. */
    static final Duration RESTORE_WAIT = Duration.ofMinutes(30);
    private final KafkaStreams streams;
    private final KafkaStreamsMetrics binder;

    private PipelineRunner(KafkaStreams streams, KafkaStreamsMetrics binder) {
        this.streams = streams;
        this.binder = binder;
    }

    public static PipelineRunner start(Topology topology, Properties props, MeterRegistry registry, Duration timeout) {
        return start(topology, props, registry, timeout, s -> { });
    }

    /**
     * @param beforeStart sees the instance before it starts: to serve its health and queries while it joins the
     *                    group, or to add listeners
     */
    public static PipelineRunner start(Topology topology, Properties props, MeterRegistry registry, Duration timeout,
                                       Consumer<KafkaStreams> beforeStart) {
        KafkaStreams streams = new KafkaStreams(topology, props);
        CountDownLatch running = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<Throwable> denied = new java.util.concurrent.atomic.AtomicReference<>();
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING || now == KafkaStreams.State.ERROR
                    || now == KafkaStreams.State.PENDING_SHUTDOWN) {
                running.countDown();
            }
        });
        // Every stream thread that dies calls the handler on its own thread, several at once when a broker goes.
        Queue<Long> failures = new ConcurrentLinkedQueue<>();
        streams.setUncaughtExceptionHandler(e -> {
            // A crash is retried; a failure that keeps coming back (a bad topic name, missing ACLs) is not
            // transient, and replacing threads forever would only flood the log.
            if (authorization(e) != null) {
                // Retrying cannot grant a right: stop at once and say which.
                denied.compareAndSet(null, authorization(e));
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            }
            long now = System.currentTimeMillis();
            failures.add(now);
            failures.removeIf(t -> t < now - 60_000);
            if (failures.size() > MAX_FAILURES_PER_MINUTE) {
                LOG.error("stream threads failed {} times within a minute; stopping the application. Last error: {}",
                        failures.size(), e.toString());
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            }
            LOG.warn("stream thread failed; replacing it (it resumes from the last commit): {}", e.toString());
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        KafkaStreamsMetrics binder = null;
        if (registry != null) {
            binder = new KafkaStreamsMetrics(streams);
            binder.bindTo(registry);
        }
        beforeStart.accept(streams);
        try {
            streams.start();
        } catch (RuntimeException e) {
            // The global store's thread starts inside start(): a right it lacks shows up here.
            if (authorization(e) == null) {
                throw e;
            }
            streams.close(Duration.ofSeconds(5));
            throw notAllowed(props, authorization(e));
        }
        try {
            boolean changed = running.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            // Connected and restoring (a changelog to replay after a crash): slow is not stuck, so keep waiting,
            // saying so, for as long as a restore may reasonably take.
            long restoreDeadline = System.currentTimeMillis() + RESTORE_WAIT.toMillis();
            while (!changed && streams.state() == State.REBALANCING && denied.get() == null
                    && System.currentTimeMillis() < restoreDeadline) {
                LOG.warn("the application '{}' is still rebalancing or restoring its state; waiting (up to {} min)",
                        props.get("application.id"), RESTORE_WAIT.toMinutes());
                changed = running.await(30, TimeUnit.SECONDS);
            }
            if (denied.get() != null) {
                streams.close(Duration.ofSeconds(5));
                throw notAllowed(props, denied.get());
            }
            if (changed && streams.state() != State.RUNNING && streams.state() != State.REBALANCING) {
                State last = streams.state();
                streams.close(Duration.ofSeconds(5));
                throw new IllegalStateException("the application '" + props.get("application.id") + "' stopped while "
                        + "starting (state " + last + "); the log above says why");
            }
            if (!changed) {
                State last = streams.state();
                streams.close(Duration.ofSeconds(5));
                throw new IllegalStateException("the application '" + props.get("application.id")
                        + "' did not reach RUNNING within " + timeout.toSeconds() + " s (state " + last
                        + (last == State.REBALANCING ? ", for " + RESTORE_WAIT.toMinutes() + " more minutes" : "")
                        + "); check that the brokers at " + props.get("bootstrap.servers") + " are reachable. "
                        + "If it was REBALANCING after a process or broker was killed, a transaction left open "
                        + "may be holding a restore: see operations.md, \"a crash of the broker mid-transaction\"");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            streams.close(Duration.ofSeconds(5));
            throw new IllegalStateException("interrupted while starting", e);
        }
        return new PipelineRunner(streams, binder);
    }

    private static IllegalStateException notAllowed(Properties props, Throwable why) {
        return new IllegalStateException("the application '" + props.get("application.id") + "' is not allowed to do "
                + "its work: " + why.getMessage() + " Grant its principal the ACLs `./streamcast acls --spec <spec>` "
                + "lists (--apply creates them; see operations.md, \"A secured cluster\")");
    }

    /** The authorization failure in a chain of causes, or null. */
    static Throwable authorization(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.apache.kafka.common.errors.AuthorizationException
                    || t instanceof org.apache.kafka.common.errors.AuthenticationException) {
                return t;
            }
        }
        return null;
    }

    public KafkaStreams streams() {
        return streams;
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
        if (binder != null) {
            binder.close();
        }
    }
}
