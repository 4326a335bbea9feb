package io.streamcast.model;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Binary form of a fitted {@link DirectHead}, format 3: magic "SCDH", version, what it was fitted for (lookback,
 * horizon, ridge, stride, season, hidden units, epochs, seeds), the coefficient count and the coefficients as IEEE
 * doubles, then the hidden layer's parameter count and parameters (0 without one; with several seeds, their mean as
 * one wider layer), CRC32C. Format 2 (one seed: no seed count) and format 1 (no hidden layer: neither the counts
 * after season nor the layer) are still read. How the head is blended (origins, share) is the spec's, not the
 * file's.
 */
public final class DirectHeadCodec {
    public static final int MAGIC = 0x53434448; // "SCDH"
    public static final short FORMAT = 3;
    private static final String WHAT = "streamcast direct head";

    private DirectHeadCodec() {
    }

    public static byte[] encode(DirectHead h) {
        DirectConfig c = h.config();
        double[] coef = h.coefficients();
        double[] layer = h.mlp() == null ? new double[0] : h.mlp().parameters();
        ByteBuffer b = BinaryFormat.begin(4 + 4 + 8 + 4 + 4 + 4 + 4 + 4 + 4 + 8 * coef.length + 4 + 8 * layer.length,
                MAGIC, FORMAT);
        b.putInt(c.lookback()).putInt(c.horizon()).putDouble(c.ridge()).putInt(c.stride()).putInt(h.season());
        b.putInt(c.hidden()).putInt(c.epochs()).putInt(c.seeds());
        putDoubles(b, coef);
        putDoubles(b, layer);
        return BinaryFormat.finish(b);
    }

    private static void putDoubles(ByteBuffer b, double[] values) {
        b.putInt(values.length);
        for (double v : values) {
            b.putDouble(v);
        }
    }

    /** A count that must be {@code expected}, then that many doubles. */
    private static double[] doubles(ByteBuffer b, String what, int expected) {
        int n = BinaryFormat.count(b, WHAT, what, expected);
        if (n != expected) {
            throw new CorruptDataException(WHAT + ": " + n + " " + what + ", expected " + expected);
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = b.getDouble();
        }
        return values;
    }

    /**
     * Reads a head fitted for {@code config} (its lookback, horizon, ridge, stride, hidden units, epochs and seeds)
     * and {@code season}; a file fitted for anything else is refused with what differs, since its coefficients
     * would mean something else.
     */
    public static DirectHead decode(byte[] bytes, DirectConfig config, int season) {
        ByteBuffer b = BinaryFormat.open(bytes, MAGIC, (short) 1, FORMAT, WHAT);
        short format = ByteBuffer.wrap(bytes).getShort(4);
        boolean layered = format >= 2;
        try {
            int lookback = b.getInt();
            int horizon = b.getInt();
            double ridge = b.getDouble();
            int stride = b.getInt();
            int fittedSeason = b.getInt();
            int hidden = layered ? b.getInt() : 0;
            int epochs = layered ? b.getInt() : 0;
            int seeds = format >= 3 ? b.getInt() : 1;
            if (lookback != config.lookback() || horizon != config.horizon() || ridge != config.ridge()
                    || stride != config.stride() || fittedSeason != season || hidden != config.hidden()
                    || epochs != config.epochs() || seeds != config.seeds()) {
                throw new IllegalArgumentException("the head was fitted for lookback " + lookback + ", horizon "
                        + horizon + ", ridge " + ridge + ", stride " + stride + ", season " + fittedSeason
                        + ", hidden " + hidden + ", epochs " + epochs + " and seeds " + seeds
                        + ", but the spec asks for " + config.lookback() + ", " + config.horizon() + ", "
                        + config.ridge() + ", " + config.stride() + ", " + season + ", " + config.hidden() + ", "
                        + config.epochs() + " and " + config.seeds() + "; fit it again with `streamcast train`");
            }
            double[] coef = doubles(b, "coefficients", (lookback + 1) * horizon);
            double[] layer = layered ? doubles(b, "hidden layer parameters",
                    hidden == 0 ? 0 : DirectMlp.size(lookback, config.hiddenUnits(), horizon)) : new double[0];
            BinaryFormat.close(b, WHAT);
            return new DirectHead(config, season, coef,
                    hidden == 0 ? null : new DirectMlp(lookback, config.hiddenUnits(), horizon, layer));
        } catch (BufferUnderflowException e) {
            throw BinaryFormat.underflow(WHAT, e);
        }
    }
}
