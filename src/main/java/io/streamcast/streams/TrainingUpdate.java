package io.streamcast.streams;

import io.streamcast.model.CorruptDataException;
import io.streamcast.model.TrainingCodec;
import io.streamcast.model.TrainingWindow;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * What the per-key side sends the aggregation (on the training-updates topic, keyed by model key): either
 * the sum of the gradients of some windows, computed against model version {@code baseVersion}, or one
 * held-back canary window.
 */
record TrainingUpdate(long baseVersion, long windows, double lossSum, long firstTs, long lastTs, double[] gradSum,
                      TrainingWindow canary) {
    private static final int MAGIC = 0x53435455; // "SCTU"
    private static final byte GRADIENT = 1;
    private static final byte CANARY = 2;

    static TrainingUpdate gradient(long baseVersion, long windows, double lossSum, long firstTs, long lastTs,
                                   double[] gradSum) {
        return new TrainingUpdate(baseVersion, windows, lossSum, firstTs, lastTs, gradSum, null);
    }

    static TrainingUpdate canary(TrainingWindow w) {
        return new TrainingUpdate(-1, 0, 0, w.firstTs(), w.lastTs(), null, w);
    }

    boolean isCanary() {
        return canary != null;
    }

    byte[] encode() {
        if (isCanary()) {
            byte[] w = TrainingCodec.encode(canary);
            return ByteBuffer.allocate(5 + w.length).putInt(MAGIC).put(CANARY).put(w).array();
        }
        ByteBuffer b = ByteBuffer.allocate(5 + 8 * 5 + 4 + 8 * gradSum.length);
        b.putInt(MAGIC).put(GRADIENT).putLong(baseVersion).putLong(windows).putDouble(lossSum).putLong(firstTs)
                .putLong(lastTs).putInt(gradSum.length);
        for (double g : gradSum) {
            b.putDouble(g);
        }
        return b.array();
    }

    static TrainingUpdate decode(byte[] bytes) {
        if (bytes == null || bytes.length < 5) {
            throw new CorruptDataException("training update: too short");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (b.getInt() != MAGIC) {
            throw new CorruptDataException("training update: bad magic");
        }
        byte kind = b.get();
        if (kind == CANARY) {
            byte[] w = new byte[b.remaining()];
            b.get(w);
            return canary(TrainingCodec.decodeWindow(w));
        }
        if (kind != GRADIENT) {
            throw new CorruptDataException("training update: unknown kind " + kind);
        }
        try {
            long base = b.getLong();
            long windows = b.getLong();
            double loss = b.getDouble();
            long first = b.getLong();
            long last = b.getLong();
            int n = b.getInt();
            if (n < 0 || n * 8L != b.remaining() || windows < 1) {
                throw new CorruptDataException("training update: " + n + " gradient values do not fit "
                        + b.remaining() + " bytes (or no windows)");
            }
            double[] g = new double[n];
            for (int i = 0; i < n; i++) {
                g[i] = b.getDouble();
            }
            return gradient(base, windows, loss, first, last, g);
        } catch (BufferUnderflowException e) {
            throw new CorruptDataException("training update: ends early");
        }
    }
}
