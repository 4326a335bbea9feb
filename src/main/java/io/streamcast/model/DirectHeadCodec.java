package io.streamcast.model;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Binary form of a fitted {@link DirectHead}, format 1: magic "SCDH", version, what it was fitted for (lookback,
 * horizon, ridge, stride, season), the coefficient count and the coefficients as IEEE doubles, CRC32C. How the
 * head is blended (origins, share) is the spec's, not the file's.
 */
public final class DirectHeadCodec {
    public static final int MAGIC = 0x53434448; // "SCDH"
    public static final short FORMAT = 1;
    private static final String WHAT = "streamcast direct head";

    private DirectHeadCodec() {
    }

    public static byte[] encode(DirectHead h) {
        DirectConfig c = h.config();
        double[] coef = h.coefficients();
        ByteBuffer b = BinaryFormat.begin(4 + 4 + 8 + 4 + 4 + 4 + 8 * coef.length, MAGIC, FORMAT);
        b.putInt(c.lookback()).putInt(c.horizon()).putDouble(c.ridge()).putInt(c.stride()).putInt(h.season());
        b.putInt(coef.length);
        for (double v : coef) {
            b.putDouble(v);
        }
        return BinaryFormat.finish(b);
    }

    /**
     * Reads a head fitted for {@code config} (its lookback, horizon, ridge and stride) and {@code season}; a file
     * fitted for anything else is refused with what differs, since its coefficients would mean something else.
     */
    public static DirectHead decode(byte[] bytes, DirectConfig config, int season) {
        ByteBuffer b = BinaryFormat.open(bytes, MAGIC, FORMAT, WHAT);
        try {
            int lookback = b.getInt();
            int horizon = b.getInt();
            double ridge = b.getDouble();
            int stride = b.getInt();
            int fittedSeason = b.getInt();
            if (lookback != config.lookback() || horizon != config.horizon() || ridge != config.ridge()
                    || stride != config.stride() || fittedSeason != season) {
                throw new IllegalArgumentException("the head was fitted for lookback " + lookback + ", horizon "
                        + horizon + ", ridge " + ridge + ", stride " + stride + " and season " + fittedSeason
                        + ", but the spec asks for " + config.lookback() + ", " + config.horizon() + ", "
                        + config.ridge() + ", " + config.stride() + " and " + season + "; fit it again with "
                        + "`streamcast train`");
            }
            int expected = (lookback + 1) * horizon;
            int n = BinaryFormat.count(b, WHAT, "coefficient count", expected);
            if (n != expected) {
                throw new CorruptDataException(WHAT + ": " + n + " coefficients, expected " + expected);
            }
            double[] coef = new double[n];
            for (int i = 0; i < n; i++) {
                coef[i] = b.getDouble();
            }
            BinaryFormat.close(b, WHAT);
            return new DirectHead(config, season, coef);
        } catch (BufferUnderflowException e) {
            throw BinaryFormat.underflow(WHAT, e);
        }
    }
}
