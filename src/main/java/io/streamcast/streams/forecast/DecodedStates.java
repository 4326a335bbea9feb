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
 * Taking marks the entry stale and saving makes it good again: a key whose event is refused or fails keeps none.
 * Bounded, the least recently used key out first; its state is reused for the next decode.
 */
final class DecodedStates {
    private static final class Entry {
        /** The head saved with the state; null while the state is taken (being changed) or stale. */
        byte[] head;
        SeriesState state;
    }

    private final LinkedHashMap<Bytes, Entry> entries;
    /** The entry of the key being processed (from take to saved), or null. */
    private Entry current;
    /** The state of an entry that went out to make room, for the next new key to decode into. */
    private SeriesState spare;

    DecodedStates(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        // Access order, and entries are kept when taken: a lookup relinks a node instead of removing and adding one.
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Bytes, Entry> eldest) {
                if (size() > capacity) {
                    spare = eldest.getValue().state;
                    return true;
                }
                return false;
            }
        };
    }

    /**
     * The key's state if {@code stored} (null when the store has none) is the head saved with it, else null. Called
     * once per event before {@link #saved}; either way the key's entry is stale until saved again, so a key whose
     * event is refused or fails keeps none.
     */
    SeriesState take(Bytes key, byte[] stored) {
        Entry e = entries.get(key);
        current = e;
        if (e == null) {
            return null;
        }
        byte[] head = e.head;
        e.head = null;
        return head != null && Arrays.equals(head, stored) ? e.state : null;
    }

    /** A state no valid entry holds, to decode into (see LiveStateCodec.decode); null when there is none. */
    SeriesState scratch() {
        return current != null ? current.state : spare;
    }

    /** Keeps the state as saved with this head. */
    void saved(Bytes key, byte[] head, SeriesState state) {
        Entry e = current;
        current = null;
        if (e == null) {
            e = new Entry();
            entries.put(key, e);
        }
        if (state == spare) {
            spare = null;
        }
        e.head = head;
        e.state = state;
    }

    /** Forgets every state: the stores may have been restored to other bytes (a task revived after an abort). */
    void clear() {
        entries.clear();
        current = null;
        spare = null;
    }

    int size() {
        return entries.size();
    }
}
