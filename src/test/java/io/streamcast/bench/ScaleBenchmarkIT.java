package io.streamcast.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** `bench --scale` on two small key counts, through a real broker each: every figure is measured, none made up. */
class ScaleBenchmarkIT {
    @Test
    void eachKeyCountIsRunStoredAndRestoredFromItsChangelogs() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<Integer> keys = List.of(20, 150);
        List<ScaleBenchmark.Point> points = new ScaleBenchmark(Path.of("topologies/sensors.yaml"), 400,
                new PrintStream(log, true, StandardCharsets.UTF_8)).run(keys);
        assertEquals(2, points.size());
        for (int i = 0; i < keys.size(); i++) {
            ScaleBenchmark.Point p = points.get(i);
            assertEquals(keys.get(i), p.keys());
            assertEquals(ScaleBenchmark.events(p.keys(), 400), p.events(), "at least 400 events, 3 a key");
            assertTrue(p.eventsPerSecond() > 0);
            assertTrue(p.stateDiskBytes() > 0, "the state folder holds the stores");
            // One head per event went to the changelog, and a ring record every 32 steps of a key.
            long most = p.events() + p.events() / 32 + p.keys();
            assertTrue(p.restoredRecords() >= p.keys() && p.restoredRecords() <= most,
                    p.restoredRecords() + " records restored");
            assertTrue(p.restoreSeconds() > 0);
        }
        assertEquals(450, ScaleBenchmark.events(150, 400));
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("restored"), log.toString(StandardCharsets.UTF_8));
    }
}
