package io.streamcast.streams.forecast;

import io.streamcast.model.LiveStateCodec;
import io.streamcast.topics.DeadLetters;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every kind of bad input goes to the dead-letter topic with its reason, and leaves the key's state alone. */
class DeadLetterTest {
    private static final long T0 = TopologyFixture.T0;

    // An empty unquoted key cell is a null key; ~~ (the quote character twice) is an empty one.
    @ParameterizedTest(name = "{0}: [{1}] {2}")
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
        "null-key          |    | {\"ts\": 1700009000000, \"value\": 1.0}",
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
            assertArrayEquals(keyBytes, dead.key(), "original key kept");
            assertArrayEquals(value.getBytes(StandardCharsets.UTF_8), dead.value(), "original bytes kept");
            assertTrue(detail(dead.headers()).length() > 0);
            assertArrayEquals(before, f.state("s1"), "state unchanged");
            // and the key goes on as if nothing had happened
            f.send("s1", T0 + 31 * 300_000L, 10.2);
            assertEquals(1, f.forecasts.readValuesToList().size());
        }
    }

    /** The two ways to have no usable key are told apart in the detail. */
    @Test
    void nullKeyIsDeadLettered() {
        try (TopologyFixture f = new TopologyFixture()) {
            f.sendRaw(null, "{\"ts\": 1, \"value\": 1}");
            TestRecord<byte[], byte[]> dead = f.deadLetters.readRecord();
            assertNull(dead.key());
            assertEquals("null-key", DeadLetters.reason(dead.headers()));
            assertTrue(detail(dead.headers()).contains("no key"), detail(dead.headers()));
        }
    }

    @Test
    void emptyKeyIsDeadLettered() {
        try (TopologyFixture f = new TopologyFixture()) {
            f.sendRaw(new byte[0], "{\"ts\": 1, \"value\": 1}");
            TestRecord<byte[], byte[]> dead = f.deadLetters.readRecord();
            assertArrayEquals(new byte[0], dead.key());
            assertEquals("null-key", DeadLetters.reason(dead.headers()));
            assertTrue(detail(dead.headers()).contains("empty"), detail(dead.headers()));
        }
    }

    /**
     * A stored state that fails its checks (bit rot, a torn write), in its head or in a ring segment, sets the
     * event aside; the state is left as it was for an operator to look at, not overwritten by a fresh one, and other
     * keys go on. A head that is not the one the processor saved is read again at once; the ring segments are read when
     * the processor does not hold the key's state, so its cases restart the topology over the stores first.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"flipped byte", "truncated", "ring segment flipped byte", "ring segment truncated"})
    void corruptStateIsDeadLetteredAndLeftAsItWas(String corruption) {
        TopologyFixture f = new TopologyFixture();
        try {
            // Past the first ring segments (written at steps SEGMENT and 2 SEGMENT, slots 0 and 1).
            int steps = 2 * LiveStateCodec.SEGMENT + 8;
            for (int t = 0; t < steps; t++) {
                f.send("s1", T0 + t * TopologyFixture.STEP, 10 + Math.sin(t / 3.0));
                f.send("s2", T0 + t * TopologyFixture.STEP, 20 + Math.cos(t / 3.0));
            }
            f.forecasts.readValuesToList();
            boolean ring = corruption.startsWith("ring");
            String storeName = ring ? ForecastTopology.RING_STORE : ForecastTopology.STATE_STORE;
            Bytes s2 = Bytes.wrap(ring ? LiveStateCodec.ringKey(TopologyFixture.bytes("s2"), 1)
                    : TopologyFixture.bytes("s2"));
            byte[] good = f.driver.<Bytes, byte[]>getKeyValueStore(storeName).get(s2);
            byte[] corrupt = corruption.endsWith("truncated") ? Arrays.copyOf(good, good.length / 2) : good.clone();
            if (corruption.endsWith("flipped byte")) {
                corrupt[good.length / 2] ^= 0x10;
            }
            f.driver.<Bytes, byte[]>getKeyValueStore(storeName).put(s2, corrupt);
            if (ring) {
                f = restarted(f);
            }
            KeyValueStore<Bytes, byte[]> store = f.driver.getKeyValueStore(storeName);
            byte[] otherBefore = f.state("s1");

            String event = "{\"ts\": " + (T0 + steps * TopologyFixture.STEP) + ", \"value\": 20.5}";
            f.sendRaw(TopologyFixture.bytes("s2"), event);
            assertTrue(f.forecasts.isEmpty(), "no forecast from a corrupt state");
            TestRecord<byte[], byte[]> dead = f.deadLetters.readRecord();
            assertEquals("corrupt-state", DeadLetters.reason(dead.headers()));
            assertArrayEquals(TopologyFixture.bytes("s2"), dead.key(), "original key kept");
            assertArrayEquals(TopologyFixture.bytes(event), dead.value(), "original bytes kept");
            assertTrue(detail(dead.headers()).contains(ring ? "series ring" : "series state"),
                    "detail says what failed: " + detail(dead.headers()));
            assertArrayEquals(corrupt, store.get(s2), "corrupt record left as it was");
            assertArrayEquals(otherBefore, f.state("s1"), "other key's state untouched");

            f.send("s1", T0 + steps * TopologyFixture.STEP, 10.2);
            List<KeyValue<byte[], byte[]>> out = f.forecasts.readKeyValuesToList();
            assertEquals(1, out.size(), "the other key still forecasts");
            assertArrayEquals(TopologyFixture.bytes("s1"), out.get(0).key);
            assertTrue(f.deadLetters.isEmpty(), "one dead letter, for the corrupt key's event only");
        } finally {
            f.close();
        }
    }

    /** A new topology over the same stores' contents, as after a restart: it holds no key's state in memory. */
    private static TopologyFixture restarted(TopologyFixture old) {
        Map<String, Map<Bytes, byte[]>> saved = new HashMap<>();
        List<String> names = List.of(ForecastTopology.STATE_STORE, ForecastTopology.RING_STORE);
        for (String name : names) {
            try (KeyValueIterator<Bytes, byte[]> it = old.driver.<Bytes, byte[]>getKeyValueStore(name).all()) {
                it.forEachRemaining(kv -> saved.computeIfAbsent(name, n -> new HashMap<>()).put(kv.key, kv.value));
            }
        }
        old.close();
        TopologyFixture f = new TopologyFixture();
        for (String name : names) {
            saved.get(name).forEach(f.driver.<Bytes, byte[]>getKeyValueStore(name)::put);
        }
        return f;
    }

    @Test
    void emptyValueIsMalformed() {
        try (TopologyFixture f = new TopologyFixture()) {
            f.sendRaw("k".getBytes(StandardCharsets.UTF_8), "");
            assertEquals("malformed-json", DeadLetters.reason(f.deadLetters.readRecord().headers()));
        }
    }

    @Test
    void nullValueIsMalformed() {
        try (TopologyFixture f = new TopologyFixture()) {
            f.sendRaw("k".getBytes(StandardCharsets.UTF_8), null);
            TestRecord<byte[], byte[]> dead = f.deadLetters.readRecord();
            assertEquals("malformed-json", DeadLetters.reason(dead.headers()));
        }
    }

    private static String detail(Headers headers) {
        return new String(headers.lastHeader(DeadLetters.DETAIL_HEADER).value(), StandardCharsets.UTF_8);
    }
}
