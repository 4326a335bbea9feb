package io.streamcast.observe;

import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Where the forecast application's per-key state lives: this instance's part of the store, and which
 * instance holds a given key. Kafka Streams' metadata in production ({@link StreamsSeriesStores}); a
 * TopologyTestDriver's store in tests.
 */
interface SeriesStores {
    /** Who can answer for a key right now. */
    sealed interface Owner permits Local, Remote, Unavailable {
    }

    /** This instance holds the key's partition: read it from this store. */
    record Local(ReadOnlyKeyValueStore<Bytes, byte[]> store) implements Owner {
    }

    /** Another instance holds it, at {@code host:port} (its application.server). */
    record Remote(String address) implements Owner {
    }

    /** Nobody can answer now (starting, rebalancing, restoring): try again shortly. */
    record Unavailable(String reason) implements Owner {
    }

    Owner ownerOf(byte[] key);

    /**
     * This instance's active partitions of the store, as one store.
     *
     * @throws org.apache.kafka.streams.errors.InvalidStateStoreException while it cannot be read
     */
    ReadOnlyKeyValueStore<Bytes, byte[]> local();

    /** The host:port of every other instance that holds part of the store. */
    List<String> others();

    /** This instance's host:port, as the others know it. */
    String self();
}
