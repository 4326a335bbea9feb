package io.streamcast.streams.forecast;

import io.streamcast.calendar.LiveCalendar;
import io.streamcast.topics.TopicRegistry;
import io.streamcast.engine.WeightsSource;
import io.streamcast.streams.models.ModelStoreLoader;
import io.streamcast.spec.PipelineSpec;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The forecast topology as a pure function of a spec: observations → forecast processor (with the
 * per-key state store, changelogged) → forecasts, alerts and dead letters; the compacted model topic feeds a
 * global store from which new weight versions are picked up without a restart, and the compacted calendar topic
 * one whose known events (with the spec's) suppress alerts while they last. Bytes in and out, so no record
 * can fail in a deserialiser: all validation happens in the processor, which dead-letters with a reason.
 */
public final class ForecastTopology {
    /** Each key's state without the older part of its ring (LiveStateCodec's head), written with every event. */
    public static final String STATE_STORE = "series-state";
    /** Each key's ring of recent inputs in segments (LiveStateCodec.ringKey), one written every SEGMENT steps. */
    public static final String RING_STORE = "series-ring";
    /** Events waiting out input.lateGraceMs, per key (only with a grace). */
    public static final String WAITING_STORE = "waiting-events";
    static final String SOURCE = "observations";
    static final String PROCESSOR = "forecast";
    static final String FORECASTS_SINK = "forecasts";
    static final String ALERTS_SINK = "alerts";
    static final String DEAD_LETTER_SINK = "dead-letters";

    private ForecastTopology() {
    }

    /**
     * @param weights what keys use until a version is published on the model topic (the spec's initial weights)
     */
    public static Topology build(PipelineSpec spec, WeightsSource weights, PipelineMetrics metrics) {
        return build(spec, weights, metrics, ProcessorHooks.NONE, RecentHistory.NONE);
    }

    /** With the recent points of each key kept for the web console. */
    public static Topology build(PipelineSpec spec, WeightsSource weights, PipelineMetrics metrics,
                                 RecentHistory history) {
        return build(spec, weights, metrics, ProcessorHooks.NONE, history);
    }

    /**
     * The forecast processor's own stores: each key's state and ring, and its waiting events when the spec has a
     * grace.
     */
    static List<StoreBuilder<KeyValueStore<Bytes, byte[]>>> processorStores(PipelineSpec spec) {
        List<StoreBuilder<KeyValueStore<Bytes, byte[]>>> stores = new ArrayList<>();
        stores.add(store(spec, STATE_STORE));
        // Never behind the cache: a segment is written once and read only when a key's state is not in memory, and
        // the cache evicts round-robin across its stores, so 16 segments a key pushed the heads out (bench, at least
        // once: 90,000-99,000 events/s with the segments cached, against 132,000-152,000 before the segments).
        stores.add(store(RING_STORE, false));
        if (spec.input().lateGraceMs() > 0) {
            stores.add(store(spec, WAITING_STORE));
        }
        return stores;
    }

    /**
     * A RocksDB store, changelogged, behind Kafka Streams' record cache when the spec has one
     * (processing.cacheMaxBytes, under at-least-once): a key's head is rewritten with every event, and the cache
     * sends it to RocksDB and the changelog once per commit rather than once per event. The Processor API leaves
     * the cache off unless asked. The bench's baselines build theirs here too, so both sides write alike.
     */
    public static StoreBuilder<KeyValueStore<Bytes, byte[]>> store(PipelineSpec spec, String name) {
        return store(name, spec.processing().recordCacheBytes() > 0);
    }

    private static StoreBuilder<KeyValueStore<Bytes, byte[]>> store(String name, boolean cached) {
        StoreBuilder<KeyValueStore<Bytes, byte[]>> b = Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray());
        return cached ? b.withCachingEnabled() : b;
    }

    public static Topology build(PipelineSpec spec, WeightsSource weights, PipelineMetrics metrics,
                                 ProcessorHooks hooks) {
        return build(spec, weights, metrics, hooks, RecentHistory.NONE);
    }

    public static Topology build(PipelineSpec spec, WeightsSource weights, PipelineMetrics metrics,
                                 ProcessorHooks hooks, RecentHistory history) {
        TopicRegistry t = TopicRegistry.of(spec);
        Topology topology = new Topology();
        topology.addSource(SOURCE, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
                t.observations().name());
        LiveCalendar calendar = new LiveCalendar(spec.calendarEvents());
        topology.addProcessor(PROCESSOR, () -> new ForecastProcessor<>(spec, weights, metrics, hooks,
                history, calendar, ForecastProcessor.toSinks()), SOURCE);
        for (StoreBuilder<?> store : processorStores(spec)) {
            topology.addStateStore(store, PROCESSOR);
        }
        ModelStoreLoader.addTo(topology, t.models().name());
        topology.addGlobalStore(CalendarStoreLoader.store(), "calendar-source", Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer(), t.calendar().name(), "calendar-loader",
                () -> new CalendarStoreLoader(calendar));
        topology.addSink(FORECASTS_SINK, t.forecasts().name(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer(), PROCESSOR);
        topology.addSink(ALERTS_SINK, t.alerts().name(), Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer(),
                PROCESSOR);
        topology.addSink(DEAD_LETTER_SINK, t.deadLetters().name(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer(), PROCESSOR);
        return topology;
    }
}
