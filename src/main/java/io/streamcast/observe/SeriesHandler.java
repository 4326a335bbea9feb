package io.streamcast.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.streamcast.model.CorruptDataException;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.streams.forecast.RecentHistory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Interactive queries on the forecast application's per-key state.
 * <ul>
 * <li>{@code GET /series/{key}}: the key's state from the instance that holds it; a request for a key held by
 * another instance is proxied there, once (a forwarded request is never forwarded again, so two instances that
 * disagree during a rebalance answer 503 instead of bouncing it).</li>
 * <li>{@code GET /series/{key}?history=N}: the same with the key's last N points (the web console's series
 * view).</li>
 * <li>{@code GET /series?prefix=&limit=}: keys in order, gathered from every instance
 * ({@code scope=local}: this instance's only, which is what the gathering asks the others for);
 * {@code view=rows}: a row per key with a sparkline (the console's fleet view).</li>
 * </ul>
 */
public final class SeriesHandler implements MetricsServer.Route {
    static final String FORWARDED_BY = "X-Streamcast-Forwarded-By";
    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 100_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final SeriesStores stores;
    private final SeriesView view;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    /** The token forwarded requests carry (every instance of a pipeline shares it), or null. */
    private final String token;

    public SeriesHandler(PipelineSpec spec, SeriesStores stores) {
        this(spec, stores, RecentHistory.NONE, null);
    }

    SeriesHandler(PipelineSpec spec, SeriesStores stores, RecentHistory history, String token) {
        this.stores = stores;
        this.view = new SeriesView(spec, history);
        this.token = token;
    }

    /**
     * Serves a forecast application on the server: /series from its store, and its state on /health and /ready.
     *
     * @param self the application.server the instance was configured with
     */
    public static void install(MetricsServer server, PipelineSpec spec, KafkaStreams streams, HostInfo self) {
        install(server, spec, streams, self, RecentHistory.NONE);
    }

    /** The same, with the web console at / drawing the recent points the forecast topology keeps. */
    public static void install(MetricsServer server, PipelineSpec spec, KafkaStreams streams, HostInfo self,
                               RecentHistory history) {
        server.health().register("forecast", streams);
        server.routeTree("/series", "series", new SeriesHandler(spec, new StreamsSeriesStores(streams, self),
                history, server.token()));
        Console.install(server, spec, streams);
    }

    @Override
    public void handle(HttpExchange ex, MetricsServer.Tags tags) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        if (path.equals("/series")) {
            tags.endpoint("series-list");
            list(ex, tags);
        } else {
            one(ex, tags, path.substring("/series/".length()));
        }
    }

    private void one(HttpExchange ex, MetricsServer.Tags tags, String rawKey) throws IOException {
        String key;
        int history;
        try {
            key = SeriesKey.decode(rawKey);
        } catch (SeriesKey.Malformed e) {
            HttpJson.error(ex, 400, "malformed key", e.getMessage());
            return;
        }
        try {
            history = Integer.parseInt(query(ex.getRequestURI().getRawQuery(), List.of("history"))
                    .getOrDefault("history", "0"));
            if (history < 0 || history > MAX_LIMIT) {
                throw new SeriesKey.Malformed("history must be in [0, " + MAX_LIMIT + "], got " + history);
            }
        } catch (SeriesKey.Malformed | NumberFormatException e) {
            HttpJson.error(ex, 400, "bad query", e.getMessage());
            return;
        }
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        String path = "/series/" + SeriesKey.encode(key) + (history > 0 ? "?history=" + history : "");
        if (ex.getRequestHeaders().getFirst(FORWARDED_BY) != null) {
            // Asked by another instance: answer from whatever partitions are here, never pass it on.
            byte[] stored;
            try {
                stored = stores.local().get(Bytes.wrap(keyBytes));
            } catch (InvalidStateStoreException e) {
                unavailable(ex, "the store is not queryable right now: " + e.getMessage());
                return;
            }
            answer(ex, key, stored, history);
            return;
        }
        SeriesStores.Owner owner = stores.ownerOf(keyBytes);
        if (owner instanceof SeriesStores.Unavailable u) {
            unavailable(ex, u.reason());
            return;
        }
        Set<String> asked = new HashSet<>();
        if (owner instanceof SeriesStores.Remote r) {
            HttpResponse<byte[]> resp;
            try {
                resp = fetch(r.address(), path);
            } catch (IOException e) {
                HttpJson.error(ex, 502, "owner unreachable", r.address() + " holds the key but did not answer: " + e);
                return;
            }
            if (resp.statusCode() != 404) {
                tags.served("proxied");
                HttpJson.send(ex, resp.statusCode(), resp.body());
                return;
            }
            asked.add(r.address());
        } else {
            byte[] stored;
            try {
                stored = ((SeriesStores.Local) owner).store().get(Bytes.wrap(keyBytes));
            } catch (InvalidStateStoreException e) {
                unavailable(ex, "the store is not queryable right now: " + e.getMessage());
                return;
            }
            if (stored != null) {
                answer(ex, key, stored, history);
                return;
            }
        }
        // Not in the partition Kafka's Java partitioner picks for the key: a producer with another partitioner
        // (librdkafka's default, for one) put it elsewhere. Look in this instance's other partitions, then ask
        // the other instances.
        byte[] here = null;
        try {
            here = stores.local().get(Bytes.wrap(keyBytes));
        } catch (InvalidStateStoreException e) {
            // rebalancing here: the others may still know the key
        }
        if (here != null) {
            answer(ex, key, here, history);
            return;
        }
        for (String other : stores.others()) {
            if (asked.add(other)) {
                tags.served("searched");
                try {
                    HttpResponse<byte[]> resp = fetch(other, path);
                    if (resp.statusCode() == 200) {
                        HttpJson.send(ex, 200, resp.body());
                        return;
                    }
                } catch (IOException e) {
                    // unreachable: the key may still be elsewhere
                }
            }
        }
        answer(ex, key, null, history);
    }

    /** The key's view, or 404 when no instance asked has processed an event of it. */
    private void answer(HttpExchange ex, String key, byte[] stored, int history) throws IOException {
        if (stored == null) {
            HttpJson.error(ex, 404, "unknown key", "no series '" + key + "' (none of its events has been "
                    + "processed)");
            return;
        }
        try {
            HttpJson.send(ex, 200, history > 0 ? view.jsonWithHistory(key, stored, stores.self(), history)
                    : view.json(key, stored, stores.self()));
        } catch (CorruptDataException e) {
            HttpJson.error(ex, 500, "corrupt state", e.getMessage());
        }
    }

    private void list(HttpExchange ex, MetricsServer.Tags tags) throws IOException {
        Map<String, String> q;
        String prefix;
        int limit;
        try {
            q = query(ex.getRequestURI().getRawQuery(), List.of("prefix", "limit", "scope", "view"));
            prefix = q.getOrDefault("prefix", "");
            limit = Integer.parseInt(q.getOrDefault("limit", Integer.toString(DEFAULT_LIMIT)));
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new SeriesKey.Malformed("limit must be in [1, " + MAX_LIMIT + "], got " + limit);
            }
            if (!q.getOrDefault("scope", "all").matches("all|local")) {
                throw new SeriesKey.Malformed("scope must be all or local, got '" + q.get("scope") + "'");
            }
            if (!q.getOrDefault("view", "keys").matches("keys|rows")) {
                throw new SeriesKey.Malformed("view must be keys or rows, got '" + q.get("view") + "'");
            }
        } catch (SeriesKey.Malformed | NumberFormatException e) {
            HttpJson.error(ex, 400, "bad query", e.getMessage());
            return;
        }
        boolean gather = q.getOrDefault("scope", "all").equals("all")
                && ex.getRequestHeaders().getFirst(FORWARDED_BY) == null;
        boolean rows = q.getOrDefault("view", "keys").equals("rows");
        TreeMap<String, JsonNode> keys = new TreeMap<>();
        ArrayNode instances = HttpJson.JSON.createArrayNode();
        ArrayNode unreachable = HttpJson.JSON.createArrayNode();
        boolean truncated = false;
        try {
            truncated = localKeys(prefix, limit, rows, keys);
            instances.add(stores.self());
        } catch (InvalidStateStoreException e) {
            if (!gather) {
                unavailable(ex, "the store is not queryable right now: " + e.getMessage());
                return;
            }
            unreachable.add(stores.self()); // rebalancing, or no partitions here: the others may still answer
        }
        if (gather) {
            tags.served("gathered");
            truncated |= gather(prefix, limit, rows, keys, instances, unreachable);
        }
        ObjectNode n = HttpJson.object();
        n.put("prefix", prefix);
        ArrayNode arr = n.putArray("keys");
        keys.keySet().forEach(arr::add);
        if (rows) {
            n.putArray("rows").addAll(keys.values());
        }
        n.put("truncated", truncated);
        n.set("instances", instances);
        n.set("unreachable", unreachable);
        HttpJson.send(ex, 200, n);
    }

    /**
     * Adds this instance's keys with the prefix to {@code keys}, keeping the first {@code limit}: each with its
     * row when {@code rows}, else with null.
     */
    private boolean localKeys(String prefix, int limit, boolean rows, TreeMap<String, JsonNode> keys) {
        ReadOnlyKeyValueStore<Bytes, byte[]> store = stores.local();
        boolean truncated = false;
        try (KeyValueIterator<Bytes, byte[]> it = prefix.isEmpty() ? store.all()
                : store.prefixScan(prefix.getBytes(StandardCharsets.UTF_8), new ByteArraySerializer())) {
            while (it.hasNext()) {
                var kv = it.next();
                String key = new String(kv.key.get(), StandardCharsets.UTF_8);
                truncated |= add(keys, key, rows ? row(key, kv.value) : NullNode.getInstance(), limit);
            }
        }
        return truncated;
    }

    private JsonNode row(String key, byte[] stored) {
        try {
            return view.row(key, stored);
        } catch (CorruptDataException e) {
            ObjectNode n = HttpJson.object();
            n.put("key", key);
            n.put("error", "corrupt state: " + e.getMessage());
            return n;
        }
    }

    private boolean gather(String prefix, int limit, boolean rows, TreeMap<String, JsonNode> keys,
                           ArrayNode instances, ArrayNode unreachable) {
        String query = "/series?scope=local&limit=" + limit + "&prefix=" + SeriesKey.encode(prefix)
                + (rows ? "&view=rows" : "");
        Map<String, CompletableFuture<HttpResponse<byte[]>>> calls = new HashMap<>();
        for (String other : stores.others()) {
            calls.put(other, client.sendAsync(request(other, query), HttpResponse.BodyHandlers.ofByteArray()));
        }
        boolean truncated = false;
        for (String other : new TreeSet<>(calls.keySet())) {
            try {
                HttpResponse<byte[]> r = calls.get(other).join();
                JsonNode body = HttpJson.JSON.readTree(r.body());
                if (r.statusCode() != 200) {
                    throw new IOException("status " + r.statusCode() + ": " + body.path("detail").asText());
                }
                instances.add(other);
                truncated |= body.path("truncated").asBoolean();
                if (rows) {
                    for (JsonNode row : body.path("rows")) {
                        truncated |= add(keys, row.path("key").asText(), row, limit);
                    }
                } else {
                    for (JsonNode k : body.path("keys")) {
                        truncated |= add(keys, k.asText(), NullNode.getInstance(), limit);
                    }
                }
            } catch (IOException | RuntimeException e) {
                unreachable.add(other);
            }
        }
        return truncated;
    }

    /** Adds a key, dropping the greatest beyond {@code limit}; true when one was dropped. */
    private static boolean add(TreeMap<String, JsonNode> keys, String key, JsonNode row, int limit) {
        keys.put(key, row);
        if (keys.size() > limit) {
            keys.pollLastEntry();
            return true;
        }
        return false;
    }

    /** Asks another instance; an interrupt becomes an IOException (the server is shutting down). */
    private HttpResponse<byte[]> fetch(String address, String path) throws IOException {
        try {
            return client.send(request(address, path), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private HttpRequest request(String address, String pathAndQuery) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + address + pathAndQuery)).timeout(TIMEOUT)
                .header(FORWARDED_BY, stores.self());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b.GET().build();
    }

    private static void unavailable(HttpExchange ex, String why) throws IOException {
        ex.getResponseHeaders().set("Retry-After", "1");
        HttpJson.error(ex, 503, "unavailable", why);
    }

    private static Map<String, String> query(String raw, List<String> known) throws SeriesKey.Malformed {
        Map<String, String> m = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return m;
        }
        for (String part : raw.split("&")) {
            int eq = part.indexOf('=');
            String name = eq < 0 ? part : part.substring(0, eq);
            if (!known.contains(name)) {
                throw new SeriesKey.Malformed("unknown parameter '" + name + "'; known: " + String.join(", ", known));
            }
            m.put(name, SeriesKey.decodeQuery(eq < 0 ? "" : part.substring(eq + 1)));
        }
        return m;
    }
}
