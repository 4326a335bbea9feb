package io.streamcast.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The scanner reads the plain records it accepts exactly as the Jackson path does, and leaves every other record
 * to that path, so the parser's answer (observation, or rejection and reason) is the same either way.
 */
class ObservationScannerTest {
    private final ObservationParser parser = new ObservationParser(1e300);

    @Test
    void plainRecordsReadAsJacksonReadsThemBitForBit() throws Exception {
        SplittableRandom rnd = new SplittableRandom(7);
        JsonFactory fast = JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();
        for (int i = 0; i < 20_000; i++) {
            String json = plainRecord(rnd, fast);
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            Observation scanned = ObservationScanner.scan(bytes);
            assertNotNull(scanned, () -> "not read: " + json.replace("\n", "\\n").replace("\r", "\\r"));
            Observation jackson = parser.parseWithJackson(bytes);
            assertEquals(jackson.ts(), scanned.ts(), json);
            assertEquals(Double.doubleToRawLongBits(jackson.value()), Double.doubleToRawLongBits(scanned.value()),
                    json + ": " + jackson.value() + " vs " + scanned.value());
        }
    }

    @Test
    void valuesReadAsDoubleParseDoubleReadsTheirText() throws Exception {
        // The scanner and the Jackson path share Jackson's fast parser; this holds both to the JDK's own.
        SplittableRandom rnd = new SplittableRandom(11);
        JsonFactory fast = JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();
        for (int i = 0; i < 200_000; i++) {
            String text = number(rnd, fast);
            Observation o = ObservationScanner.scan(("{\"ts\":1,\"value\":" + text + "}")
                    .getBytes(StandardCharsets.UTF_8));
            // The integer -0 is the integer 0 to JSON readers (Jackson's path too), not the double -0.0.
            if (o != null && !text.equals("-0")) {
                assertEquals(Double.doubleToRawLongBits(Double.parseDouble(text)), Double.doubleToRawLongBits(o.value()),
                        text);
            }
        }
    }

    @Test
    void everythingElseGoesToJacksonWithTheSameAnswer() {
        List<String> others = List.of(
                "{\"ts\":\"2025-01-01T00:00:00Z\",\"value\":1}", "{\"ts\":1,\"value\":NaN}",
                "{\"ts\":1,\"value\":1,\"ts\":2}", "{\"ts\":1,\"value\":1,\"value\":2}", "{\"ts\":01,\"value\":1}",
                "{\"ts\":1.0,\"value\":1}", "{\"ts\":1e3,\"value\":1}", "{\"ts\":-1,\"value\":1}",
                "{\"ts\":1,\"value\":\"1\"}", "{\"ts\":1,\"value\":null}", "{\"ts\":null,\"value\":1}",
                "{\"ts\":1,\"value\":1,\"x\":{\"a\":1}}", "{\"ts\":1,\"value\":1,\"x\":[1]}",
                "{\"ts\":1,\"value\":1,\"x\":\"caf\\u00e9\"}", "{\"ts\":1,\"value\":1,\"x\":\"café\"}",
                "{\"ts\":1,\"value\":1}x", "{\"ts\":1,\"value\":1}{}", "{\"ts\":1,\"value\":1,}",
                "{\"ts\":1 \"value\":1}", "{}", "[1]", "{\"ts\":1}", "{\"value\":1}", "1", "\"x\"", "{",
                "{\"ts\":12345678901234567890,\"value\":1}", "{\"t\\u0073\":1,\"value\":1}", "{\"ts\":1,\"value\":1.}",
                "{\"ts\":1,\"value\":-}", "{\"ts\":1,\"value\":1e}", "{\"ts\":1,\"value\":.5}",
                "{\"ts\":1,\"value\":+1}", "{\"ts\":1,\"value\":01}", "\uFEFF{\"ts\":1,\"value\":1}",
                "{\"ts\":1,\"value\":1,\"ok\":tru}", "{\"ts\":1,\"value\":1,\"ok\":nulls}", "{'ts':1,'value':1}",
                "{\"ts\":1,\"value\":Infinity}", "{\"ts\":1,\"value\":1e400}", "{\"ts\":1,\"value\":-1e400}",
                "{\"ts\":1,\"value\":" + "1".repeat(70) + "}");
        for (String json : others) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            Observation scanned = ObservationScanner.scan(bytes);
            String expected = outcome(() -> parser.parseWithJackson(bytes));
            if (scanned != null) { // accepted plain records must read as Jackson reads them
                assertEquals(expected, "ok " + scanned.ts() + " " + Double.doubleToRawLongBits(scanned.value()), json);
            }
            assertEquals(expected, outcome(() -> parser.parse(bytes)), json);
        }
        // The ones the scanner must not take (not plain, or malformed): all of them but the big numbers.
        assertNull(ObservationScanner.scan("{\"ts\":1,\"value\":1,\"x\":\"café\"}".getBytes(StandardCharsets.UTF_8)));
        assertNull(ObservationScanner.scan("{\"ts\":1,\"value\":1,\"ts\":2}".getBytes(StandardCharsets.UTF_8)));
        assertNull(ObservationScanner.scan("{\"ts\":1,\"value\":NaN}".getBytes(StandardCharsets.UTF_8)));
    }

    private interface Parse {
        Observation run() throws ObservationParser.Rejection;
    }

    private static String outcome(Parse p) {
        try {
            Observation o = p.run();
            return "ok " + o.ts() + " " + Double.doubleToRawLongBits(o.value());
        } catch (ObservationParser.Rejection r) {
            return r.reason() + ": " + r.getMessage();
        }
    }

    /** A plain record: fields in any order, any JSON whitespace, extra plain fields, numbers written many ways. */
    private static String plainRecord(SplittableRandom rnd, JsonFactory fast) throws IOException {
        List<String> fields = new ArrayList<>();
        fields.add("\"ts\"" + ws(rnd) + ":" + ws(rnd) + rnd.nextLong(0, 4_000_000_000_000L));
        fields.add("\"value\"" + ws(rnd) + ":" + ws(rnd) + number(rnd, fast));
        int extra = rnd.nextInt(3);
        for (int e = 0; e < extra; e++) {
            String v = switch (rnd.nextInt(5)) {
                case 0 -> "\"C\"";
                case 1 -> "true";
                case 2 -> "null";
                case 3 -> "-12.5e-3";
                default -> "\"sensor 12/b\"";
            };
            fields.add(rnd.nextInt(fields.size() + 1), "\"f" + e + "\"" + ws(rnd) + ":" + ws(rnd) + v);
        }
        if (rnd.nextBoolean()) {
            fields.add(fields.remove(0));
        }
        return ws(rnd) + "{" + ws(rnd) + String.join(ws(rnd) + "," + ws(rnd), fields) + ws(rnd) + "}" + ws(rnd);
    }

    private static String number(SplittableRandom rnd, JsonFactory fast) throws IOException {
        double d = switch (rnd.nextInt(4)) {
            case 0 -> rnd.nextDouble(-1000, 1000);
            case 1 -> Math.scalb(rnd.nextDouble(1, 2), rnd.nextInt(-1000, 1000)) * (rnd.nextBoolean() ? 1 : -1);
            case 2 -> Math.rint(rnd.nextDouble(-1e6, 1e6));
            default -> Double.longBitsToDouble(rnd.nextLong()) % 1e10;
        };
        if (!Double.isFinite(d)) {
            d = 0.5; // NaN and the infinities are not plain numbers in JSON
        }
        return switch (rnd.nextInt(7)) {
            case 0 -> Double.toString(d);
            case 1 -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (JsonGenerator g = fast.createGenerator(out)) {
                    g.writeNumber(d);
                }
                yield out.toString(StandardCharsets.UTF_8);
            }
            case 2 -> Long.toString(rnd.nextLong());
            case 3 -> rnd.nextBoolean() ? "-0" : "0";
            case 4 -> rnd.nextInt(1, 100) + (rnd.nextBoolean() ? "e" : "E") + (rnd.nextBoolean() ? "-" : "+")
                    + rnd.nextInt(0, 330);
            case 5 -> "123456789012345678901234567890." + rnd.nextInt(0, 1000);
            default -> String.format(java.util.Locale.ROOT, "%.17g", d).replace("e+", "e");
        };
    }

    private static String ws(SplittableRandom rnd) {
        String[] kinds = {"", "", "", " ", "\t", "\n", "\r\n", "  "};
        return kinds[rnd.nextInt(kinds.length)];
    }
}
