package io.streamcast.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

/** An application that stays out of RUNNING without reading or processing a record is reported stuck. */
class StreamsHealthTest {
    private final AtomicLong clock = new AtomicLong();
    private final AtomicReference<State> state = new AtomicReference<>(State.RUNNING);
    private final AtomicLong records = new AtomicLong();
    private final StreamsHealth health = new StreamsHealth(null, clock::get, Duration.ofMinutes(5));

    StreamsHealthTest() {
        health.register("forecast", state::get, records::get);
    }

    private void minutes(int m) {
        clock.addAndGet(Duration.ofMinutes(m).toNanos());
    }

    @Test
    void aRunningApplicationWithNothingToReadIsAlive() {
        for (int i = 0; i < 6; i++) {
            minutes(2);
            assertTrue(health.alive());
        }
    }

    @Test
    void aLongRestoreThatMakesProgressIsAliveAndOneThatMakesNoneIsStuck() {
        state.set(State.REBALANCING);
        for (int i = 0; i < 6; i++) { // twelve minutes of restoring, records read all along
            minutes(2);
            records.addAndGet(10_000);
            assertTrue(health.alive(), "restoring at minute " + 2 * (i + 1));
            assertFalse(health.ready());
        }
        minutes(4);
        assertTrue(health.alive(), "four minutes without a record is not yet stuck");
        minutes(2);
        assertFalse(health.alive(), "six minutes without a record while REBALANCING is stuck");
        String json = health.json(false).toString();
        assertTrue(json.contains("\"status\":\"down\"") && json.contains("\"stuck\"")
                && json.contains("REBALANCING for 360 s"), json);
        records.incrementAndGet();
        assertTrue(health.alive(), "a record read: moving again");
        state.set(State.RUNNING);
        minutes(10);
        assertTrue(health.alive());
        assertEquals("{\"status\":\"ready\",\"applications\":{\"forecast\":\"RUNNING\"}}", health.json(true).toString());
    }

    @Test
    void aFailedApplicationIsDownAtOnce() {
        state.set(State.ERROR);
        assertFalse(health.alive());
    }
}
