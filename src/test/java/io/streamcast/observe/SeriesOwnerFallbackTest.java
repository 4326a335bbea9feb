package io.streamcast.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcast.model.Forecaster;
import io.streamcast.model.SeriesStateCodec;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.streams.forecast.RecentHistory;
import io.streamcast.spec.SpecLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * A key a non-Java producer wrote: Kafka's Java partitioner says instance A holds it, but the producer's own
 * partitioner put it in a partition instance B holds. Both instances answer for it, not 404.
 */
class SeriesOwnerFallbackTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A store of a few keys, as one instance's active partitions. */
    record MapStore(Map<Bytes, byte[]> data) implements ReadOnlyKeyValueStore<Bytes, byte[]> {
        @Override
        public byte[] get(Bytes key) {
            return data.get(key);
        }

        @Override
        public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public KeyValueIterator<Bytes, byte[]> all() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long approximateNumEntries() {
            return data.size();
        }
    }

    /** An instance whose Java-partitioner owner of every key is {@code javaOwner} ("" for itself). */
    static SeriesStores stores(MapStore local, String self, String javaOwner, String other) {
        return new SeriesStores() {
            @Override
            public Owner ownerOf(byte[] key) {
                return javaOwner.isEmpty() ? new Local(new MapStore(Map.of())) : new Remote(javaOwner);
            }

            @Override
            public ReadOnlyKeyValueStore<Bytes, byte[]> local() {
                return local;
            }

            @Override
            public List<String> others() {
                return List.of(other);
            }

            @Override
            public String self() {
                return self;
            }
        };
    }

    @Test
    void aKeyInAnotherPartitionThanTheJavaPartitionerPicksIsFound() throws Exception {
        PipelineSpec spec = SpecLoader.load(Path.of("topologies/sensors.yaml"));
        byte[] state = SeriesStateCodec.encode(new Forecaster(spec.modelConfig()).newState());
        Map<Bytes, byte[]> onB = new HashMap<>();
        onB.put(Bytes.wrap("from-librdkafka".getBytes(StandardCharsets.UTF_8)), state);
        try (MetricsServer a = MetricsServer.start(MetricsServer.newRegistry(), "127.0.0.1", 0);
             MetricsServer b = MetricsServer.start(MetricsServer.newRegistry(), "127.0.0.1", 0)) {
            String addrA = "127.0.0.1:" + a.port();
            String addrB = "127.0.0.1:" + b.port();
            // The Java partitioner says A; the key is in one of B's partitions.
            a.routeTree("/series", "series", new SeriesHandler(spec,
                    stores(new MapStore(Map.of()), addrA, "", addrB)));
            b.routeTree("/series", "series", new SeriesHandler(spec,
                    stores(new MapStore(onB), addrB, addrA, addrA)));
            for (String at : List.of(addrA, addrB)) {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + at
                        + "/series/from-librdkafka")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), at + ": " + r.body());
                assertEquals(addrB, new ObjectMapper().readTree(r.body()).path("servedBy").asText(), at);
            }
            HttpResponse<String> unknown = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + addrA
                    + "/series/nobody")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, unknown.statusCode(), unknown.body());
        }
    }

    @Test
    void withATokenOnlyRequestsCarryingItAreServedAndForwardedRequestsCarryItToo() throws Exception {
        PipelineSpec spec = SpecLoader.load(Path.of("topologies/sensors.yaml"));
        byte[] state = SeriesStateCodec.encode(new Forecaster(spec.modelConfig()).newState());
        Map<Bytes, byte[]> onB = new HashMap<>();
        onB.put(Bytes.wrap("boiler".getBytes(StandardCharsets.UTF_8)), state);
        try (MetricsServer a = MetricsServer.start(MetricsServer.newRegistry(), "127.0.0.1", 0);
             MetricsServer b = MetricsServer.start(MetricsServer.newRegistry(), "127.0.0.1", 0)) {
            a.requireToken("s3cret");
            b.requireToken("s3cret");
            String addrA = "127.0.0.1:" + a.port();
            String addrB = "127.0.0.1:" + b.port();
            a.routeTree("/series", "series", new SeriesHandler(spec,
                    stores(new MapStore(Map.of()), addrA, "", addrB), RecentHistory.NONE, a.token()));
            b.routeTree("/series", "series", new SeriesHandler(spec,
                    stores(new MapStore(onB), addrB, addrA, addrA), RecentHistory.NONE, b.token()));
            for (String path : List.of("/series/boiler", "/metrics")) {
                for (String auth : new String[] {null, "Bearer wrong", "s3cret", "Bearer s3cret"}) {
                    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://" + addrA + path));
                    if (auth != null) {
                        req.header("Authorization", auth);
                    }
                    HttpResponse<String> r = HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
                    assertEquals("Bearer s3cret".equals(auth) ? 200 : 401, r.statusCode(), path + " " + auth + ": "
                            + r.body());
                    if (r.statusCode() == 401) {
                        assertTrue(r.body().contains("STREAMCAST_HTTP_TOKEN"), r.body());
                    } else if (path.equals("/series/boiler")) {
                        assertEquals(addrB, new ObjectMapper().readTree(r.body()).path("servedBy").asText());
                    }
                }
            }
            for (String probe : List.of("/health", "/ready")) {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + addrA + probe))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertTrue(r.statusCode() != 401, probe + " stays open for probes: " + r.statusCode());
            }
        }
    }
}
