/*
 * Adapted from DoubleToDecimal and MathUtils in jackson-core 2.21 (com.fasterxml.jackson.core.io.schubfach):
 *
 * Copyright 2018-2020 Raffaello Giulietti
 *
 * Permission is hereby granted, free of charge, to any person obtaining a copy
 * of this software and associated documentation files (the "Software"), to deal
 * in the Software without restriction, including without limitation the rights
 * to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
 * copies of the Software, and to permit persons to whom the Software is
 * furnished to do so, subject to the following conditions:
 *
 * The above copyright notice and this permission notice shall be included in
 * all copies or substantial portions of the Software.
 *
 * THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
 * IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
 * FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
 * AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
 * LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
 * OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN
 * THE SOFTWARE.
 */
package io.streamcast.topics;

import java.math.BigInteger;

/**
 * The text Jackson's fast double writer gives a double (Schubfach: the shortest decimal that reads back to the same
 * double, as Java 19's Double.toString), written into this instance's own {@link #chars} instead of a new String:
 * Jackson's allocated a converter and a String for each of the seven doubles in a forecast record. One instance
 * belongs to one thread. {@code DoubleTextTest} holds it to Jackson's output, digit for digit.
 */
final class DoubleText {
    private static final int P = 53;
    private static final int W = (Double.SIZE - 1) - (P - 1);
    private static final int Q_MIN = (-1 << W - 1) - P + 3;
    private static final long C_TINY = 3;
    private static final int K_MIN = -324;
    private static final int K_MAX = 292;
    private static final int H = 17;
    private static final long C_MIN = 1L << P - 1;
    private static final int BQ_MASK = (1 << W) - 1;
    private static final long T_MASK = (1L << P - 1) - 1;
    private static final long MASK_63 = (1L << 63) - 1;
    private static final int MASK_28 = (1 << 28) - 1;
    private static final int Q_10 = 41;
    private static final long C_10 = 661_971_961_083L;
    private static final long A_10 = -274_743_187_321L;
    private static final int Q_2 = 38;
    private static final long C_2 = 913_124_641_741L;
    private static final long[] POW10 = new long[H + 1];
    /** g1(k), g0(k) pairs: 10^-k as a 126-bit fraction, computed here rather than copied as 1,234 literals. */
    private static final long[] G = new long[2 * (K_MAX - K_MIN + 1)];

    static {
        POW10[0] = 1;
        for (int i = 1; i <= H; i++) {
            POW10[i] = 10 * POW10[i - 1];
        }
        BigInteger mask63 = BigInteger.ONE.shiftLeft(63).subtract(BigInteger.ONE);
        for (int k = K_MIN; k <= K_MAX; k++) {
            // 10^-k = beta 2^r with 2^125 <= beta < 2^126; g = floor(beta) + 1.
            int r = flog2pow10(-k) - 125;
            BigInteger beta = k <= 0
                    ? (r <= 0 ? BigInteger.TEN.pow(-k).shiftLeft(-r) : BigInteger.TEN.pow(-k).shiftRight(r))
                    : BigInteger.ONE.shiftLeft(-r).divide(BigInteger.TEN.pow(k));
            BigInteger g = beta.add(BigInteger.ONE);
            G[2 * (k - K_MIN)] = g.shiftRight(63).longValueExact();
            G[2 * (k - K_MIN) + 1] = g.and(mask63).longValueExact();
        }
    }

    /** Room for the longest form, -d.ddddddddddddddddE-eee. */
    final char[] chars = new char[H + 7];
    private int index;

    /** Writes a finite double's text into {@link #chars}; returns its length. */
    int render(double v) {
        long bits = Double.doubleToRawLongBits(v);
        long t = bits & T_MASK;
        int bq = (int) (bits >>> P - 1) & BQ_MASK;
        if (bq == BQ_MASK) {
            throw new IllegalArgumentException("not finite: " + v);
        }
        index = -1;
        if (bits < 0) {
            append('-');
        }
        if (bq != 0) {
            int mq = -Q_MIN + 1 - bq;
            long c = C_MIN | t;
            if (0 < mq & mq < P) { // an integer: the fast path of section 8.2 of the paper
                long f = c >> mq;
                if (f << mq == c) {
                    toChars(f, 0);
                    return index + 1;
                }
            }
            toDecimal(-mq, c, 0);
        } else if (t != 0) {
            if (t < C_TINY) {
                toDecimal(Q_MIN, 10 * t, -1);
            } else {
                toDecimal(Q_MIN, t, 0);
            }
        } else {
            append('0');
            append('.');
            append('0');
        }
        return index + 1;
    }

    private void toDecimal(int q, long c, int dk) {
        int out = (int) c & 0x1;
        long cb = c << 2;
        long cbr = cb + 2;
        long cbl;
        int k;
        if (c != C_MIN | q == Q_MIN) {
            cbl = cb - 2;
            k = flog10pow2(q);
        } else {
            cbl = cb - 1;
            k = flog10threeQuartersPow2(q);
        }
        int h = q + flog2pow10(-k) + 2;
        long g1 = G[2 * (k - K_MIN)];
        long g0 = G[2 * (k - K_MIN) + 1];
        long vb = rop(g1, g0, cb << h);
        long vbl = rop(g1, g0, cbl << h);
        long vbr = rop(g1, g0, cbr << h);
        long s = vb >> 2;
        if (s >= 100) {
            long sp10 = 10 * Math.multiplyHigh(s, 115_292_150_460_684_698L << 4);
            long tp10 = sp10 + 10;
            boolean upin = vbl + out <= sp10 << 2;
            boolean wpin = (tp10 << 2) + out <= vbr;
            if (upin != wpin) {
                toChars(upin ? sp10 : tp10, k);
                return;
            }
        }
        long t = s + 1;
        boolean uin = vbl + out <= s << 2;
        boolean win = (t << 2) + out <= vbr;
        if (uin != win) {
            toChars(uin ? s : t, k + dk);
            return;
        }
        long cmp = vb - (s + t << 1);
        toChars(cmp < 0 || cmp == 0 && (s & 0x1) == 0 ? s : t, k + dk);
    }

    /** rop(cp g 2^-127), g = g1 2^63 + g0. All operands are non-negative, so the signed multiplyHigh serves. */
    private static long rop(long g1, long g0, long cp) {
        long x1 = Math.multiplyHigh(g0, cp);
        long y0 = g1 * cp;
        long y1 = Math.multiplyHigh(g1, cp);
        long z = (y0 >>> 1) + x1;
        long vbp = y1 + (z >>> 63);
        return vbp | (z & MASK_63) + MASK_63 >>> 63;
    }

    /** Formats f 10^e. */
    private void toChars(long f, int e) {
        int len = flog10pow2(Long.SIZE - Long.numberOfLeadingZeros(f));
        if (f >= POW10[len]) {
            len += 1;
        }
        f *= POW10[H - len];
        e += len;
        long hm = Math.multiplyHigh(f, 193_428_131_138_340_668L) >>> 20;
        int l = (int) (f - 100_000_000L * hm);
        int h = (int) (hm * 1_441_151_881L >>> 57);
        int m = (int) (hm - 100_000_000 * h);
        if (0 < e && e <= 7) {
            plain(h, m, l, e);
        } else if (-3 < e && e <= 0) {
            appendDigit(0);
            append('.');
            for (; e < 0; ++e) {
                appendDigit(0);
            }
            appendDigit(h);
            append8Digits(m);
            lowDigits(l);
        } else {
            appendDigit(h);
            append('.');
            append8Digits(m);
            lowDigits(l);
            exponent(e - 1);
        }
    }

    /** 0 < e <= 7: plain, without leading zeroes. */
    private void plain(int h, int m, int l, int e) {
        appendDigit(h);
        int y = y(m);
        int t;
        int i = 1;
        for (; i < e; ++i) {
            t = 10 * y;
            appendDigit(t >>> 28);
            y = t & MASK_28;
        }
        append('.');
        for (; i <= 8; ++i) {
            t = 10 * y;
            appendDigit(t >>> 28);
            y = t & MASK_28;
        }
        lowDigits(l);
    }

    private void lowDigits(int l) {
        if (l != 0) {
            append8Digits(l);
        }
        while (chars[index] == '0') {
            --index;
        }
        if (chars[index] == '.') { // keep the zero right of the point
            ++index;
        }
    }

    private void append8Digits(int m) {
        int y = y(m);
        for (int i = 0; i < 8; ++i) {
            int t = 10 * y;
            appendDigit(t >>> 28);
            y = t & MASK_28;
        }
    }

    private static int y(int a) {
        return (int) (Math.multiplyHigh((long) (a + 1) << 28, 193_428_131_138_340_668L) >>> 20) - 1;
    }

    private void exponent(int e) {
        append('E');
        if (e < 0) {
            append('-');
            e = -e;
        }
        if (e < 10) {
            appendDigit(e);
            return;
        }
        int d;
        if (e >= 100) {
            d = e * 1_311 >>> 17;
            appendDigit(d);
            e -= 100 * d;
        }
        d = e * 103 >>> 10;
        appendDigit(d);
        appendDigit(e - 10 * d);
    }

    private void append(char c) {
        chars[++index] = c;
    }

    private void appendDigit(int d) {
        chars[++index] = (char) ('0' + d);
    }

    private static int flog10pow2(int e) {
        return (int) (e * C_10 >> Q_10);
    }

    private static int flog10threeQuartersPow2(int e) {
        return (int) (e * C_10 + A_10 >> Q_10);
    }

    private static int flog2pow10(int e) {
        return (int) (e * C_2 >> Q_2);
    }
}
