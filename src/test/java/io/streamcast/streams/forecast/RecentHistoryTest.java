package io.streamcast.streams.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.anomaly.AnomalyResult;
import io.streamcast.engine.EventOutcome;
import io.streamcast.engine.Swap;
import io.streamcast.model.Forecast;
import io.streamcast.model.StepResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The console's in-memory points: the last N in order, one per event even when events are replayed. */
class RecentHistoryTest {
    private static EventOutcome.Stepped stepped(double forecastMean, boolean warm, AnomalyResult.Alert alert) {
        Forecast f = new Forecast(forecastMean, 1.0, 1.96, warm);
        AnomalyResult a = new AnomalyResult(0.5, 0.25, alert,
                alert == AnomalyResult.Alert.OPENED ? AnomalyResult.Severity.CRITICAL : null,
                alert == AnomalyResult.Alert.OPENED ? AnomalyResult.Cause.SURPRISE : null, 0);
        return new EventOutcome.Stepped(new StepResult(f, 0, f, f, Double.NaN), a, 3, Swap.NONE);
    }

    @Test
    void keepsTheLastPointsInOrderAcrossTheRingsGrowthAndWrap() {
        RecentHistory h = new RecentHistory(150, 10); // grows 64 -> 128 -> 150, then wraps
        for (int t = 0; t < 1000; t++) {
            h.record("k", t, t * 2.0, stepped(t * 2.0 - 1, true, AnomalyResult.Alert.NONE));
        }
        List<RecentHistory.Point> last = h.last("k", 10_000);
        assertEquals(150, last.size());
        for (int i = 0; i < 150; i++) {
            RecentHistory.Point p = last.get(i);
            assertEquals(850 + i, p.ts());
            assertEquals(p.ts() * 2.0, p.value());
            assertEquals(p.ts() * 2.0 - 1, p.mean());
            assertEquals(p.mean() - 1.96, p.lower());
        }
        assertEquals(List.of(997L, 998L, 999L), h.last("k", 3).stream().map(RecentHistory.Point::ts).toList());
        assertEquals(List.of(), h.last("other", 3));
    }

    @Test
    void aReplayedEventIsNotRecordedTwice() {
        RecentHistory h = new RecentHistory(100, 10);
        for (int t = 0; t < 5; t++) {
            h.record("k", t, t, stepped(t, true, AnomalyResult.Alert.NONE));
        }
        // After an aborted transaction the same events are processed again.
        for (int t = 3; t < 7; t++) {
            h.record("k", t, t, stepped(t, true, AnomalyResult.Alert.NONE));
        }
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L), h.last("k", 100).stream().map(RecentHistory.Point::ts).toList());
    }

    @Test
    void alertsAndColdForecastsAreKept() {
        RecentHistory h = new RecentHistory(10, 10);
        h.record("k", 1, 1, stepped(Double.NaN, false, AnomalyResult.Alert.NONE));
        h.record("k", 2, 9, stepped(1, true, AnomalyResult.Alert.OPENED));
        h.record("k", 3, 1, stepped(1, true, AnomalyResult.Alert.CLOSED));
        List<RecentHistory.Point> p = h.last("k", 10);
        assertTrue(!p.get(0).scored() && p.get(1).scored());
        assertEquals(AnomalyResult.Alert.OPENED, p.get(1).alert());
        assertEquals(AnomalyResult.Severity.CRITICAL, p.get(1).severity());
        assertEquals(AnomalyResult.Alert.CLOSED, p.get(2).alert());
        assertNull(p.get(2).severity());
        assertEquals(0.25, p.get(2).likelihood());
    }

    @Test
    void errorAgainstNaiveIsTheRatioOfMeanAbsoluteErrorsOverScoredPoints() {
        RecentHistory h = new RecentHistory(100, 10);
        // values 0, 10, 20, ...: naive is off by 10 each step; the model's forecast by 2.
        for (int t = 0; t < 30; t++) {
            h.record("k", t, t * 10.0, stepped(t * 10.0 - 2, t > 0, AnomalyResult.Alert.NONE));
        }
        assertEquals(0.2, h.versusNaive("k"), 1e-12);
        assertTrue(Double.isNaN(h.versusNaive("none")));
        RecentHistory few = new RecentHistory(100, 10);
        few.record("k", 0, 1, stepped(1, true, AnomalyResult.Alert.NONE));
        assertTrue(Double.isNaN(few.versusNaive("k")), "too few points to say");
    }

    @Test
    void keysBeyondTheBoundGetNoHistoryAndNoneIsKeptWhenOff() {
        RecentHistory h = new RecentHistory(10, 2);
        for (String k : new String[] {"a", "b", "c"}) {
            h.record(k, 1, 1, stepped(1, true, AnomalyResult.Alert.NONE));
        }
        assertEquals(1, h.last("a", 5).size());
        assertEquals(0, h.last("c", 5).size());
        RecentHistory.NONE.record("a", 1, 1, stepped(1, true, AnomalyResult.Alert.NONE));
        assertEquals(0, RecentHistory.NONE.last("a", 5).size());
    }
}
