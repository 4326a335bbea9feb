package io.streamcast.model;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A key's ring of recent inputs as the ring store keeps it: in segments of {@link LiveStateCodec#SEGMENT} entries
 * ("SCRS" 1), group g holding the entries of steps g·SEGMENT+1 to (g+1)·SEGMENT, in slot g mod the ring's slot
 * count. A save writes only the groups completed since the one before, so the ring costs its own size once, not
 * once per segment: about 18 bytes an event where the whole ring rewritten every 32 steps cost 128.
 */
final class RingSegments {
    static final int MAGIC = 0x53435253; // "SCRS"
    static final short FORMAT = 1;
    private static final String WHAT = "streamcast series ring segment";

    /** One segment to store: its slot among the key's ring records, and its bytes. */
    record Segment(int slot, byte[] bytes) {
    }

    static final Segment[] NONE = new Segment[0];

    private RingSegments() {
    }

    /** Slots of a ring of this capacity: enough for every entry the head does not carry. */
    static int slots(int capacity) {
        return (capacity + LiveStateCodec.SEGMENT - 1) / LiveStateCodec.SEGMENT;
    }

    /** The groups {@code from} to {@code to} of the state's ring, the entries the ring still holds of each. */
    static Segment[] encode(SeriesState s, long from, long to) {
        if (from > to) {
            return NONE;
        }
        int cap = s.ringZ.length;
        long firstStep = s.steps - s.ringSize + 1;
        Segment[] out = new Segment[(int) (to - from + 1)];
        int n = 0;
        for (long g = from; g <= to; g++) {
            int lo = (int) Math.max(0, g * LiveStateCodec.SEGMENT + 1 - firstStep);
            int hi = (int) Math.min(s.ringSize, (g + 1) * LiveStateCodec.SEGMENT + 1 - firstStep);
            if (lo >= hi) {
                continue;
            }
            ByteBuffer b = BinaryFormat.begin(16 + 16 * (hi - lo), MAGIC, FORMAT);
            b.putInt(cap).putLong(g).putInt(hi - lo);
            SeriesStateCodec.putWindow(b, s, lo, hi);
            out[n++] = new Segment((int) Math.floorMod(g, (long) slots(cap)), BinaryFormat.finish(b));
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /**
     * Fills the state's (empty) ring with the entries older than {@code bound} of its segments of groups before
     * {@code groupLimit}, newest last. Segments are ordered by group; a slot whose segment is missing or from an
     * earlier lap (a crash between writes under at-least-once) leaves a gap. Segments that do not follow each
     * other in time (a run replayed after a crash, differently, with a late-event grace) keep the newest run of
     * them: a gap, not an error. Only a segment out of order within itself is corrupt; a slot that cannot hold a
     * group before the limit is not read, so what it holds, corrupt or not, is left for the save that reaches
     * it to overwrite.
     */
    static void push(SeriesState s, LiveStateCodec.RingRecords records, long bound, long groupLimit) {
        int cap = s.ringZ.length;
        int slots = slots(cap);
        long[] groups = new long[slots];
        ByteBuffer[] bodies = new ByteBuffer[slots];
        int found = 0;
        // Groups below the limit sit in slots below it while it is under one lap: a young key's head (the
        // first 16 × slots steps) reads only the segments it wrote, not a lookup per empty slot.
        int read = (int) Math.min(slots, Math.max(0, groupLimit));
        for (int slot = 0; slot < read; slot++) {
            byte[] bytes = records.get(slot);
            if (bytes == null) {
                continue;
            }
            ByteBuffer b = BinaryFormat.open(bytes, MAGIC, FORMAT, WHAT);
            try {
                BinaryFormat.count(b, WHAT, "window capacity", SeriesStateCodec.MAX_WINDOW);
                long group = b.getLong();
                int n = BinaryFormat.count(b, WHAT, "entries", LiveStateCodec.SEGMENT);
                if (b.remaining() != 16L * n + 4) {
                    throw new CorruptDataException(WHAT + ": " + n + " entries do not fit in " + bytes.length
                            + " bytes");
                }
                for (int at = b.position() + 16; at < b.limit() - 4; at += 16) {
                    if (b.getLong(at + 8) <= b.getLong(at - 8)) {
                        throw new CorruptDataException(WHAT + ": entry at ts " + b.getLong(at + 8) + " (group "
                                + group + ") is not after the one before it");
                    }
                }
                if (group >= groupLimit) {
                    continue;
                }
                // Insertion by group: there are at most a few hundred slots, read once per key after a restore.
                int i = found++;
                while (i > 0 && groups[i - 1] > group) {
                    groups[i] = groups[i - 1];
                    bodies[i] = bodies[i - 1];
                    i--;
                }
                groups[i] = group;
                bodies[i] = b;
            } catch (BufferUnderflowException e) {
                throw BinaryFormat.underflow(WHAT, e);
            }
        }
        // Two passes over the segments in group order: find the newest run of them in time order and count its
        // entries older than the bound (they lead it), then copy the newest cap of those straight into the ring.
        long previous = Long.MIN_VALUE;
        int begin = 0;
        int older = 0;
        int n = 0;
        for (int k = 0; k < found; k++) {
            ByteBuffer b = bodies[k];
            for (int at = b.position(); at < b.limit() - 4; at += 16) {
                long ts = b.getLong(at + 8);
                if (ts <= previous) { // only at a segment's start: each was checked within itself above
                    begin = n;
                    older = n;
                }
                previous = ts;
                n++;
                if (ts < bound) {
                    older = n;
                }
            }
        }
        int skip = Math.max(begin, older - cap);
        int i = 0;
        int size = 0;
        for (int k = 0; k < found && i < older; k++) {
            ByteBuffer b = bodies[k];
            for (int at = b.position(); at < b.limit() - 4 && i < older; at += 16, i++) {
                if (i >= skip) {
                    s.ringZ[size] = b.getDouble(at);
                    s.ringTs[size++] = b.getLong(at + 8);
                }
            }
        }
        s.ringStart = 0;
        s.ringSize = size;
    }
}
