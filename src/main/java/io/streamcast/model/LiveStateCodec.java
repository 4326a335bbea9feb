package io.streamcast.model;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The forecast store's form of a {@link SeriesState}: a head per key, written every event, and the ring of recent
 * inputs in segments, written as they fill, so the event path does not rewrite the whole ring (4 KB for a window
 * of 256) with every event.
 * <ul>
 * <li>The <b>head</b> ("SCSH" 4), written with every event: the state's body as {@link SeriesStateCodec} lays it
 * out (format 5), the ring's capacity, the step count up to which the ring's segments are written (a multiple of
 * {@link #SEGMENT}), and the ring's entries since then (fewer than {@link #SEGMENT}). Head 3 is head 4 with a
 * format 4 body; heads 1 and 2 (a format 3 or 4 body, and a whole-ring record beside them) are still read.</li>
 * <li>The <b>ring segments</b> ({@link RingSegments}, "SCRS" 1), one per {@link #SEGMENT} steps, each in its slot
 * of the key's ring records ({@link #ringKey}).</li>
 * </ul>
 * Reading merges them by time: the segments' entries older than the head's first one, then the head's. Timestamps
 * in a ring only increase, so segments newer or older than their head (a crash between writes under
 * at-least-once) still give a ring in time order, at worst missing entries. The merged state is the state that
 * was written, bit for bit; a head alone (the console's view) holds only the newest entries.
 */
public final class LiveStateCodec {
    public static final int HEAD_MAGIC = 0x53435348; // "SCSH"
    public static final int RING_MAGIC = 0x53435247; // "SCRG", the whole-ring record of heads 1 and 2
    /** The head's format version. */
    public static final short FORMAT = 4;
    /** The whole-ring record's format version (read, no longer written). */
    public static final short RING_FORMAT = 1;
    /** Entries per ring segment: the head carries fewer than this many. */
    public static final int SEGMENT = 16;
    /** The slot {@link RingRecords#get} is asked for to read the whole-ring record of heads 1 and 2. */
    public static final int WHOLE_RING = -1;
    /** ringSavedAt of a state read from a head 1 or 2: its next save writes every segment, drops the old record. */
    static final long FROM_WHOLE_RING = -2;
    private static final String HEAD = "streamcast series state head";
    private static final String RING = "streamcast series ring";

    /** A key's ring records, by slot (0 to the ring's slot count, or {@link #WHOLE_RING}); null when absent. */
    @FunctionalInterface
    public interface RingRecords {
        RingRecords NONE = slot -> null;

        byte[] get(int slot);
    }

    /**
     * What one save writes: the head; the ring segments completed since the last save (mostly none), each to
     * {@link #ringKey}(key, slot); and whether the key's whole-ring record of an earlier build is to be deleted.
     */
    public record Split(byte[] head, RingSegments.Segment[] segments, boolean dropsWholeRing) {
        public int segmentCount() {
            return segments.length;
        }

        public int slot(int i) {
            return segments[i].slot();
        }

        public byte[] segment(int i) {
            return segments[i].bytes();
        }

        /** Bytes this save writes. */
        public int bytes() {
            int n = head.length;
            for (RingSegments.Segment g : segments) {
                n += g.bytes().length;
            }
            return n;
        }
    }

    private LiveStateCodec() {
    }

    /** Ring segment slots a key with this window has. */
    public static int slots(int window) {
        return RingSegments.slots(window);
    }

    /**
     * Where a key's ring record of a slot lives in the ring store: the key, then the slot in two bytes and 0xFF, a
     * byte UTF-8 never holds, so no key's whole-ring record of an earlier build (stored under the key) is hit.
     */
    public static byte[] ringKey(byte[] key, int slot) {
        if (slot == WHOLE_RING) {
            return key;
        }
        byte[] k = Arrays.copyOf(key, key.length + 3);
        k[key.length] = (byte) (slot >>> 8);
        k[key.length + 1] = (byte) slot;
        k[key.length + 2] = (byte) 0xFF;
        return k;
    }

    /** Encodes the state for the store, marking its ring saved up to the segments written with it. */
    public static Split encode(SeriesState s) {
        RingSegments.Segment[] segments = RingSegments.NONE;
        boolean drops = s.ringSavedAt == FROM_WHOLE_RING;
        long upTo = s.steps - s.steps % SEGMENT;
        if (s.ringSavedAt < 0 || upTo > s.ringSavedAt) {
            // From an earlier form every group the ring holds is written; else those completed since the last save.
            long from = s.ringSavedAt < 0 ? Math.floorDiv(s.steps - s.ringSize, SEGMENT) : s.ringSavedAt / SEGMENT;
            segments = RingSegments.encode(s, from, upTo / SEGMENT - 1);
            s.ringSavedAt = upTo;
        }
        int fresh = (int) Math.min(s.steps - s.ringSavedAt, s.ringSize);
        ByteBuffer b = BinaryFormat.begin(SeriesStateCodec.bodyBytes(s) + 4 + 8 + 4 + 16 * fresh, HEAD_MAGIC, FORMAT);
        SeriesStateCodec.putBody(b, s);
        b.putInt(s.ringZ.length).putLong(s.ringSavedAt).putInt(fresh);
        SeriesStateCodec.putWindow(b, s, s.ringSize - fresh);
        return new Split(BinaryFormat.finish(b), segments, drops);
    }

    /**
     * The state from its stored records: the head as written by {@link #encode} (or by an earlier build), or a
     * whole state in the earlier single-record form ({@link SeriesStateCodec}, whose ring is inline).
     *
     * @param rings the key's ring records; null or {@link RingRecords#NONE} for the head's entries alone
     */
    public static SeriesState decode(byte[] head, RingRecords rings) {
        return decode(head, rings, null);
    }

    /**
     * As {@link #decode(byte[], RingRecords)}, into {@code scratch} when its sizes fit, so the event path allocates
     * no state: the caller must not keep the result past its next call with the same scratch.
     */
    public static SeriesState decode(byte[] head, RingRecords rings, SeriesState scratch) {
        if (head != null && head.length >= 4 && ByteBuffer.wrap(head).getInt() == SeriesStateCodec.MAGIC) {
            return SeriesStateCodec.decode(head);
        }
        RingRecords records = rings == null ? RingRecords.NONE : rings;
        ByteBuffer b = BinaryFormat.open(head, HEAD_MAGIC, (short) 1, FORMAT, HEAD);
        try {
            short version = b.getShort(4);
            short body = version == 1 ? (short) 3 : version <= 3 ? (short) 4 : SeriesStateCodec.FORMAT;
            boolean segmented = version >= 3;
            SeriesState s = SeriesStateCodec.getBody(b, body, HEAD, scratch);
            int cap = BinaryFormat.count(b, HEAD, "window capacity", SeriesStateCodec.MAX_WINDOW);
            if (cap == 0) {
                throw new CorruptDataException(HEAD + ": window capacity 0");
            }
            s.allocateWindow(cap);
            s.ringSavedAt = b.getLong();
            int most = !segmented ? 31 : SEGMENT - 1;
            int fresh = BinaryFormat.count(b, HEAD, "entries since the ring was saved", Math.min(cap, most));
            if (s.ringSavedAt < 0 || s.ringSavedAt > s.steps || segmented && s.ringSavedAt % SEGMENT != 0) {
                throw new CorruptDataException(HEAD + ": ring saved at step " + s.ringSavedAt + " of " + s.steps);
            }
            int at = b.position();
            // The first of the head's entries bounds the ring records'; with none, the last event does.
            long bound = fresh > 0 ? b.getLong(at + 8) : s.lastEventTime + 1;
            if (segmented) {
                // Segments at or past the head's own point are from a run the head did not see (a crash after
                // they were written): left out, whatever they hold.
                RingSegments.push(s, records, bound, s.ringSavedAt / SEGMENT);
            } else {
                byte[] ring = records.get(WHOLE_RING);
                if (ring != null && ring.length >= 4 && ByteBuffer.wrap(ring).getInt() == RING_MAGIC) {
                    pushRing(s, ring, bound);
                    s.ringSavedAt = FROM_WHOLE_RING;
                } else {
                    // No whole ring, or a record that is not one (a segment of another key whose bytes end this
                    // key's): the segments a migration wrote before a crash lost its head, if any; nothing to drop.
                    RingSegments.push(s, records, bound, Long.MAX_VALUE);
                    s.ringSavedAt = -1;
                }
            }
            SeriesStateCodec.getWindow(b, s, fresh);
            BinaryFormat.close(b, HEAD);
            return s;
        } catch (BufferUnderflowException e) {
            throw BinaryFormat.underflow(HEAD, e);
        }
    }

    /** The whole ring, oldest first, as heads 1 and 2 had it beside them (for tests of reading them). */
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
