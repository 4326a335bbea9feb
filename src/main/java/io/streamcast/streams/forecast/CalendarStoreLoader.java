package io.streamcast.streams.forecast;

import io.streamcast.calendar.CalendarJson;
import io.streamcast.calendar.LiveCalendar;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the calendar topic into a global store and keeps the forecast processors' {@link LiveCalendar} in step:
 * an event added or removed on the topic applies from the next record processed, on every instance. A record
 * that is not a calendar event is logged and left out (the topic is written by people, and a typo must not stop
 * the pipeline).
 */
public final class CalendarStoreLoader implements Processor<String, byte[], Void, Void> {
    /** Global store of the calendar topic. */
    public static final String STORE = "calendar";
    private static final Logger LOG = LoggerFactory.getLogger(CalendarStoreLoader.class);
    private final LiveCalendar calendar;
    private KeyValueStore<String, byte[]> store;

    CalendarStoreLoader(LiveCalendar calendar) {
        this.calendar = calendar;
    }

    /** In memory: the compacted topic is its log. */
    static StoreBuilder<KeyValueStore<String, byte[]>> store() {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled();
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(STORE);
        // The store is restored from the topic before the processor starts: take in what it holds.
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                var kv = it.next();
                apply(kv.key, kv.value);
            }
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (apply(record.key(), record.value())) {
            if (record.value() == null) {
                store.delete(record.key());
            } else {
                store.put(record.key(), record.value());
            }
        }
    }

    private boolean apply(String id, byte[] value) {
        if (value == null) {
            calendar.remove(id);
            return true;
        }
        try {
            var event = CalendarJson.parse(value);
            if (!event.id().equals(id)) {
                throw new IllegalArgumentException("the record's key '" + id + "' is not the event's id '"
                        + event.id() + "'");
            }
            calendar.put(event);
            return true;
        } catch (IllegalArgumentException e) {
            LOG.warn("calendar record '{}' left out: {}", id, e.getMessage());
            return false;
        }
    }
}
