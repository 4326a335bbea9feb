package io.streamcast.model;

/** A byte buffer that is not a valid encoding of what it claims to be: wrong magic, version, length or checksum. */
public final class CorruptDataException extends IllegalArgumentException {
    public CorruptDataException(String message) {
        super(message);
    }
}
