package io.streamcast.streams.forecast;

import io.streamcast.calendar.CalendarEvent;
import io.streamcast.calendar.CalendarJson;
import io.streamcast.calendar.LiveCalendar;
import java.util.ArrayList;
import java.util.List;
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
        refresh(calendar, store);
    }

    /**
     * Makes the calendar's topic events those of the store. The forecast processors call it when they start:
     * Kafka Streams restores a global store from its topic before any task starts, without this processor.
     */
    static void refresh(LiveCalendar calendar, KeyValueStore<String, byte[]> store) {
        synchronized (calendar) {
            List<CalendarEvent> events = new ArrayList<>();
            try (KeyValueIterator<String, byte[]> it = store.all()) {
                while (it.hasNext()) {
                    var kv = it.next();
                    CalendarEvent e = parse(kv.key, kv.value);
                    if (e != null) {
                        events.add(e);
                    }
                }
            }
            calendar.replaceTopicEvents(events);
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        synchronized (calendar) { // the store and the calendar change together
            CalendarEvent e = record.value() == null ? null : parse(record.key(), record.value());
            if (e == null) {
                // A tombstone, or a record that is no event: either way the id has none now, as an instance that
                // restores the topic later will find (it skips what does not parse).
                store.delete(record.key());
                calendar.remove(record.key());
            } else {
                store.put(record.key(), record.value());
                calendar.put(e);
            }
        }
    }

    /** The event, or null (logged) when the record is not one. */
    private static CalendarEvent parse(String id, byte[] value) {
        try {
            return CalendarJson.record(id, value);
        } catch (RuntimeException e) { // whatever a person wrote there, the pipeline goes on
            LOG.warn("calendar record '{}' left out: {}", id, e.getMessage());
            return null;
        }
    }
}
