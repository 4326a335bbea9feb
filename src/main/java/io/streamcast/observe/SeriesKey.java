package io.streamcast.observe;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A series key as it appears in a URL: percent-encoded UTF-8 (so "/" in a key is "%2F", and "+" is itself).
 * Store keys are the Kafka record keys' bytes, which the forecast application reads as UTF-8.
 */
final class SeriesKey {
    /** Longer keys are refused: no sensor id is this long, and it bounds what a request can make us do. */
    static final int MAX_BYTES = 1024;

    private SeriesKey() {
    }

    /** Thrown for a key the API refuses, with why (a 400). */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message);
        }
    }

    /** Decodes and checks a key taken from a raw (still percent-encoded) URL part. */
    static String decode(String raw) throws Malformed {
        if (raw.isEmpty()) {
            throw new Malformed("empty key: use /series/{key}, or /series?prefix= to list keys");
        }
        return check(percentDecode(raw, false));
    }

    /** Decodes a query parameter's value ("+" is a space there, as HTML forms send it). */
    static String decodeQuery(String raw) throws Malformed {
        return check(percentDecode(raw, true));
    }

    private static String check(byte[] bytes) throws Malformed {
        if (bytes.length > MAX_BYTES) {
            throw new Malformed("key is " + bytes.length + " bytes; at most " + MAX_BYTES);
        }
        String key;
        try {
            key = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new Malformed("key is not UTF-8 once percent-decoded");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isISOControl(c)) {
                throw new Malformed(String.format("key contains the control character U+%04X at %d", (int) c, i));
            }
        }
        return key;
    }

    private static byte[] percentDecode(String raw, boolean plusIsSpace) throws Malformed {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (lo < 0) {
                    throw new Malformed("bad percent-encoding at " + i + ": '%' must be followed by two hex digits");
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                out.write(' ');
            } else {
                // A character the URL carries unencoded (java.net.URI lets non-ASCII ones through).
                int cp = raw.codePointAt(i);
                byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                i += Character.charCount(cp) - 1;
            }
            if (out.size() > 4 * MAX_BYTES) {
                throw new Malformed("key is longer than " + MAX_BYTES + " bytes");
            }
        }
        return out.toByteArray();
    }

    /** Percent-encodes a key for a URL path: everything but RFC 3986's unreserved characters. */
    static String encode(String key) {
        StringBuilder sb = new StringBuilder();
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }
}
