package io.streamcast.training;

import io.streamcast.model.BinaryFormat;
import io.streamcast.model.CorruptDataException;
import io.streamcast.model.SeriesState;
import io.streamcast.model.SeriesStateCodec;
import io.streamcast.model.TrainingWindow;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Binary forms of the training side's values, framed like the other formats (magic, version, CRC32C):
 * a key's {@link WindowCollector} ("SCWC", stored per key) and a {@link TrainingWindow} ("SCTW", sent to
 * the aggregation as a held-back canary window).
 */
public final class TrainingCodec {
    private static final int COLLECTOR_MAGIC = 0x53435743; // "SCWC"
    private static final int WINDOW_MAGIC = 0x53435457; // "SCTW"
    static final short FORMAT = 1;
    private static final String COLLECTOR = "streamcast training window state";
    private static final String WINDOW = "streamcast training window";
    private static final int MAX = 1 << 20;

    private TrainingCodec() {
    }

    public static byte[] encode(WindowCollector c) {
        byte[] series = SeriesStateCodec.encode(c.series);
        long first = Math.max(0, c.pairs - c.inputs.length);
        int n = (int) (c.pairs - first);
        int in = c.pendingInput.length;
        int h = c.pendingHidden.length;
        int snaps = c.snapIndex.length;
        int size = 4 + series.length + 4 * 5 + 8 * 2 + 1 + 8 * in + 8 * h + snaps * (8 + 8 * h) + n * (8 * in + 16);
        ByteBuffer b = BinaryFormat.begin(size, COLLECTOR_MAGIC, FORMAT);
        b.putInt(series.length).put(series);
        b.putInt(c.k1).putInt(c.k2).putInt(in).putInt(n).putInt(snaps);
        b.putLong(c.pairs).putLong(c.windows).put((byte) (c.hasPending ? 1 : 0));
        putAll(b, c.pendingInput);
        putAll(b, c.pendingHidden);
        for (int i = 0; i < snaps; i++) {
            b.putLong(c.snapIndex[i]);
            putAll(b, c.snapState[i]);
        }
        for (long p = first; p < c.pairs; p++) {
            int i = (int) (p % c.inputs.length);
            putAll(b, c.inputs[i]);
            b.putDouble(c.targets[i]).putLong(c.times[i]);
        }
        return BinaryFormat.finish(b);
    }

    public static WindowCollector decodeCollector(byte[] bytes) {
        ByteBuffer b = BinaryFormat.open(bytes, COLLECTOR_MAGIC, FORMAT, COLLECTOR);
        try {
            byte[] seriesBytes = new byte[BinaryFormat.count(b, COLLECTOR, "series length", MAX)];
            b.get(seriesBytes);
            SeriesState series = SeriesStateCodec.decode(seriesBytes);
            int k1 = BinaryFormat.count(b, COLLECTOR, "k1", 100_000);
            int k2 = BinaryFormat.count(b, COLLECTOR, "k2", 100_000);
            int in = BinaryFormat.count(b, COLLECTOR, "input size", 64);
            int n = BinaryFormat.count(b, COLLECTOR, "pairs kept", k1 + k2);
            int snaps = BinaryFormat.count(b, COLLECTOR, "snapshots", 100_000);
            if (k1 < 1 || k2 < 1 || in < 1) {
                throw new CorruptDataException(COLLECTOR + ": k1, k2 and input size must be >= 1");
            }
            WindowCollector c = new WindowCollector(series, k1, k2, in);
            if (snaps != c.snapIndex.length) {
                throw new CorruptDataException(COLLECTOR + ": " + snaps + " snapshots for k1 = " + k1 + ", k2 = " + k2);
            }
            c.pairs = b.getLong();
            c.windows = b.getLong();
            c.hasPending = b.get() == 1;
            if (c.pairs < n || c.windows < 0) {
                throw new CorruptDataException(COLLECTOR + ": counters out of range");
            }
            getAll(b, c.pendingInput);
            getAll(b, c.pendingHidden);
            for (int i = 0; i < snaps; i++) {
                c.snapIndex[i] = b.getLong();
                getAll(b, c.snapState[i]);
            }
            for (long p = c.pairs - n; p < c.pairs; p++) {
                int i = (int) (p % c.inputs.length);
                getAll(b, c.inputs[i]);
                c.targets[i] = b.getDouble();
                c.times[i] = b.getLong();
            }
            BinaryFormat.close(b, COLLECTOR);
            return c;
        } catch (BufferUnderflowException e) {
            throw BinaryFormat.underflow(COLLECTOR, e);
        }
    }

    public static byte[] encode(TrainingWindow w) {
        int len = w.length();
        int in = w.inputs()[0].length;
        ByteBuffer b = BinaryFormat.begin(4 * 3 + 16 + 8 * w.startState().length + len * 8 * (in + 1),
                WINDOW_MAGIC, FORMAT);
        b.putInt(w.startState().length).putInt(len).putInt(in).putLong(w.firstTs()).putLong(w.lastTs());
        putAll(b, w.startState());
        for (int t = 0; t < len; t++) {
            putAll(b, w.inputs()[t]);
            b.putDouble(w.targets()[t]);
        }
        return BinaryFormat.finish(b);
    }

    public static TrainingWindow decodeWindow(byte[] bytes) {
        ByteBuffer b = BinaryFormat.open(bytes, WINDOW_MAGIC, FORMAT, WINDOW);
        try {
            double[] start = new double[BinaryFormat.count(b, WINDOW, "state size", MAX)];
            int len = BinaryFormat.count(b, WINDOW, "length", 100_000);
            int in = BinaryFormat.count(b, WINDOW, "input size", 64);
            if (len < 1 || in < 1) {
                throw new CorruptDataException(WINDOW + ": empty window");
            }
            long first = b.getLong();
            long last = b.getLong();
            getAll(b, start);
            double[][] inputs = new double[len][in];
            double[] targets = new double[len];
            for (int t = 0; t < len; t++) {
                getAll(b, inputs[t]);
                targets[t] = b.getDouble();
            }
            BinaryFormat.close(b, WINDOW);
            return new TrainingWindow(start, inputs, targets, first, last);
        } catch (BufferUnderflowException e) {
            throw BinaryFormat.underflow(WINDOW, e);
        }
    }

    private static void putAll(ByteBuffer b, double[] a) {
        for (double v : a) {
            b.putDouble(v);
        }
    }

    private static void getAll(ByteBuffer b, double[] a) {
        for (int i = 0; i < a.length; i++) {
            a[i] = b.getDouble();
        }
    }
}
