package io.streamcast.streams.forecast;

import io.streamcast.topics.AlertRecord;
import io.streamcast.anomaly.AnomalyResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** One incident gives one alert, however many anomalous events it spans; a later incident gives another. */
class AlertHysteresisTest {

    @Test
    void burstsOpenOneIncidentEachAndCloseAfterQuiet() throws Exception {
        try (TopologyFixture f = new TopologyFixture()) {
            SplittableRandom rnd = new SplittableRandom(3);
            for (int t = 0; t < 1400; t++) {
                double v = 50 + 0.5 * (rnd.nextDouble() - 0.5);
                boolean burst1 = t >= 700 && t < 708;
                boolean burst2 = t >= 1100 && t < 1103;
                if (burst1 || burst2) {
                    v += (t % 2 == 0 ? 25 : -25);
                }
                f.send("pump", TopologyFixture.T0 + t * 300_000L, v);
            }
            List<AlertRecord> alerts = f.alertRecords();
            List<AlertRecord> opens = alerts.stream().filter(a -> a.kind() == AnomalyResult.Alert.OPENED).toList();
            List<AlertRecord> closes = alerts.stream().filter(a -> a.kind() == AnomalyResult.Alert.CLOSED).toList();
            alerts.forEach(a -> System.out.println("alert " + a));
            assertEquals(2, opens.size(), "one alert per incident: " + alerts);
            long step = 300_000L;
            long t1 = (opens.get(0).ts() - TopologyFixture.T0) / step;
            long t2 = (opens.get(1).ts() - TopologyFixture.T0) / step;
            assertTrue(t1 >= 700 && t1 < 708, "first alert during the first burst, at " + t1);
            assertTrue(t2 >= 1100 && t2 < 1103, "second alert during the second burst, at " + t2);
            assertEquals(2, closes.size(), "each incident resolves once quiet: " + alerts);
            assertTrue(opens.get(0).likelihood() >= 0.9999);
        }
    }
}
