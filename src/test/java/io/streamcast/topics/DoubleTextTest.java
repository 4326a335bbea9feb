package io.streamcast.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Our double writer gives Jackson's fast writer's text, and that text reads back to the same bits. */
class DoubleTextTest {
    private final DoubleText text = new DoubleText();

    private void same(double v) {
        String ours = new String(text.chars, 0, text.render(v));
        assertEquals(NumberOutput.toString(v, true), ours, () -> "bits " + Long.toHexString(Double.doubleToRawLongBits(v)));
        assertEquals(Double.doubleToRawLongBits(v), Double.doubleToRawLongBits(Double.parseDouble(ours)), ours);
    }

    @Test
    void randomBitPatternsOverEveryExponent() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 1_000_000; i++) {
            double v = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(v)) {
                same(v);
            }
        }
        for (long exponent = 0; exponent < 2047; exponent++) {
            for (int i = 0; i < 200; i++) {
                long bits = exponent << 52 | random.nextLong() & ((1L << 52) - 1);
                same(Double.longBitsToDouble(bits));
                same(-Double.longBitsToDouble(bits));
            }
            same(Double.longBitsToDouble(exponent << 52));
        }
    }

    @Test
    void valuesLikeTheForecastsAndTheFormatsEdges() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 300_000; i++) {
            same(50 + 10 * (random.nextDouble() - 0.5));
            same(random.nextDouble() * Math.pow(10, random.nextInt(-12, 12)));
            same(Math.round(random.nextDouble() * 1e6) / 100.0);
            same((double) random.nextLong(1L << 53));
        }
        double[] edges = {0.0, -0.0, 1.0, -1.0, 0.1, 0.001, 0.00099999, 1e7, 9999999.0, 1e-3, 1e-4, 1e23, 2e-323,
            Double.MIN_VALUE, Double.MAX_VALUE, Double.MIN_NORMAL, Math.ulp(Double.MIN_NORMAL), 4.9e-324, 1.0E-5,
            123456789012345678.0, 0.3, 2.0 / 3};
        for (double v : edges) {
            same(v);
            same(-v);
        }
        for (int e = -324; e <= 308; e++) {
            same(Double.parseDouble("1e" + e));
            same(Math.nextUp(Double.parseDouble("1e" + e)));
            same(Math.nextDown(Double.parseDouble("1e" + e)));
        }
    }

    @Test
    void refusesWhatJsonCannotHold() {
        assertThrows(IllegalArgumentException.class, () -> text.render(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> text.render(Double.NEGATIVE_INFINITY));
    }
}
