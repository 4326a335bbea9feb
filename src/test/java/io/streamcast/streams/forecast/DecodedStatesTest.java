package io.streamcast.streams.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.streamcast.model.SeriesState;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;

class DecodedStatesTest {
    private static Bytes key(String k) {
        return Bytes.wrap(k.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aStateIsTakenOnlyWithTheBytesItWasSavedWithAndOnlyOnce() {
        DecodedStates d = new DecodedStates(4);
        SeriesState a = new SeriesState(2, 3);
        byte[] head = {1, 2, 3};
        d.saved(key("a"), head, a);
        assertNull(d.take(key("b"), head), "another key");
        assertSame(a, d.take(key("a"), head.clone()), "equal bytes, another array (as RocksDB returns them)");
        assertNull(d.take(key("a"), head), "taken: a refused or failed event leaves nothing behind");
        d.saved(key("a"), head, a);
        assertNull(d.take(key("a"), new byte[] {1, 2, 4}), "other bytes (a restore, another writer) are decoded");
        assertSame(a, d.scratch(), "the stale state is reused for that decode");
        assertNull(d.take(key("a"), head), "a failed event left it stale");
        SeriesState b = new SeriesState(2, 3);
        assertNull(d.take(key("b"), null), "a key the store does not have yet");
        d.saved(key("b"), head, b);
        assertNull(d.take(key("a"), head), "b's save did not land in a's entry");
        assertSame(b, d.take(key("b"), head));
        d.saved(key("a"), head, a);
        d.clear();
        assertNull(d.take(key("a"), head), "cleared when the task is revived");
    }

    @Test
    void theLeastRecentlySavedKeyMakesRoomAndItsStateIsDecodedIntoNext() {
        DecodedStates d = new DecodedStates(2);
        SeriesState[] s = {new SeriesState(2, 3), new SeriesState(2, 3), new SeriesState(2, 3)};
        byte[] head = {7};
        for (int i = 0; i < 3; i++) {
            d.saved(key("k" + i), head, s[i]);
        }
        assertEquals(2, d.size());
        assertNull(d.take(key("k9"), null));
        assertSame(s[0], d.scratch(), "k0 went out, and a new key decodes into its state");
        assertNull(d.take(key("k0"), head));
        assertSame(s[1], d.take(key("k1"), head));
        assertSame(s[2], d.take(key("k2"), head));
    }
}
