package io.streamcast.model;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Binary form of a whole {@link SeriesState}, ring included, format 5: magic "SCST", version, counters,
 * normaliser, pending forecast, interval calibration, hidden state, the anomaly statistics field by field
 * ({@code putStats}), the forecast combination's candidates, errors and counts (together the body), then the ring
 * of recent (z, ts) oldest first, CRC32C. The training side keeps states in this form; the forecast store keeps
 * the body and the ring apart ({@link LiveStateCodec}) and still reads this form where earlier builds wrote it.
 * <p>
 * Format 1 is still read: the same frame with the anomaly statistics as a count and that many unnamed
 * double slots, 12 ({@code getSlots} names them) or, from the builds before the typical-miss and longest-run
 * slots, 10 (those statistics restart). Format 2 fixes their meaning by name and stores counts as longs;
 * format 2 is read with the combination not yet scored (it blends again after its warm-up). Format 4 adds the
 * seasonal second opinion's count and typical miss to the anomaly statistics; format 3 is read with them at 0
 * (the second opinion warms up again). Format 5 adds the empirical tail ({@code anomaly.tailHalfLife}): how
 * many levels it counts (0 without it), then its weight, its counts and the level the current excursion reached;
 * format 4 is read without it (it starts
 * afresh where a spec has it).
 */
public final class SeriesStateCodec {
    public static final int MAGIC = 0x53435354; // "SCST"
    public static final short FORMAT = 5;
    /** The oldest format this build reads. */
    private static final short OLDEST = 1;
    private static final String WHAT = "streamcast series state";
    private static final int MAX_LEN = 1 << 20;
    /** The largest ring a decoder accepts (ModelConfig's window limit). */
    static final int MAX_WINDOW = 4096;
    /** Bytes of the anomaly statistics in format 4: six counts, seven doubles, the incident. */
    private static final int STATS_BYTES = 8 * 6 + 8 * 7 + 1;
    /** Bytes of the empirical tail in format 5 without counts: how many levels it counts (0 without it). */
    private static final int TAIL_BYTES = 1;
    /** Anomaly slots of format 1. */
    private static final int SCORE_STATS = 12;
    /** Anomaly slots of the builds before the typical-miss and longest-run slots. */
    private static final int LEGACY_SCORE_STATS = 10;
    /** Bytes of the forecast combination in format 3: six doubles and two counts. */
    private static final int COMBINATION_BYTES = 8 * 8;

    private SeriesStateCodec() {
    }

    /** What every format version writes first: counters, normaliser, pending forecast, calibration, hidden state. */
    static void putHead(ByteBuffer b, SeriesState s) {
        b.putLong(s.modelVersion).putLong(s.lastEventTime).putLong(s.steps).putLong(s.normCount);
        b.putDouble(s.normMean).putDouble(s.normVar).putDouble(s.forecastMean).putDouble(s.forecastScale)
                .putDouble(s.calibration);
        b.putInt(s.hidden.length);
        for (double h : s.hidden) {
            b.putDouble(h);
        }
    }

    public static byte[] encode(SeriesState s) {
        ByteBuffer b = BinaryFormat.begin(bodyBytes(s) + 8 + 16 * s.ringSize, MAGIC, FORMAT);
        putBody(b, s);
        b.putInt(s.ringZ.length).putInt(s.ringSize);
        putWindow(b, s, 0);
        return BinaryFormat.finish(b);
    }

    public static SeriesState decode(byte[] bytes) {
        ByteBuffer b = BinaryFormat.open(bytes, MAGIC, OLDEST, FORMAT, WHAT);
        try {
            SeriesState s = getBody(b, b.getShort(4), WHAT, null);
            int cap = BinaryFormat.count(b, WHAT, "window capacity", MAX_WINDOW);
            int size = BinaryFormat.count(b, WHAT, "window size", cap);
            if (cap == 0) {
                throw new CorruptDataException(WHAT + ": window capacity 0");
            }
            s.allocateWindow(cap);
            getWindow(b, s, size);
            BinaryFormat.close(b, WHAT);
            // The whole ring was inline: a store that splits it off writes its ring record at the next event.
            s.ringSavedAt = -1;
            return s;
        } catch (BufferUnderflowException e) {
            throw BinaryFormat.underflow(WHAT, e);
        }
    }

    /** Bytes of {@link #putBody}. */
    static int bodyBytes(SeriesState s) {
        int tail = s.anomaly.hasTail() ? 8 + 8 * s.anomaly.tail.length + 1 : 0;
        return 8 * 4 + 8 * 5 + 4 + 8 * s.hidden.length + STATS_BYTES + TAIL_BYTES + tail + COMBINATION_BYTES;
    }

    /** Everything but the ring, as format 5 lays it out. */
    static void putBody(ByteBuffer b, SeriesState s) {
        putHead(b, s);
        putStats(b, s.anomaly);
        b.putDouble(s.candModel).putDouble(s.candNaive).putDouble(s.candSeasonal).putDouble(s.errModel)
                .putDouble(s.errNaive).putDouble(s.errSeasonal).putLong(s.combScored).putLong(s.seasonalScored);
    }

    /** The ring's entries from the i-th oldest on, as (z, ts) pairs. */
    static void putWindow(ByteBuffer b, SeriesState s, int from) {
        putWindow(b, s, from, s.ringSize);
    }

    /** The ring's entries from the i-th oldest up to (not including) the j-th, as (z, ts) pairs. */
    static void putWindow(ByteBuffer b, SeriesState s, int from, int to) {
        int cap = s.ringZ.length;
        for (int i = from; i < to; i++) {
            int at = s.ringStart + i < cap ? s.ringStart + i : s.ringStart + i - cap;
            b.putDouble(s.ringZ[at]).putLong(s.ringTs[at]);
        }
    }

    /** Pushes {@code n} (z, ts) pairs as {@link #putWindow} wrote them onto the state's ring. */
    static void getWindow(ByteBuffer b, SeriesState s, int n) {
        for (int i = 0; i < n; i++) {
            s.push(b.getDouble(), b.getLong());
        }
    }

    /**
     * Reads what {@link #putBody} wrote (or, for formats 1 and 2, their layouts of it) into a state whose ring is
     * not yet allocated: into {@code scratch} when it fits ({@link SeriesState#reuse}), else a new one.
     */
    static SeriesState getBody(ByteBuffer b, short format, String what, SeriesState scratch) {
        long modelVersion = b.getLong();
        long last = b.getLong();
        long steps = b.getLong();
        long count = b.getLong();
        double mean = b.getDouble();
        double var = b.getDouble();
        double fm = b.getDouble();
        double fs = b.getDouble();
        double calibration = b.getDouble();
        int hn = BinaryFormat.count(b, what, "hidden size", MAX_LEN);
        if (hn == 0) {
            throw new CorruptDataException(what + ": hidden size 0");
        }
        SeriesState s = SeriesState.reuse(scratch, hn);
        for (int i = 0; i < hn; i++) {
            s.hidden[i] = b.getDouble();
        }
        if (format == 1) {
            s.anomaly.copyFrom(getSlots(b));
        } else {
            getStats(b, s.anomaly, format);
        }
        s.modelVersion = modelVersion;
        s.lastEventTime = last;
        s.steps = steps;
        s.normCount = count;
        s.normMean = mean;
        s.normVar = var;
        s.forecastMean = fm;
        s.forecastScale = fs;
        s.calibration = calibration;
        if (format >= 3) {
            s.candModel = b.getDouble();
            s.candNaive = b.getDouble();
            s.candSeasonal = b.getDouble();
            s.errModel = b.getDouble();
            s.errNaive = b.getDouble();
            s.errSeasonal = b.getDouble();
            s.combScored = count(b.getLong(), "combination scored");
            s.seasonalScored = count(b.getLong(), "seasonal scored");
        }
        return s;
    }

    private static void putStats(ByteBuffer b, AnomalyStats a) {
        b.putLong(a.seen).putDouble(a.lastValue).putLong(a.flatRun).putLong(a.longestFlatRun);
        b.putLong(a.scored).putDouble(a.typicalMiss).putDouble(a.shortDeviation).putDouble(a.rootMean)
                .putDouble(a.rootVariance).putDouble(a.lastLikelihood);
        b.put((byte) a.incident.ordinal()).putLong(a.quietRun);
        b.putLong(a.seasonalScored).putDouble(a.typicalSeasonalMiss);
        b.put((byte) a.tail.length);
        if (a.hasTail()) {
            b.putDouble(a.tailWeight);
            for (double c : a.tail) {
                b.putDouble(c);
            }
            b.put((byte) a.tailReached);
        }
    }

    private static void getStats(ByteBuffer b, AnomalyStats a, short format) {
        a.seen = count(b.getLong(), "anomaly seen");
        a.lastValue = b.getDouble();
        a.flatRun = count(b.getLong(), "anomaly flat run");
        a.longestFlatRun = count(b.getLong(), "anomaly longest flat run");
        a.scored = count(b.getLong(), "anomaly scored");
        a.typicalMiss = b.getDouble();
        a.shortDeviation = b.getDouble();
        a.rootMean = b.getDouble();
        a.rootVariance = b.getDouble();
        a.lastLikelihood = b.getDouble();
        a.incident = incident(b.get());
        a.quietRun = count(b.getLong(), "anomaly quiet run");
        if (format >= 4) {
            a.seasonalScored = count(b.getLong(), "anomaly seasonal scored");
            a.typicalSeasonalMiss = b.getDouble();
        } else {
            a.seasonalScored = 0;
            a.typicalSeasonalMiss = 0;
        }
        int levels = format >= 5 ? b.get() : 0;
        if (levels == 0) {
            a.dropTail();
        } else if (levels != AnomalyStats.TAIL_NINES.length) {
            throw new CorruptDataException(WHAT + ": an empirical tail of " + levels + " levels, expected "
                    + AnomalyStats.TAIL_NINES.length);
        } else {
            if (a.tail.length != levels) {
                a.startTail();
            }
            a.tailWeight = tailCount(b.getDouble(), "weight");
            for (int i = 0; i < levels; i++) {
                a.tail[i] = tailCount(b.getDouble(), "count");
            }
            a.tailReached = b.get();
            if (a.tailReached < -1 || a.tailReached >= levels) {
                throw new CorruptDataException(WHAT + ": the empirical tail's excursion reached level " + a.tailReached
                        + " of " + levels);
            }
        }
    }

    /** A weight or count of the empirical tail: finite and not negative, or the state is corrupt. */
    private static double tailCount(double v, String what) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new CorruptDataException(WHAT + ": the empirical tail's " + what + " is " + v);
        }
        return v;
    }

    private static long count(long n, String what) {
        if (n < 0) {
            throw new CorruptDataException(WHAT + ": " + what + " = " + n + " is negative");
        }
        return n;
    }

    private static AnomalyStats.Incident incident(long code) {
        if (code < 0 || code >= AnomalyStats.Incident.values().length) {
            throw new CorruptDataException(WHAT + ": unknown incident " + code);
        }
        return AnomalyStats.Incident.values()[(int) code];
    }

    /** Format 1's slots, in the order the scorer indexed them then. */
    private static AnomalyStats getSlots(ByteBuffer b) {
        int n = BinaryFormat.count(b, WHAT, "score slots", SCORE_STATS);
        if (n != SCORE_STATS && n != LEGACY_SCORE_STATS) {
            throw new CorruptDataException(WHAT + ": " + n + " score slots, expected " + SCORE_STATS + " (or "
                    + LEGACY_SCORE_STATS + " from an earlier build)");
        }
        AnomalyStats a = new AnomalyStats();
        if (n == LEGACY_SCORE_STATS) {
            // The earlier build's anomaly statistics are on another scale: they restart (the scorer re-warms).
            for (int i = 0; i < n; i++) {
                b.getDouble();
            }
            return a;
        }
        a.scored = slotCount(b, 0);
        a.rootMean = b.getDouble();
        a.rootVariance = b.getDouble();
        a.shortDeviation = b.getDouble();
        a.incident = incident(slotCount(b, 4));
        a.quietRun = slotCount(b, 5);
        a.lastLikelihood = b.getDouble();
        a.lastValue = b.getDouble();
        a.flatRun = slotCount(b, 8);
        a.seen = slotCount(b, 9);
        a.typicalMiss = b.getDouble();
        a.longestFlatRun = slotCount(b, 11);
        return a;
    }

    /** A count that format 1 kept in a double slot. */
    private static long slotCount(ByteBuffer b, int slot) {
        double v = b.getDouble();
        if (!(v >= 0 && v <= 1L << 53 && v == Math.rint(v))) {
            throw new CorruptDataException(WHAT + ": anomaly slot " + slot + " = " + v + " is not a count");
        }
        return (long) v;
    }
}
