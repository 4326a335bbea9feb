package io.streamcast.model;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Binary form of {@link Weights}, format 1: magic "SCWT", version, cell, layers, input and hidden size,
 * model version, parameter count, the parameters as IEEE doubles, CRC32C.
 */
public final class WeightsCodec {
    public static final int MAGIC = 0x53435754; // "SCWT"
    public static final short FORMAT = 1;
    private static final String WHAT = "streamcast weights";

    private WeightsCodec() {
    }

    public static byte[] encode(Weights w) {
        NetworkShape s = w.shape();
        double[] p = w.raw();
        ByteBuffer b = BinaryFormat.begin(2 + 8 + 8 + 4 + 8 * p.length, MAGIC, FORMAT);
        b.put((byte) s.cell().ordinal()).put((byte) s.layers());
        b.putInt(s.inputSize()).putInt(s.hiddenSize());
        b.putLong(w.version());
        b.putInt(p.length);
        for (double v : p) {
            b.putDouble(v);
        }
        return BinaryFormat.finish(b);
    }

    public static Weights decode(byte[] bytes) {
        ByteBuffer b = BinaryFormat.open(bytes, MAGIC, FORMAT, WHAT);
        try {
            int cell = b.get();
            if (cell < 0 || cell >= CellType.values().length) {
                throw new CorruptDataException(WHAT + ": unknown cell type " + cell);
            }
            int layers = b.get();
            NetworkShape shape;
            try {
                shape = new NetworkShape(CellType.values()[cell], b.getInt(), b.getInt(), layers);
            } catch (IllegalArgumentException e) {
                throw new CorruptDataException(WHAT + ": bad shape: " + e.getMessage());
            }
            long version = b.getLong();
            int n = BinaryFormat.count(b, WHAT, "parameter count", shape.parameterCount());
            if (n != shape.parameterCount()) {
                throw new CorruptDataException(WHAT + ": " + n + " parameters do not fit " + shape);
            }
            double[] p = new double[n];
            for (int i = 0; i < n; i++) {
                p[i] = b.getDouble();
            }
            BinaryFormat.close(b, WHAT);
            return new Weights(shape, version, p);
        } catch (BufferUnderflowException e) {
            throw BinaryFormat.underflow(WHAT, e);
        }
    }
}
