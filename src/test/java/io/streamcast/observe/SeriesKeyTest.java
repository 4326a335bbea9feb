package io.streamcast.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Keys in URLs: what decodes, what is refused as malformed, and that encoding round-trips. */
class SeriesKeyTest {
    @Test
    void decodesPercentEncodedUtf8() throws Exception {
        assertEquals("sensor-1", SeriesKey.decode("sensor-1"));
        assertEquals("site/room 1", SeriesKey.decode("site%2Froom%201"));
        assertEquals("a+b", SeriesKey.decode("a+b"), "'+' is itself in a path");
        assertEquals("a b", SeriesKey.decodeQuery("a+b"), "'+' is a space in a query");
        assertEquals("température-é", SeriesKey.decode("temp%C3%A9rature-%c3%a9"));
        assertEquals("温度", SeriesKey.decode("温度"), "non-ASCII characters java.net.URI lets through unencoded");
        assertEquals("", SeriesKey.decodeQuery(""), "an empty prefix lists everything");
    }

    @Test
    void refusesMalformedKeys() {
        assertMalformed("", "empty key");
        assertMalformed("%zz", "percent-encoding");
        assertMalformed("abc%4", "percent-encoding");
        assertMalformed("abc%", "percent-encoding");
        assertMalformed("%FF%FE", "not UTF-8");
        assertMalformed("%C3", "not UTF-8");
        assertMalformed("a%0Ab", "U+000A");
        assertMalformed("a%00b", "U+0000");
        assertMalformed("a%7Fb", "U+007F");
        assertMalformed("a%C2%85b", "U+0085");
        assertMalformed("k".repeat(SeriesKey.MAX_BYTES + 1), "at most");
        assertMalformed("%41".repeat(5000), "longer than");
    }

    @Test
    void longestKeyIsAccepted() throws Exception {
        assertEquals(SeriesKey.MAX_BYTES, SeriesKey.decode("k".repeat(SeriesKey.MAX_BYTES)).length());
    }

    @Test
    void encodeRoundTrips() throws Exception {
        for (String key : new String[] {"sensor-1", "a/b c+d%e", "température", "温度", "x?y#z&w=1", "~._-"}) {
            String encoded = SeriesKey.encode(key);
            assertTrue(encoded.matches("[A-Za-z0-9._~%-]+"), encoded);
            assertEquals(key, SeriesKey.decode(encoded));
            assertEquals(key, SeriesKey.decodeQuery(encoded));
        }
    }

    private static void assertMalformed(String raw, String why) {
        SeriesKey.Malformed e = assertThrows(SeriesKey.Malformed.class, () -> SeriesKey.decode(raw), raw);
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }
}
