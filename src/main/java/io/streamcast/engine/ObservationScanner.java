package io.streamcast.engine;

import com.fasterxml.jackson.core.io.NumberInput;

/**
 * The observation records most producers write, read straight from their bytes: one flat JSON object of plain
 * fields, "ts" in epoch milliseconds and "value" a number. A Jackson parser made per record, with its context
 * and buffers, was ~600 bytes of garbage an event. Anything else (an ISO-8601 ts, escapes, non-ASCII, nesting,
 * NaN, a field given twice, malformed JSON) is left to {@link ObservationParser}'s Jackson path, which gives every
 * rejection its reason: this class only ever accepts, and what it accepts it reads as that path would, bit for
 * bit (ObservationScannerTest).
 */
final class ObservationScanner {
    /** Longer numbers go to Jackson, whose own limits then apply. */
    private static final int MAX_NUMBER = 64;
    private static final byte[] TS = {'t', 's'};
    private static final byte[] VALUE = {'v', 'a', 'l', 'u', 'e'};
    private static final String[] LITERALS = {"true", "false", "null"};
    /** A number's characters: one array a thread (a deserializer may be shared by the stream threads). */
    private static final ThreadLocal<char[]> DIGITS = ThreadLocal.withInitial(() -> new char[MAX_NUMBER]);

    private ObservationScanner() {
    }

    /** The observation, or null when the record is not of the plain shape read here. */
    static Observation scan(byte[] b) {
        int n = b.length;
        int i = space(b, 0);
        if (i >= n || b[i] != '{') {
            return null;
        }
        i = space(b, i + 1);
        long ts = 0;
        double value = 0;
        boolean hasTs = false;
        boolean hasValue = false;
        while (true) {
            if (i >= n || b[i] != '"') {
                return null;
            }
            int nameEnd = stringEnd(b, i + 1);
            if (nameEnd < 0) {
                return null;
            }
            int nameStart = i + 1;
            i = space(b, nameEnd + 1);
            if (i >= n || b[i] != ':') {
                return null;
            }
            i = space(b, i + 1);
            int end;
            if (named(b, nameStart, nameEnd, TS)) {
                end = digitsEnd(b, i);
                if (hasTs || end < 0 || end - i > 18) {
                    return null;
                }
                for (int k = i; k < end; k++) {
                    ts = ts * 10 + (b[k] - '0');
                }
                hasTs = true;
            } else if (named(b, nameStart, nameEnd, VALUE)) {
                end = numberEnd(b, i);
                if (hasValue || end < 0 || end - i > MAX_NUMBER) {
                    return null;
                }
                value = number(b, i, end);
                hasValue = true;
            } else {
                end = scalarEnd(b, i);
                if (end < 0) {
                    return null;
                }
            }
            i = space(b, end);
            if (i >= n) {
                return null;
            }
            if (b[i] == '}') {
                break;
            }
            if (b[i] != ',') {
                return null;
            }
            i = space(b, i + 1);
        }
        return space(b, i + 1) == n && hasTs && hasValue ? new Observation(ts, value) : null;
    }

    /**
     * The number's double as Jackson reads it: an integer of up to 18 digits through a long (so "-0" is 0.0, as
     * there), anything else correctly rounded, as Jackson's fast double parser is.
     */
    private static double number(byte[] b, int from, int to) {
        boolean negative = b[from] == '-';
        int start = negative ? from + 1 : from;
        if (to - start <= 18) {
            long v = 0;
            int k = start;
            for (; k < to && b[k] >= '0' && b[k] <= '9'; k++) {
                v = v * 10 + (b[k] - '0');
            }
            if (k == to) {
                return negative ? -v : v;
            }
        }
        // Jackson's fast parser (as the Jackson path is configured), over a reused array: Double.parseDouble of a
        // new String took ~340 bytes an event of full-precision values (its slow path's big integers). Both
        // round correctly, so the bits are the same.
        char[] c = DIGITS.get();
        int len = to - from;
        for (int k = 0; k < len; k++) {
            c[k] = (char) b[from + k];
        }
        return NumberInput.parseDouble(c, 0, len, true);
    }

    private static int space(byte[] b, int i) {
        while (i < b.length && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r')) {
            i++;
        }
        return i;
    }

    /** The index of the closing quote of a string of printable ASCII without escapes, or -1. */
    private static int stringEnd(byte[] b, int i) {
        for (; i < b.length; i++) {
            byte c = b[i];
            if (c == '"') {
                return i;
            }
            if (c < 0x20 || c == '\\') { // bytes from 0x80 are negative: non-ASCII goes to Jackson too
                return -1;
            }
        }
        return -1;
    }

    private static boolean named(byte[] b, int from, int to, byte[] name) {
        if (to - from != name.length) {
            return false;
        }
        for (int k = 0; k < name.length; k++) {
            if (b[from + k] != name[k]) {
                return false;
            }
        }
        return true;
    }

    /** The end of a JSON integer without sign or leading zero, or -1. */
    private static int digitsEnd(byte[] b, int i) {
        int start = i;
        while (i < b.length && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        return i == start || (b[start] == '0' && i - start > 1) ? -1 : i;
    }

    /** The end of a JSON number at i, or -1: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
    private static int numberEnd(byte[] b, int i) {
        if (i < b.length && b[i] == '-') {
            i++;
        }
        int end = digitsEnd(b, i);
        if (end < 0) {
            return -1;
        }
        i = end;
        if (i < b.length && b[i] == '.') {
            int start = ++i;
            while (i < b.length && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            if (i == start) {
                return -1;
            }
        }
        if (i < b.length && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < b.length && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int start = i;
            while (i < b.length && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            if (i == start) {
                return -1;
            }
        }
        return i;
    }

    /** The end of a field we skip: a plain string, a number, true, false or null; -1 for anything else. */
    private static int scalarEnd(byte[] b, int i) {
        if (i >= b.length) {
            return -1;
        }
        byte c = b[i];
        if (c == '"') {
            int end = stringEnd(b, i + 1);
            return end < 0 ? -1 : end + 1;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            int end = numberEnd(b, i);
            return end < 0 || end - i > MAX_NUMBER ? -1 : end;
        }
        for (String literal : LITERALS) {
            if (literalAt(b, i, literal)) {
                return i + literal.length();
            }
        }
        return -1;
    }

    private static boolean literalAt(byte[] b, int i, String literal) {
        if (i + literal.length() > b.length) {
            return false;
        }
        for (int k = 0; k < literal.length(); k++) {
            if (b[i + k] != literal.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
