package io.streamcast.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChaosScheduleTest {
    private static List<ChaosRun.Kill> schedule(long seed) {
        return new ChaosRun(new ChaosRun.Options(Path.of("x.yaml"), Path.of("out"), 120, 100, 6, seed, 3, 4),
                System.out).schedule();
    }

    @Test
    void everyKillFallsInsideTheFeedInOrderAndSeedDecidesThem() {
        List<ChaosRun.Kill> kills = schedule(5);
        assertEquals(7, kills.size());
        assertEquals(4, kills.stream().filter(ChaosRun.Kill::broker).count());
        for (int i = 0; i < kills.size(); i++) {
            assertTrue(kills.get(i).atMs() > 0 && kills.get(i).atMs() < 120_000, kills.get(i).toString());
            assertTrue(i == 0 || kills.get(i).atMs() > kills.get(i - 1).atMs(), "kills in time order");
            assertTrue(kills.get(i).downMs() >= 500 && kills.get(i).downMs() < 3_000);
        }
        assertEquals(kills, schedule(5));
        assertNotEquals(kills, schedule(6));
    }

    @Test
    void theFeedIsSeededTimeOrderedAndSpreadOverTheKeys() {
        var events = ChaosFeed.generate(1_000, 14, 3);
        assertEquals(1_000, events.size());
        assertEquals(14, events.stream().map(e -> e.key()).distinct().count());
        for (int i = 1; i < events.size(); i++) {
            assertTrue(events.get(i).ts() >= events.get(i - 1).ts());
        }
        assertEquals(events, ChaosFeed.generate(1_000, 14, 3));
    }
}
