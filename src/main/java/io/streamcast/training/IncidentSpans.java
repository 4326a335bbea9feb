package io.streamcast.training;

import io.streamcast.anomaly.AnomalyResult;
import java.nio.ByteBuffer;

/**
 * What training must know of a key's incidents, so it does not learn an incident as normal: the open
 * incident's start, the last resolved one's span, and the last event whose own likelihood reached the alert
 * trigger (known from its forecast, before any alert about it).
 *
 * @param openFrom    start of the open incident, or {@link #NONE}
 * @param closedFrom  start of the last resolved incident, or {@link #NONE}
 * @param closedTo    its end
 * @param lastSuspect the last alert-level event, or {@link #NONE}
 */
public record IncidentSpans(long openFrom, long closedFrom, long closedTo, long lastSuspect) {
    public static final long NONE = Long.MIN_VALUE;
    public static final IncidentSpans EMPTY = new IncidentSpans(NONE, NONE, NONE, NONE);
    private static final int BYTES = 32;

    /** Whether a window over [from, to] saw an incident or an alert-level event. */
    public boolean overlaps(long from, long to) {
        return openFrom != NONE && to >= openFrom || closedFrom != NONE && from <= closedTo && to >= closedFrom
                || lastSuspect != NONE && lastSuspect >= from && lastSuspect <= to;
    }

    public IncidentSpans suspect(long ts) {
        return new IncidentSpans(openFrom, closedFrom, closedTo, ts);
    }

    public IncidentSpans opened(long ts) {
        return new IncidentSpans(ts, closedFrom, closedTo, lastSuspect);
    }

    /** The open incident resolved at ts (nothing changes when none is open). */
    public IncidentSpans resolved(long ts) {
        return openFrom == NONE ? this : new IncidentSpans(NONE, openFrom, ts, lastSuspect);
    }

    /** The spans after an event's alert: an incident opened or resolved at ts, or nothing changed. */
    public IncidentSpans after(AnomalyResult.Alert alert, long ts) {
        return switch (alert) {
            case OPENED -> opened(ts);
            case CLOSED -> resolved(ts);
            case NONE -> this;
            case SUPPRESSED -> suspect(ts); // during a calendar event: skipped like one
        };
    }

    public byte[] encode() {
        return ByteBuffer.allocate(BYTES).putLong(openFrom).putLong(closedFrom).putLong(closedTo).putLong(lastSuspect)
                .array();
    }

    /** Reads {@link #encode}'s bytes; anything else (none yet, or damaged) is a key without incidents. */
    public static IncidentSpans decode(byte[] b) {
        if (b == null || b.length != BYTES) {
            return EMPTY;
        }
        ByteBuffer buf = ByteBuffer.wrap(b);
        return new IncidentSpans(buf.getLong(), buf.getLong(), buf.getLong(), buf.getLong());
    }
}
