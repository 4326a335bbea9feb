package io.streamcast.streams.forecast;

import io.streamcast.topics.DeadLetters;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every kind of bad input goes to the dead-letter topic with its reason, and leaves the key's state alone. */
class DeadLetterTest {
    private static final long T0 = TopologyFixture.T0;

    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "malformed-json    | s1 | {\"ts\": 1700000000000, \"value\": ",
        "malformed-json    | s1 | not json at all",
        "malformed-json    | s1 | [1, 2, 3]",
        "missing-field     | s1 | {\"value\": 3.0}",
        "missing-field     | s1 | {\"ts\": 1700009000000}",
        "missing-field     | s1 | {\"ts\": 1700009000000, \"value\": null}",
        "non-numeric-value | s1 | {\"ts\": 1700009000000, \"value\": \"12.5\"}",
        "non-numeric-value | s1 | {\"ts\": 1700009000000, \"value\": true}",
        "not-finite        | s1 | {\"ts\": 1700009000000, \"value\": NaN}",
        "not-finite        | s1 | {\"ts\": 1700009000000, \"value\": Infinity}",
        "not-finite        | s1 | {\"ts\": 1700009000000, \"value\": 1e400}",
        "absurd-magnitude  | s1 | {\"ts\": 1700009000000, \"value\": -3.0e10}",
        "null-key          | ~~ | {\"ts\": 1700009000000, \"value\": 1.0}",
        "out-of-order      | s1 | {\"ts\": 1700000000000, \"value\": 1.0}",
        "out-of-order      | s1 | {\"ts\": 1699000000000, \"value\": 1.0}",
        "bad-timestamp     | s1 | {\"ts\": \"yesterday\", \"value\": 1.0}",
        "bad-timestamp     | s1 | {\"ts\": -5, \"value\": 1.0}",
        "bad-timestamp     | s1 | {\"ts\": [1], \"value\": 1.0}",
    })
    void badInputIsDeadLetteredAndStateUntouched(String reason, String key, String value) {
        try (TopologyFixture f = new TopologyFixture()) {
            for (int t = 0; t < 30; t++) {
                f.send("s1", T0 + t * 300_000L, 10 + Math.sin(t / 3.0));
            }
            f.forecasts.readValuesToList();
            byte[] before = f.state("s1");
            byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
            f.sendRaw(keyBytes, value);
            assertTrue(f.forecasts.isEmpty(), "no forecast for a bad record");
            TestRecord<byte[], byte[]> dead = f.deadLetters.readRecord();
            assertEquals(reason, DeadLetters.reason(dead.headers()));
            assertArrayEquals(value.getBytes(StandardCharsets.UTF_8), dead.value(), "original bytes kept");
            assertTrue(dead.headers().lastHeader(DeadLetters.DETAIL_HEADER).value().length > 0);
            assertArrayEquals(before, f.state("s1"), "state unchanged");
            // and the key goes on as if nothing had happened
            f.send("s1", T0 + 31 * 300_000L, 10.2);
            assertEquals(1, f.forecasts.readValuesToList().size());
        }
    }

    @org.junit.jupiter.api.Test
    void emptyKeyIsDeadLettered() {
        try (TopologyFixture f = new TopologyFixture()) {
            f.sendRaw(new byte[0], "{\"ts\": 1, \"value\": 1}");
            assertEquals("null-key", DeadLetters.reason(f.deadLetters.readRecord().headers()));
        }
    }

    @org.junit.jupiter.api.Test
    void emptyValueIsMalformed() {
        try (TopologyFixture f = new TopologyFixture()) {
            f.sendRaw("k".getBytes(StandardCharsets.UTF_8), "");
            assertEquals("malformed-json", DeadLetters.reason(f.deadLetters.readRecord().headers()));
        }
    }

    @org.junit.jupiter.api.Test
    void nullValueIsMalformed() {
        try (TopologyFixture f = new TopologyFixture()) {
            f.sendRaw("k".getBytes(StandardCharsets.UTF_8), null);
            TestRecord<byte[], byte[]> dead = f.deadLetters.readRecord();
            assertEquals("malformed-json", DeadLetters.reason(dead.headers()));
        }
    }
}
