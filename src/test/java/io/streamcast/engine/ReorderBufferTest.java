package io.streamcast.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.model.CorruptDataException;
import io.streamcast.model.SeriesState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReorderBufferTest {
    private static ReorderBuffer.Pending at(long ts) {
        return new ReorderBuffer.Pending(ts, ts / 10.0, ts + 7);
    }

    private static List<Long> times(List<ReorderBuffer.Pending> events) {
        return events.stream().map(ReorderBuffer.Pending::ts).toList();
    }

    @Test
    void eventsLateByLessThanTheGraceAreReleasedInTimeOrder() {
        ReorderBuffer b = new ReorderBuffer(10);
        List<ReorderBuffer.Pending> waiting = new ArrayList<>();
        List<ReorderBuffer.Pending> due = new ArrayList<>();
        long last = SeriesState.NO_EVENT;
        List<Long> released = new ArrayList<>();
        for (long ts : new long[] {100, 110, 105, 120, 115, 130, 140}) {
            assertNull(b.offer(waiting, last, at(ts), due), "ts " + ts);
            for (ReorderBuffer.Pending p : due) {
                released.add(p.ts());
                last = p.ts();
            }
            due.clear();
        }
        assertEquals(List.of(100L, 105L, 110L, 115L, 120L, 130L), released);
        assertEquals(List.of(140L), times(waiting), "the newest waits for the grace to pass it");
    }

    @Test
    void anEventOlderThanTheLastSteppedOneOrRepeatingAWaitingTimeIsRefusedAndChangesNothing() {
        ReorderBuffer b = new ReorderBuffer(10);
        List<ReorderBuffer.Pending> waiting = new ArrayList<>(List.of(at(120)));
        List<ReorderBuffer.Pending> due = new ArrayList<>();
        EventOutcome.Rejected tooLate = b.offer(waiting, 110, at(110), due);
        assertNotNull(tooLate);
        assertEquals(DeadLetterReason.OUT_OF_ORDER, tooLate.reason());
        assertTrue(tooLate.detail().contains("input.lateGraceMs"), tooLate.detail());
        EventOutcome.Rejected repeat = b.offer(waiting, 110, at(120), due);
        assertNotNull(repeat);
        assertTrue(repeat.detail().contains("repeats"), repeat.detail());
        assertEquals(List.of(120L), times(waiting));
        assertTrue(due.isEmpty());
    }

    @Test
    void withNoGraceEveryEventInOrderIsDueAtOnce() {
        ReorderBuffer b = new ReorderBuffer(0);
        List<ReorderBuffer.Pending> waiting = new ArrayList<>();
        List<ReorderBuffer.Pending> due = new ArrayList<>();
        assertNull(b.offer(waiting, 50, at(60), due));
        assertEquals(List.of(60L), times(due));
        assertTrue(waiting.isEmpty());
    }

    @Test
    void theWaitingListIsBoundedByReleasingTheOldest() {
        ReorderBuffer b = new ReorderBuffer(Long.MAX_VALUE / 2);
        List<ReorderBuffer.Pending> waiting = new ArrayList<>();
        List<ReorderBuffer.Pending> due = new ArrayList<>();
        for (int i = 0; i <= ReorderBuffer.MAX_PENDING; i++) {
            assertNull(b.offer(waiting, SeriesState.NO_EVENT, at(1000 + i), due));
        }
        assertEquals(ReorderBuffer.MAX_PENDING, waiting.size());
        assertEquals(List.of(1000L), times(due));
    }

    @Test
    void theWaitingListRoundTripsAndACorruptOneIsSaidSo() {
        List<ReorderBuffer.Pending> waiting = List.of(at(1), at(5), new ReorderBuffer.Pending(9, Double.MIN_VALUE, -1));
        assertEquals(waiting, ReorderBuffer.decode(ReorderBuffer.encode(waiting)));
        assertEquals(List.of(), ReorderBuffer.decode(null));
        byte[] bytes = ReorderBuffer.encode(waiting);
        assertThrows(CorruptDataException.class, () -> ReorderBuffer.decode(java.util.Arrays.copyOf(bytes, 20)));
        bytes[0] = 9;
        assertThrows(CorruptDataException.class, () -> ReorderBuffer.decode(bytes));
    }
}
