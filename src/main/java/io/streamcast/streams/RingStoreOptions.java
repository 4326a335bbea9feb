package io.streamcast.streams;

import io.streamcast.streams.forecast.ForecastTopology;
import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.Options;

/**
 * RocksDB options for the forecast processor's ring store: its records (a key's ring segment in a slot) are
 * rewritten in place each lap at the same size, so the memtable updates them in place instead of inserting a
 * new node in its skip list and touching fresh arena memory for every write. The store is read by key only
 * (no iterators), which is what in-place updates allow. Every other store keeps Kafka Streams' defaults.
 */
public final class RingStoreOptions implements RocksDBConfigSetter {
    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        if (storeName.equals(ForecastTopology.RING_STORE)) {
            options.setAllowConcurrentMemtableWrite(false); // required by in-place updates
            options.setInplaceUpdateSupport(true);
        }
    }

    @Override
    public void close(String storeName, Options options) {
    }
}
