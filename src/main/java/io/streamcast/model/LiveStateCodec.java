package io.streamcast.model;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * The forecast store's form of a {@link SeriesState}: two records per key, so the event path does not rewrite the
 * whole ring of recent inputs (4 KB for a window of 256) with every event.
 * <ul>
 * <li>The <b>head</b> ("SCSH" 2), written with every event: the state's body as {@link SeriesStateCodec} lays it
 * out (head 2 holds a format 4 body; head 1, still read, a format 3 body), the ring's capacity, the step count
 * at which the ring record was last written, and the ring's entries since then (fewer than {@link #RING_EVERY}).</li>
 * <li>The <b>ring</b> ("SCRG" 1), written every {@link #RING_EVERY} steps: the whole ring, oldest first.</li>
 * </ul>
 * Reading merges the two by time: the ring record's entries older than the head's first one, then the head's.
 * Timestamps in a ring only increase, so a ring record that is newer or older than its head (a crash between the two
 * writes under at-least-once) still gives a ring in time order, at worst missing entries. The merged state is the
 * state that was written, bit for bit; a head alone (the console's view) holds only the newest entries.
 */
public final class LiveStateCodec {
    public static final int HEAD_MAGIC = 0x53435348; // "SCSH"
    public static final int RING_MAGIC = 0x53435247; // "SCRG"
    /** The head's format version. */
    public static final short FORMAT = 2;
    /** The ring record's format version. */
    public static final short RING_FORMAT = 1;
    /** Steps between writes of the ring record: the head then carries at most this many entries less one. */
    public static final int RING_EVERY = 32;
    private static final String HEAD = "streamcast series state head";
    private static final String RING = "streamcast series ring";

    /** What one save writes: the head, and the ring record when it is due (else null). */
    public record Split(byte[] head, byte[] ring) {
    }

    private LiveStateCodec() {
    }

    /** Encodes the state for the store, marking its ring saved when the ring record is written too. */
    public static Split encode(SeriesState s) {
        byte[] ring = null;
        if (s.ringSavedAt < 0 || s.steps - s.ringSavedAt >= RING_EVERY) {
            ring = encodeRing(s);
            s.ringSavedAt = s.steps;
        }
        int fresh = (int) Math.min(s.steps - s.ringSavedAt, s.ringSize);
        ByteBuffer b = BinaryFormat.begin(SeriesStateCodec.bodyBytes(s) + 4 + 8 + 4 + 16 * fresh, HEAD_MAGIC, FORMAT);
        SeriesStateCodec.putBody(b, s);
        b.putInt(s.ringZ.length).putLong(s.ringSavedAt).putInt(fresh);
        SeriesStateCodec.putWindow(b, s, s.ringSize - fresh);
        return new Split(BinaryFormat.finish(b), ring);
    }

    /**
     * The state from its stored records: the head as written by {@link #encode}, or a whole state in the earlier
     * single-record form ({@link SeriesStateCodec}, whose ring is then inline and {@code ring} is not read).
     *
     * @param ring the key's ring record, or null when none was written yet
     */
    public static SeriesState decode(byte[] head, byte[] ring) {
        return decode(head, ring, null);
    }

    /**
     * As {@link #decode(byte[], byte[])}, into {@code scratch} when its sizes fit, so the event path allocates no
     * state: the caller must not keep the result past its next call with the same scratch.
     */
    public static SeriesState decode(byte[] head, byte[] ring, SeriesState scratch) {
        if (head != null && head.length >= 4 && ByteBuffer.wrap(head).getInt() == SeriesStateCodec.MAGIC) {
            return SeriesStateCodec.decode(head);
        }
        ByteBuffer b = BinaryFormat.open(head, HEAD_MAGIC, (short) 1, FORMAT, HEAD);
        try {
            short body = b.getShort(4) == 1 ? (short) 3 : SeriesStateCodec.FORMAT;
            SeriesState s = SeriesStateCodec.getBody(b, body, HEAD, scratch);
            int cap = BinaryFormat.count(b, HEAD, "window capacity", SeriesStateCodec.MAX_WINDOW);
            if (cap == 0) {
                throw new CorruptDataException(HEAD + ": window capacity 0");
            }
            s.allocateWindow(cap);
            s.ringSavedAt = b.getLong();
            int fresh = BinaryFormat.count(b, HEAD, "entries since the ring record", Math.min(cap, RING_EVERY - 1));
            if (s.ringSavedAt < 0 || s.ringSavedAt > s.steps) {
                throw new CorruptDataException(HEAD + ": ring saved at step " + s.ringSavedAt + " of " + s.steps);
            }
            int at = b.position();
            // The first of the head's entries bounds the ring record's; with none, the last event does.
            long bound = fresh > 0 ? b.getLong(at + 8) : s.lastEventTime + 1;
            if (ring != null) {
                pushRing(s, ring, bound);
            }
            SeriesStateCodec.getWindow(b, s, fresh);
            BinaryFormat.close(b, HEAD);
            return s;
        } catch (BufferUnderflowException e) {
            throw BinaryFormat.underflow(HEAD, e);
        }
    }

    /** The whole ring, oldest first. */
    static byte[] encodeRing(SeriesState s) {
        ByteBuffer b = BinaryFormat.begin(8 + 16 * s.ringSize, RING_MAGIC, RING_FORMAT);
        b.putInt(s.ringZ.length).putInt(s.ringSize);
        SeriesStateCodec.putWindow(b, s, 0);
        return BinaryFormat.finish(b);
    }

    /**
     * Fills the state's (empty) ring with the ring record's entries older than {@code bound}. Straight into its
     * arrays: entry by entry through {@link SeriesState#push} this loop was most of the event path's decoding.
     */
    private static void pushRing(SeriesState s, byte[] ring, long bound) {
        ByteBuffer b = BinaryFormat.open(ring, RING_MAGIC, RING_FORMAT, RING);
        try {
            int cap = BinaryFormat.count(b, RING, "window capacity", SeriesStateCodec.MAX_WINDOW);
            int size = BinaryFormat.count(b, RING, "window size", cap);
            int base = b.position();
            if (b.remaining() < 16L * size + 4) {
                throw new CorruptDataException(RING + ": " + size + " entries do not fit in " + ring.length
                        + " bytes");
            }
            // Times only increase, so the entries older than the bound are a prefix.
            long previous = Long.MIN_VALUE;
            int older = 0;
            for (int i = 0; i < size; i++) {
                long ts = b.getLong(base + 16 * i + 8);
                if (ts <= previous) {
                    throw new CorruptDataException(RING + ": entry " + i + " at ts " + ts + " is not after the one "
                            + "before it");
                }
                previous = ts;
                if (ts < bound) {
                    older = i + 1;
                }
            }
            int from = Math.max(0, older - s.ringZ.length);
            for (int i = from; i < older; i++) {
                s.ringZ[i - from] = b.getDouble(base + 16 * i);
                s.ringTs[i - from] = b.getLong(base + 16 * i + 8);
            }
            s.ringStart = 0;
            s.ringSize = older - from;
            b.position(base + 16 * size);
            BinaryFormat.close(b, RING);
        } catch (BufferUnderflowException e) {
            throw BinaryFormat.underflow(RING, e);
        }
    }
}
