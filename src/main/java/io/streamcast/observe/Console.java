package io.streamcast.observe;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamcast.calendar.CalendarEvent;
import io.streamcast.calendar.CalendarJson;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.streams.forecast.CalendarStoreLoader;
import io.streamcast.streams.models.ModelStoreLoader;
import io.streamcast.topics.ModelRecords;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The web console: a page at / (our own HTML, script and SVG, nothing fetched from elsewhere, so it works
 * offline) that draws the fleet from {@code /series?view=rows}, a series from {@code /series/{key}?history=N},
 * and this instance's model versions and dead letters from {@code /console/status}. The page and its files
 * hold no data and are served without the token; the data endpoints require it like every other.
 */
final class Console {
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8");

    private Console() {
    }

    static void install(MetricsServer server, PipelineSpec spec, KafkaStreams streams) {
        server.home((ex, tags) -> file(ex, "index.html"));
        server.withoutToken("/");
        for (String name : FILES.keySet()) {
            server.route("/console/" + name, "console", (ex, tags) -> file(ex, name));
            server.withoutToken("/console/" + name);
        }
        server.route("/console/status", "console-status",
                (ex, tags) -> HttpJson.send(ex, 200, status(spec, streams, server.registry())));
    }

    private static void file(HttpExchange ex, String name) throws IOException {
        try (InputStream in = Console.class.getResourceAsStream("console/" + name)) {
            if (in == null) {
                throw new IOException("console/" + name + " is missing from the jar");
            }
            ex.getResponseHeaders().set("Cache-Control", "no-cache");
            HttpJson.send(ex, 200, FILES.get(name), in.readAllBytes());
        }
    }

    /**
     * What the console shows beside the series: the pipeline, this application's state, the model versions on
     * the model topic with their provenance and canary losses, and this instance's counts of events, alerts and
     * dead letters by reason.
     */
    static ObjectNode status(PipelineSpec spec, KafkaStreams streams, MeterRegistry registry) {
        ObjectNode n = HttpJson.object();
        n.put("pipeline", spec.name());
        n.put("state", streams.state().name());
        n.put("intervalLevel", spec.modelConfig().intervalLevel());
        n.put("historyPoints", spec.processing().historyPoints());
        ObjectNode topics = n.putObject("topics");
        topics.put("observations", spec.topics().observations());
        topics.put("forecasts", spec.topics().forecasts());
        topics.put("alerts", spec.topics().alerts());
        topics.put("deadLetters", spec.topics().deadLetters());
        n.put("events", count(registry, "streamcast.events", spec.name()));
        ObjectNode alerts = n.putObject("alertsOpened");
        for (Counter c : registry.find("streamcast.alerts").tag("pipeline", spec.name()).counters()) {
            alerts.put(c.getId().getTag("severity"), (long) c.count());
        }
        ObjectNode dead = n.putObject("deadLetters");
        for (Counter c : registry.find("streamcast.dead.letters").tag("pipeline", spec.name()).counters()) {
            if (c.count() > 0) {
                dead.put(c.getId().getTag("reason"), (long) c.count());
            }
        }
        models(n, streams);
        calendar(n, spec, streams);
        return n;
    }

    /** The spec's known events, then the calendar topic's (which replace a spec's event of the same id). */
    private static void calendar(ObjectNode n, PipelineSpec spec, KafkaStreams streams) {
        ArrayNode arr = n.putArray("calendar");
        java.util.Map<String, ObjectNode> byId = new java.util.LinkedHashMap<>();
        for (CalendarEvent e : spec.calendarEvents()) {
            byId.put(e.id(), CalendarJson.toJson(e).put("from", "spec"));
        }
        try {
            ReadOnlyKeyValueStore<String, byte[]> store = streams.store(StoreQueryParameters.fromNameAndType(
                    CalendarStoreLoader.STORE, QueryableStoreTypes.keyValueStore()));
            try (KeyValueIterator<String, byte[]> it = store.all()) {
                while (it.hasNext()) {
                    var kv = it.next();
                    try {
                        byId.put(kv.key, CalendarJson.toJson(CalendarJson.record(kv.key, kv.value))
                                .put("from", "topic"));
                    } catch (RuntimeException e) {
                        // not an event: the pipeline leaves it out too
                    }
                }
            }
        } catch (InvalidStateStoreException e) {
            n.put("calendarUnavailable", e.getMessage());
        }
        byId.values().forEach(arr::add);
    }

    private static long count(MeterRegistry registry, String name, String pipeline) {
        Counter c = registry.find(name).tag("pipeline", pipeline).counter();
        return c == null ? 0 : (long) c.count();
    }

    /** The model store is global: every instance sees every model key's latest version. */
    private static void models(ObjectNode n, KafkaStreams streams) {
        ArrayNode arr = n.putArray("models");
        ReadOnlyKeyValueStore<String, byte[]> store;
        try {
            store = streams.store(StoreQueryParameters.fromNameAndType(ModelStoreLoader.STORE,
                    QueryableStoreTypes.keyValueStore()));
        } catch (InvalidStateStoreException e) {
            n.put("modelsUnavailable", "the application is " + streams.state() + ": " + e.getMessage());
            return;
        }
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                var kv = it.next();
                ObjectNode m = arr.addObject();
                m.put("modelKey", kv.key);
                try {
                    m.set("provenance", HttpJson.JSON.valueToTree(ModelRecords.decode(kv.value).provenance()));
                } catch (IllegalArgumentException e) {
                    m.put("error", e.getMessage());
                }
            }
        }
    }
}
