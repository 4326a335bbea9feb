package io.streamcast.streams.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.anomaly.AnomalyResult;
import io.streamcast.model.AnomalyStats;
import io.streamcast.model.LiveStateCodec;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.spec.SpecLoader;
import io.streamcast.topics.AlertRecord;
import io.streamcast.topics.ForecastRecord;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.junit.jupiter.api.Test;

/**
 * Known events through the forecast topology: two keys get the same values and the same bursts; while a
 * calendar event covers one, its burst is recorded as one suppressed alert (the other's opens), its anomaly
 * statistics stay as they were, every incident resolves once, and its forecasts carry the event's id; events added and removed on the calendar
 * topic apply from the next record, and a record there that is not an event is left out.
 */
class CalendarTopologyTest {
    private static final long STEP = TopologyFixture.STEP;
    private static final long T0 = TopologyFixture.T0;

    @Test
    void alertsAreSuppressedAndNothingIsLearnedWhileAnEventLasts() throws Exception {
        String yaml = Files.readString(TopologyFixture.SENSORS) + "\ncalendar:\n  - {id: maintenance, key: pump-a, "
                + "start: " + (T0 + 700 * STEP) + ", end: " + (T0 + 720 * STEP) + ", reason: planned work}\n";
        PipelineSpec spec = SpecLoader.parse(yaml, "sensors.yaml with a calendar");
        try (TopologyFixture f = new TopologyFixture(spec, ProcessorHooks.NONE)) {
            TestInputTopic<String, byte[]> calendar = f.driver.createInputTopic(spec.topics().calendar(),
                    new StringSerializer(), new ByteArraySerializer());
            SplittableRandom rnd = new SplittableRandom(3);
            AnomalyStats before = null;
            List<ForecastRecord> forecasts = new ArrayList<>();
            for (int t = 0; t < 1400; t++) {
                double v = 50 + 0.5 * (rnd.nextDouble() - 0.5);
                if (t >= 700 && t < 708 || t >= 1100 && t < 1103 || t >= 1300 && t < 1303) {
                    v += (t % 2 == 0 ? 25 : -25);
                }
                if (t == 1000) { // while running: pump-b's second burst falls in a new event
                    calendar.pipeInput("junk", TopologyFixture.bytes("not an event"));
                    calendar.pipeInput("line-stop", TopologyFixture.bytes("{\"id\":\"line-stop\",\"prefix\":\"pump-b\","
                            + "\"start\":" + (T0 + 1090 * STEP) + ",\"end\":" + (T0 + 1120 * STEP) + "}"));
                }
                if (t == 1200) {
                    calendar.pipeInput("line-stop", (byte[]) null);
                    calendar.pipeInput("line-stop-2", TopologyFixture.bytes("{\"id\":\"line-stop-2\",\"key\":\"pump-b\","
                            + "\"start\":" + (T0 + 1290 * STEP) + ",\"end\":" + (T0 + 1295 * STEP) + "}"));
                    calendar.pipeInput("line-stop-2", (byte[]) null); // removed before it starts
                }
                for (String key : List.of("pump-a", "pump-b")) {
                    f.send(key, T0 + t * STEP, v);
                }
                if (t == 699) {
                    before = LiveStateCodec.decode(f.state("pump-a"), null).anomalyStats();
                }
                if (t == 719) {
                    AnomalyStats after = LiveStateCodec.decode(f.state("pump-a"), null).anomalyStats();
                    assertEquals(before.scored, after.scored, "no event of the window was learned from");
                    assertEquals(before.rootMean, after.rootMean);
                    assertEquals(before.rootVariance, after.rootVariance);
                    assertEquals(before.typicalMiss, after.typicalMiss);
                    assertEquals(before.seen + 20, after.seen, "but every value was seen");
                }
                forecasts.addAll(f.forecastRecords());
            }
            List<AlertRecord> alerts = f.alertRecords();
            alerts.forEach(a -> System.out.println("alert " + a));
            List<Long> b = opened(alerts, "pump-b", AnomalyResult.Alert.OPENED);
            List<Long> a = opened(alerts, "pump-a", AnomalyResult.Alert.OPENED);
            assertEquals(2, b.size(), "pump-b: the first and third bursts alert, the second fell in line-stop: " + b);
            assertTrue(b.get(0) >= 700 && b.get(0) < 708 && b.get(1) >= 1300 && b.get(1) < 1303, b.toString());
            assertEquals(2, a.size(), "pump-a: the second and third bursts alert, the first fell in maintenance: " + a);
            assertTrue(a.get(0) >= 1100 && a.get(0) < 1103 && a.get(1) >= 1300 && a.get(1) < 1303, a.toString());
            List<AlertRecord> suppressed = alerts.stream().filter(x -> x.kind() == AnomalyResult.Alert.SUPPRESSED).toList();
            assertEquals(2, suppressed.size(), suppressed.toString());
            assertEquals("pump-a", suppressed.get(0).key());
            assertEquals(T0 + b.get(0) * STEP, suppressed.get(0).ts(), "where the same values opened pump-b's alert");
            assertEquals("maintenance", suppressed.get(0).calendar());
            assertTrue(suppressed.get(0).severity() != null, "it says how bad it would have been");
            assertEquals("pump-b", suppressed.get(1).key());
            long t2 = (suppressed.get(1).ts() - T0) / STEP;
            assertTrue(t2 >= 1100 && t2 < 1103, "pump-b's second burst: " + t2);
            assertEquals("line-stop", suppressed.get(1).calendar());
            for (String key : List.of("pump-a", "pump-b")) {
                assertEquals(3, opened(alerts, key, AnomalyResult.Alert.CLOSED).size(), key + ": every incident "
                        + "resolves, the suppressed ones too");
            }
            for (ForecastRecord r : forecasts) {
                long t = (r.ts() - T0) / STEP;
                String expected = r.key().equals("pump-a") ? (t >= 700 && t < 720 ? "maintenance" : null)
                        : t >= 1090 && t < 1120 ? "line-stop" : null;
                assertEquals(expected, r.calendar(), r.key() + " at " + t);
            }
            assertEquals(2.0, f.metrics.suppressedCount());
        }
    }

    /** A sensor that sticks during a service window and stays stuck after it alerts once the window is over. */
    @Test
    void aSensorStuckPastTheEndOfAnEventAlertsAfterIt() throws Exception {
        String yaml = Files.readString(TopologyFixture.SENSORS) + "\ncalendar:\n  - {id: service, key: pump, start: "
                + (T0 + 600 * STEP) + ", end: " + (T0 + 640 * STEP) + "}\n";
        try (TopologyFixture f = new TopologyFixture(SpecLoader.parse(yaml, "sensors.yaml with a calendar"),
                ProcessorHooks.NONE)) {
            SplittableRandom rnd = new SplittableRandom(5);
            for (int t = 0; t < 800; t++) {
                f.send("pump", T0 + t * STEP, t < 620 ? 50 + 0.5 * (rnd.nextDouble() - 0.5) : 50.0);
            }
            List<AlertRecord> alerts = f.alertRecords();
            List<AlertRecord> flat = alerts.stream().filter(a -> a.kind() == AnomalyResult.Alert.OPENED
                    && a.cause() == AnomalyResult.Cause.FLATLINE).toList();
            assertEquals(1, flat.size(), alerts.toString());
            long t = (flat.get(0).ts() - T0) / STEP;
            assertTrue(t >= 640 && t < 680, "the plateau counts afresh after the event: alerted at " + t);
        }
    }

    private static List<Long> opened(List<AlertRecord> alerts, String key, AnomalyResult.Alert kind) {
        return alerts.stream().filter(a -> a.key().equals(key) && a.kind() == kind)
                .map(a -> (a.ts() - T0) / STEP).toList();
    }
}
