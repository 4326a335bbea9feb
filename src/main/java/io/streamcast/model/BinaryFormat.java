package io.streamcast.model;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** The frame shared by the binary formats: magic, format version, body, CRC32C of everything before it. */
public final class BinaryFormat {
    private BinaryFormat() {
    }

    public static ByteBuffer begin(int size, int magic, short version) {
        ByteBuffer b = ByteBuffer.allocate(size + 10);
        b.putInt(magic).putShort(version);
        return b;
    }

    public static byte[] finish(ByteBuffer b) {
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        if (b.hasRemaining()) {
            throw new IllegalStateException("size miscounted by " + b.remaining() + " bytes");
        }
        return b.array();
    }

    /** Checks frame and checksum and returns a buffer positioned at the body. */
    public static ByteBuffer open(byte[] bytes, int magic, short version, String what) {
        return open(bytes, magic, version, version, what);
    }

    /**
     * As {@link #open(byte[], int, short, String)} for a format whose versions {@code oldest} to {@code newest}
     * are read; the version read is at offset 4.
     */
    public static ByteBuffer open(byte[] bytes, int magic, short oldest, short newest, String what) {
        if (bytes == null) {
            throw new CorruptDataException(what + ": no bytes (null)");
        }
        if (bytes.length < 10) {
            throw new CorruptDataException(what + ": " + bytes.length + " bytes is too short for a header");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int m = b.getInt();
        if (m != magic) {
            throw new CorruptDataException(String.format("%s: bad magic 0x%08x (expected 0x%08x): not a %s",
                    what, m, magic, what));
        }
        short v = b.getShort();
        if (v < oldest || v > newest) {
            throw new CorruptDataException(what + ": format version " + v + " is not supported (this build reads "
                    + (oldest == newest ? String.valueOf(newest) : oldest + " to " + newest) + ")");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt();
        if (stored != (int) crc.getValue()) {
            throw new CorruptDataException(what + ": checksum mismatch (truncated or corrupted, " + bytes.length
                    + " bytes)");
        }
        return b;
    }

    /** Ensures the body was consumed exactly. */
    public static void close(ByteBuffer b, String what) {
        if (b.remaining() != 4) {
            throw new CorruptDataException(what + ": " + (b.remaining() - 4) + " unexpected bytes after the body");
        }
    }

    public static int count(ByteBuffer b, String what, String field, int max) {
        int n = b.getInt();
        if (n < 0 || n > max) {
            throw new CorruptDataException(what + ": " + field + " = " + n + " is out of range [0, " + max + "]");
        }
        return n;
    }

    public static RuntimeException underflow(String what, BufferUnderflowException e) {
        return new CorruptDataException(what + ": ends before the body is complete");
    }
}
