package io.streamcast.engine;

import io.streamcast.model.CorruptDataException;
import io.streamcast.model.SeriesState;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A key's late-data grace ({@code input.lateGraceMs}): events wait here until the key's newest event is the
 * grace later than they are, then leave in time order, so an event that arrives late by less than the grace is
 * stepped in its place instead of being dead-lettered. One that is later still (its time is not after the
 * key's last stepped event) or repeats a waiting event's time is refused. Pure and deterministic: the live
 * processor keeps the list in a state store, a backtest in memory, and both release the same events in the same
 * order. At most {@link #MAX_PENDING} wait; beyond that the oldest go early.
 */
public final class ReorderBuffer {
    public static final int MAX_PENDING = 1024;
    private static final byte FORMAT = 1;

    /** One waiting event, with its record's Kafka timestamp (its outputs carry that time). */
    public record Pending(long ts, double value, long recordTime) {
    }

    private final long graceMs;

    public ReorderBuffer(long graceMs) {
        this.graceMs = graceMs;
    }

    /**
     * Takes an event into {@code waiting} (sorted by time, changed in place) and appends the events now due to
     * {@code due}, in time order. Returns why it refuses the event (it changes nothing then), or null.
     *
     * @param lastStepped the key's last stepped event time, or {@link SeriesState#NO_EVENT}
     */
    public EventOutcome.Rejected offer(List<Pending> waiting, long lastStepped, Pending e, List<Pending> due) {
        if (lastStepped != SeriesState.NO_EVENT && e.ts() <= lastStepped) {
            return new EventOutcome.Rejected(DeadLetterReason.OUT_OF_ORDER, "ts " + e.ts() + " is not after the key's "
                    + "last stepped event " + lastStepped + ": it came later than input.lateGraceMs (" + graceMs
                    + " ms) allows");
        }
        int at = 0;
        while (at < waiting.size() && waiting.get(at).ts() < e.ts()) {
            at++;
        }
        if (at < waiting.size() && waiting.get(at).ts() == e.ts()) {
            return new EventOutcome.Rejected(DeadLetterReason.OUT_OF_ORDER, "ts " + e.ts() + " repeats the time of "
                    + "an event of the key still waiting out input.lateGraceMs");
        }
        waiting.add(at, e);
        long dueBy = waiting.get(waiting.size() - 1).ts() - graceMs;
        while (!waiting.isEmpty() && (waiting.get(0).ts() <= dueBy || waiting.size() > MAX_PENDING)) {
            due.add(waiting.remove(0));
        }
        return null;
    }

    public static byte[] encode(List<Pending> waiting) {
        ByteBuffer b = ByteBuffer.allocate(1 + 4 + waiting.size() * 24);
        b.put(FORMAT).putInt(waiting.size());
        for (Pending p : waiting) {
            b.putLong(p.ts()).putDouble(p.value()).putLong(p.recordTime());
        }
        return b.array();
    }

    public static List<Pending> decode(byte[] bytes) throws CorruptDataException {
        List<Pending> out = new ArrayList<>();
        if (bytes == null) {
            return out;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (bytes.length < 5 || b.get() != FORMAT) {
            throw new CorruptDataException("a key's waiting events: unknown format");
        }
        int n = b.getInt();
        if (n < 0 || n > MAX_PENDING + 1 || b.remaining() != n * 24) {
            throw new CorruptDataException("a key's waiting events: " + n + " entries in " + bytes.length + " bytes");
        }
        for (int i = 0; i < n; i++) {
            out.add(new Pending(b.getLong(), b.getDouble(), b.getLong()));
        }
        return out;
    }
}
