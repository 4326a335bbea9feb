package io.streamcast.streams.models;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** Copies the model topic into the global model store (a tombstone removes a model key). */
public final class ModelStoreLoader implements Processor<String, byte[], Void, Void> {
    /** Global store of the model topic: every instance sees every published version. */
    public static final String STORE = "models";

    /** Adds the model topic's global store to a topology: the forecast and the training side read it alike. */
    public static void addTo(Topology topology, String modelsTopic) {
        topology.addGlobalStore(store(), "models-source",
                Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), modelsTopic, "models-loader",
                ModelStoreLoader::new);
    }

    /** The global store itself (in memory: the model topic is its log), for a DSL builder too. */
    public static StoreBuilder<KeyValueStore<String, byte[]>> store() {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled();
    }

    private KeyValueStore<String, byte[]> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
    }
}
