package io.streamcast.model;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Binary form of {@link SeriesState} (read and written on every event, hence not JSON), format 3: magic
 * "SCST", version, counters, normaliser, pending forecast, interval calibration, hidden state, the anomaly
 * statistics field by field ({@code putStats}), the forecast combination's candidates, errors and counts, then the ring of recent (z, ts) oldest first, CRC32C.
 * <p>
 * Format 1 is still read: the same frame with the anomaly statistics as a count and that many unnamed
 * double slots, 12 ({@code getSlots} names them) or, from the builds before the typical-miss and longest-run
 * slots, 10 (those statistics restart). Format 2 fixes their meaning by name and stores counts as longs;
 * format 2 is read with the combination not yet scored (it blends again after its warm-up).
 */
public final class SeriesStateCodec {
    public static final int MAGIC = 0x53435354; // "SCST"
    public static final short FORMAT = 3;
    /** The oldest format this build reads. */
    private static final short OLDEST = 1;
    private static final String WHAT = "streamcast series state";
    private static final int MAX_LEN = 1 << 20;
    /** Bytes of the anomaly statistics in format 2: five counts, six doubles, the incident. */
    private static final int STATS_BYTES = 8 * 5 + 8 * 6 + 1;
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
        int size = 8 * 4 + 8 * 5 + 4 + 8 * s.hidden.length + STATS_BYTES + COMBINATION_BYTES + 8 + 16 * s.ringSize;
        ByteBuffer b = BinaryFormat.begin(size, MAGIC, FORMAT);
        putHead(b, s);
        putStats(b, s.anomaly);
        b.putDouble(s.candModel).putDouble(s.candNaive).putDouble(s.candSeasonal).putDouble(s.errModel)
                .putDouble(s.errNaive).putDouble(s.errSeasonal).putLong(s.combScored).putLong(s.seasonalScored);
        b.putInt(s.ringZ.length).putInt(s.ringSize);
        for (int i = 0; i < s.ringSize; i++) {
            b.putDouble(s.windowValue(i)).putLong(s.windowTime(i));
        }
        return BinaryFormat.finish(b);
    }

    public static SeriesState decode(byte[] bytes) {
        ByteBuffer b = BinaryFormat.open(bytes, MAGIC, OLDEST, FORMAT, WHAT);
        try {
            short format = b.getShort(4);
            long modelVersion = b.getLong();
            long last = b.getLong();
            long steps = b.getLong();
            long count = b.getLong();
            double mean = b.getDouble();
            double var = b.getDouble();
            double fm = b.getDouble();
            double fs = b.getDouble();
            double calibration = b.getDouble();
            int hn = BinaryFormat.count(b, WHAT, "hidden size", MAX_LEN);
            if (hn == 0) {
                throw new CorruptDataException(WHAT + ": hidden size 0");
            }
            double[] hidden = new double[hn];
            for (int i = 0; i < hn; i++) {
                hidden[i] = b.getDouble();
            }
            AnomalyStats stats = format == 1 ? getSlots(b) : getStats(b);
            double[] comb = {Double.NaN, Double.NaN, Double.NaN, 0, 0, 0};
            long combScored = 0;
            long seasonalScored = 0;
            if (format >= 3) {
                for (int i = 0; i < comb.length; i++) {
                    comb[i] = b.getDouble();
                }
                combScored = count(b.getLong(), "combination scored");
                seasonalScored = count(b.getLong(), "seasonal scored");
            }
            int cap = BinaryFormat.count(b, WHAT, "window capacity", 4096);
            int size = BinaryFormat.count(b, WHAT, "window size", cap);
            if (cap == 0) {
                throw new CorruptDataException(WHAT + ": window capacity 0");
            }
            SeriesState s = new SeriesState(hn, cap);
            s.anomaly.copyFrom(stats);
            s.modelVersion = modelVersion;
            s.lastEventTime = last;
            s.steps = steps;
            s.normCount = count;
            s.normMean = mean;
            s.normVar = var;
            s.forecastMean = fm;
            s.forecastScale = fs;
            s.calibration = calibration;
            s.candModel = comb[0];
            s.candNaive = comb[1];
            s.candSeasonal = comb[2];
            s.errModel = comb[3];
            s.errNaive = comb[4];
            s.errSeasonal = comb[5];
            s.combScored = combScored;
            s.seasonalScored = seasonalScored;
            System.arraycopy(hidden, 0, s.hidden, 0, hn);
            for (int i = 0; i < size; i++) {
                s.push(b.getDouble(), b.getLong());
            }
            BinaryFormat.close(b, WHAT);
            return s;
        } catch (BufferUnderflowException e) {
            throw BinaryFormat.underflow(WHAT, e);
        }
    }

    private static void putStats(ByteBuffer b, AnomalyStats a) {
        b.putLong(a.seen).putDouble(a.lastValue).putLong(a.flatRun).putLong(a.longestFlatRun);
        b.putLong(a.scored).putDouble(a.typicalMiss).putDouble(a.shortDeviation).putDouble(a.rootMean)
                .putDouble(a.rootVariance).putDouble(a.lastLikelihood);
        b.put((byte) a.incident.ordinal()).putLong(a.quietRun);
    }

    private static AnomalyStats getStats(ByteBuffer b) {
        AnomalyStats a = new AnomalyStats();
        a.seen = count(b.getLong(), "seen");
        a.lastValue = b.getDouble();
        a.flatRun = count(b.getLong(), "flat run");
        a.longestFlatRun = count(b.getLong(), "longest flat run");
        a.scored = count(b.getLong(), "scored");
        a.typicalMiss = b.getDouble();
        a.shortDeviation = b.getDouble();
        a.rootMean = b.getDouble();
        a.rootVariance = b.getDouble();
        a.lastLikelihood = b.getDouble();
        a.incident = incident(b.get());
        a.quietRun = count(b.getLong(), "quiet run");
        return a;
    }

    private static long count(long n, String what) {
        if (n < 0) {
            throw new CorruptDataException(WHAT + ": anomaly " + what + " = " + n + " is negative");
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
