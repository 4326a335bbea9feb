package io.streamcast.streams.forecast;

import io.streamcast.model.SeriesState;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;

/**
 * The states a forecast processor saved last, kept decoded by key, so that the next event of a key whose stored
 * head is, byte for byte, the one saved with its state takes that state instead of decoding head and ring again
 * (and reading the ring's 4 KB from the store). A state is a function of the stored bytes, so a state taken here is
 * the one a decode would give; any other bytes (a restore, another instance's write) are decoded as usual.
 * Taking removes the entry and saving puts it back: a key whose event is refused or fails keeps none. Bounded,
 * the least recently saved key out first; its state is reused for the next decode.
 */
final class DecodedStates {
    private static final class Entry {
        byte[] head;
        SeriesState state;
    }

    private final LinkedHashMap<Bytes, Entry> entries;
    private Entry spare;

    DecodedStates(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.entries = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Bytes, Entry> eldest) {
                if (size() > capacity) {
                    spare = eldest.getValue();
                    return true;
                }
                return false;
            }
        };
    }

    /** The key's state if {@code stored} is the head saved with it (removed until saved again), else null. */
    SeriesState take(Bytes key, byte[] stored) {
        Entry e = entries.remove(key);
        if (e == null) {
            return null;
        }
        if (stored != e.head && !Arrays.equals(stored, e.head)) {
            spare = e;
            return null;
        }
        spare = e;
        return e.state;
    }

    /** A state no entry holds any more, to decode into (see LiveStateCodec.decode); null when there is none. */
    SeriesState scratch() {
        return spare == null ? null : spare.state;
    }

    /** Keeps the state as saved with this head. */
    void saved(Bytes key, byte[] head, SeriesState state) {
        Entry e = spare != null && spare.state == state ? spare : new Entry();
        if (e == spare) {
            spare = null;
        }
        e.head = head;
        e.state = state;
        entries.put(key, e);
    }

    /** Forgets every state: the stores may have been restored to other bytes (a task revived after an abort). */
    void clear() {
        entries.clear();
        spare = null;
    }

    int size() {
        return entries.size();
    }
}
