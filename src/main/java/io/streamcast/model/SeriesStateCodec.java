package io.streamcast.model;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Binary form of {@link SeriesState}, format 1 (read and written on every event, hence not JSON):
 * magic "SCST", version, counters, normaliser, pending forecast, interval calibration, hidden state, anomaly slots, then the
 * ring of recent (z, ts) oldest first, CRC32C.
 */
public final class SeriesStateCodec {
    public static final int MAGIC = 0x53435354; // "SCST"
    public static final short FORMAT = 1;
    private static final String WHAT = "streamcast series state";
    private static final int MAX_LEN = 1 << 20;
    /** Score slots of the builds before the typical-error and longest-plateau slots. */
    static final int LEGACY_SCORE_STATS = 10;

    private SeriesStateCodec() {
    }

    public static byte[] encode(SeriesState s) {
        int size = 8 * 4 + 8 * 5 + 4 + 8 * s.hidden.length + 4 + 8 * SeriesState.SCORE_STATS + 8 + 16 * s.ringSize;
        ByteBuffer b = BinaryFormat.begin(size, MAGIC, FORMAT);
        b.putLong(s.modelVersion).putLong(s.lastEventTime).putLong(s.steps).putLong(s.normCount);
        b.putDouble(s.normMean).putDouble(s.normVar).putDouble(s.forecastMean).putDouble(s.forecastScale)
                .putDouble(s.calibration);
        b.putInt(s.hidden.length);
        for (double h : s.hidden) {
            b.putDouble(h);
        }
        b.putInt(SeriesState.SCORE_STATS);
        for (double v : s.scoreStats) {
            b.putDouble(v);
        }
        b.putInt(s.ringZ.length).putInt(s.ringSize);
        for (int i = 0; i < s.ringSize; i++) {
            b.putDouble(s.windowValue(i)).putLong(s.windowTime(i));
        }
        return BinaryFormat.finish(b);
    }

    public static SeriesState decode(byte[] bytes) {
        ByteBuffer b = BinaryFormat.open(bytes, MAGIC, FORMAT, WHAT);
        try {
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
            int sn = BinaryFormat.count(b, WHAT, "score slots", SeriesState.SCORE_STATS);
            if (sn != SeriesState.SCORE_STATS && sn != LEGACY_SCORE_STATS) {
                throw new CorruptDataException(WHAT + ": " + sn + " score slots, expected " + SeriesState.SCORE_STATS
                        + " (or " + LEGACY_SCORE_STATS + " from an earlier build)");
            }
            double[] stats = new double[SeriesState.SCORE_STATS];
            for (int i = 0; i < sn; i++) {
                double v = b.getDouble();
                // The earlier build's anomaly statistics are on another scale: they restart (the scorer re-warms).
                stats[i] = sn == SeriesState.SCORE_STATS ? v : 0;
            }
            int cap = BinaryFormat.count(b, WHAT, "window capacity", 4096);
            int size = BinaryFormat.count(b, WHAT, "window size", cap);
            if (cap == 0) {
                throw new CorruptDataException(WHAT + ": window capacity 0");
            }
            SeriesState s = new SeriesState(hn, cap);
            System.arraycopy(stats, 0, s.scoreStats, 0, SeriesState.SCORE_STATS);
            s.modelVersion = modelVersion;
            s.lastEventTime = last;
            s.steps = steps;
            s.normCount = count;
            s.normMean = mean;
            s.normVar = var;
            s.forecastMean = fm;
            s.forecastScale = fs;
            s.calibration = calibration;
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
}
