package io.streamcast.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.spec.SpecLoader;
import io.streamcast.streams.forecast.ForecastTopology;
import io.streamcast.engine.ModelLoader;
import io.streamcast.streams.forecast.PipelineMetrics;
import io.streamcast.streams.forecast.RecentHistory;
import io.streamcast.streams.StreamsSettings;
import io.streamcast.engine.WeightsSource;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP API over the store of a real topology run (TopologyTestDriver): what /series/{key} says equals the
 * key's last forecast record bit for bit; unknown keys are 404 and malformed ones 400, with JSON bodies; keys
 * list by prefix; /health and /ready follow a real (unstarted, then closed) KafkaStreams instance.
 */
class SeriesApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<String, Integer> EVENTS = Map.of("sensor-1", 200, "sensor-10", 5, "site/room 1", 60,
            "温度", 3, "other", 1);
    private static PipelineSpec spec;
    private static TopologyTestDriver driver;
    private static MetricsServer server;
    private static final Map<String, JsonNode> lastForecast = new HashMap<>();
    /** Every forecast record of each key, in order. */
    private static final Map<String, List<JsonNode>> forecasts = new HashMap<>();
    private static final int HISTORY = 100;

    @BeforeAll
    static void runTopologyAndServe() throws Exception {
        spec = SpecLoader.load(Path.of("topologies/sensors.yaml"));
        Properties p = StreamsSettings.forecast(spec, "unused:9092", Files.createTempDirectory("series-api"), Map.of());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        RecentHistory history = new RecentHistory(HISTORY, 1000);
        driver = new TopologyTestDriver(ForecastTopology.build(spec, WeightsSource.fixed(ModelLoader.initial(spec, null)),
                PipelineMetrics.detached(spec.name()), history), p);
        TestInputTopic<byte[], byte[]> in = driver.createInputTopic(spec.topics().observations(),
                new ByteArraySerializer(), new ByteArraySerializer());
        for (int t = 0; t < 200; t++) {
            for (var e : EVENTS.entrySet()) {
                if (t < e.getValue()) {
                    in.pipeInput(e.getKey().getBytes(StandardCharsets.UTF_8), ("{\"ts\":" + (1_700_000_000_000L
                            + t * 300_000L) + ",\"value\":" + (20 + 3 * Math.sin(t / 12.0) + (t % 7) * 0.1) + "}")
                            .getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        for (var kv : driver.createOutputTopic(spec.topics().forecasts(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer()).readKeyValuesToList()) {
            String key = new String(kv.key, StandardCharsets.UTF_8);
            lastForecast.put(key, JSON.readTree(kv.value));
            forecasts.computeIfAbsent(key, k -> new ArrayList<>()).add(JSON.readTree(kv.value));
        }
        server = MetricsServer.start(MetricsServer.newRegistry(), "127.0.0.1", 0);
        KeyValueStore<Bytes, byte[]> store = driver.getKeyValueStore(ForecastTopology.STATE_STORE);
        server.routeTree("/series", "series", new SeriesHandler(spec, new SeriesStores() {
            @Override
            public Owner ownerOf(byte[] key) {
                return new Local(store);
            }

            @Override
            public KeyValueStore<Bytes, byte[]> local() {
                return store;
            }

            @Override
            public List<String> others() {
                return List.of();
            }

            @Override
            public String self() {
                return "127.0.0.1:" + server.port();
            }
        }, history, null));
    }

    @AfterAll
    static void close() {
        server.close();
        driver.close();
    }

    @Test
    void seriesEqualsTheLastForecastRecordBitForBit() throws Exception {
        for (var e : EVENTS.entrySet()) {
            HttpResponse<String> r = get("/series/" + SeriesKey.encode(e.getKey()));
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
            JsonNode n = JSON.readTree(r.body());
            JsonNode rec = lastForecast.get(e.getKey());
            assertEquals(e.getKey(), n.get("key").asText());
            assertEquals(e.getValue().longValue(), n.get("steps").asLong());
            assertEquals(rec.get("ts").asLong(), n.get("lastEventTime").asLong());
            assertBits(rec.get("value"), n.get("lastValue"), "value");
            assertBits(rec.get("forecast"), n.at("/forecast/mean"), "mean");
            assertBits(rec.get("lower"), n.at("/forecast/lower"), "lower");
            assertBits(rec.get("upper"), n.at("/forecast/upper"), "upper");
            assertBits(rec.get("scale"), n.at("/forecast/scale"), "scale");
            assertBits(rec.get("likelihood"), n.at("/anomaly/likelihood"), "likelihood");
            assertEquals(rec.get("modelVersion").asLong(), n.get("modelVersion").asLong());
            assertEquals(rec.get("warm").asBoolean(), n.get("warm").asBoolean());
            assertEquals(0.95, n.at("/forecast/level").asDouble());
            assertEquals(driver.<Bytes, byte[]>getKeyValueStore(ForecastTopology.STATE_STORE)
                    .get(Bytes.wrap(e.getKey().getBytes(StandardCharsets.UTF_8))).length, n.get("stateBytes").asInt());
            assertEquals("127.0.0.1:" + server.port(), n.get("servedBy").asText());
        }
        assertTrue(lastForecast.get("sensor-1").get("warm").asBoolean(), "a warm key is among them");
        assertTrue(lastForecast.get("sensor-1").get("likelihood").asDouble() > 0, "and one with a likelihood");
    }

    @Test
    void unknownKeyIs404WithAJsonError() throws Exception {
        HttpResponse<String> r = get("/series/no-such-sensor");
        assertEquals(404, r.statusCode());
        JsonNode n = JSON.readTree(r.body());
        assertEquals("unknown key", n.get("error").asText());
        assertEquals(404, n.get("status").asInt());
        assertTrue(n.get("detail").asText().contains("no-such-sensor"));
    }

    @Test
    void malformedKeysAre400WithAJsonError() throws Exception {
        for (String path : new String[] {"/series/", "/series/%FF%FE", "/series/a%0Ab", "/series/%00",
                "/series/" + "k".repeat(SeriesKey.MAX_BYTES + 1)}) {
            HttpResponse<String> r = get(path);
            assertEquals(400, r.statusCode(), path + ": " + r.body());
            assertEquals("malformed key", JSON.readTree(r.body()).get("error").asText(), path);
        }
    }

    @Test
    void urlsThatAreNotUrisAre400FromTheServerItself() throws Exception {
        // java.net.URI refuses "%zz"; the JDK server answers 400 before any handler (and HttpClient would not
        // even send it), so this goes over a plain socket.
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            OutputStream out = s.getOutputStream();
            out.write("GET /series/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 400", status);
        }
    }

    @Test
    void listsKeysByPrefix() throws Exception {
        assertEquals(List.of("sensor-1", "sensor-10"), keys(get("/series?prefix=sensor-1")));
        assertEquals(List.of("other", "sensor-1", "sensor-10", "site/room 1", "温度"), keys(get("/series")));
        assertEquals(List.of("site/room 1"), keys(get("/series?prefix=site%2Froom+")));
        assertEquals(List.of("温度"), keys(get("/series?prefix=%E6%B8%A9")));
        assertEquals(List.of(), keys(get("/series?prefix=zzz")));
        HttpResponse<String> limited = get("/series?prefix=s&limit=2");
        assertEquals(List.of("sensor-1", "sensor-10"), keys(limited));
        assertTrue(JSON.readTree(limited.body()).get("truncated").asBoolean());
        assertEquals(false, JSON.readTree(get("/series?prefix=s&limit=3").body()).get("truncated").asBoolean());
        for (String bad : new String[] {"/series?limit=0", "/series?limit=x", "/series?prefx=s", "/series?scope=x",
                "/series?prefix=%0A"}) {
            HttpResponse<String> r = get(bad);
            assertEquals(400, r.statusCode(), bad);
            assertEquals("bad query", JSON.readTree(r.body()).get("error").asText(), bad);
        }
    }

    @Test
    void otherMethodsAndPathsAreJsonErrors() throws Exception {
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(uri("/series/sensor-1"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(""));
        for (String path : new String[] {"/nope", "/seriesx", "/healthz", "/"}) {
            HttpResponse<String> r = get(path);
            assertEquals(404, r.statusCode(), path);
            assertEquals("not found", JSON.readTree(r.body()).get("error").asText(), path);
        }
    }

    @Test
    void healthAndReadinessFollowTheApplication() throws Exception {
        try (MetricsServer s = MetricsServer.start(MetricsServer.newRegistry(), "127.0.0.1", 0)) {
            assertEquals(200, get(s, "/health").statusCode(), "alive while nothing has failed");
            assertEquals(503, get(s, "/ready").statusCode(), "not ready before an application is there");
            Properties p = StreamsSettings.forecast(spec, "127.0.0.1:1", Files.createTempDirectory("health"), Map.of());
            KafkaStreams streams = new KafkaStreams(ForecastTopology.build(spec,
                    WeightsSource.fixed(ModelLoader.initial(spec, null)), PipelineMetrics.detached(spec.name())), p);
            s.health().register("forecast", streams);
            HttpResponse<String> ready = get(s, "/ready");
            assertEquals(503, ready.statusCode());
            assertEquals("not-ready", JSON.readTree(ready.body()).get("status").asText());
            assertEquals("CREATED", JSON.readTree(ready.body()).at("/applications/forecast").asText());
            assertEquals(200, get(s, "/health").statusCode());
            streams.close();
            HttpResponse<String> health = get(s, "/health");
            assertEquals(503, health.statusCode());
            assertEquals("down", JSON.readTree(health.body()).get("status").asText());
            assertEquals("NOT_RUNNING", JSON.readTree(health.body()).at("/applications/forecast").asText());
            String metrics = get(s, "/metrics").body();
            assertTrue(metrics.contains("streamcast_application_running{application=\"forecast\"} 0.0"), metrics);
            assertTrue(metrics.contains("streamcast_http_requests_seconds_count{endpoint=\"health\",served=\"local\","
                    + "status=\"503\"} 1"), metrics);
        }
    }

    @Test
    void requestsAreCountedByEndpointAndStatus() throws Exception {
        get("/series/sensor-1");
        get("/series/nope");
        get("/series?prefix=s");
        String metrics = get("/metrics").body();
        for (String line : new String[] {"endpoint=\"series\",served=\"local\",status=\"200\"",
                "endpoint=\"series\",served=\"local\",status=\"404\"",
                "endpoint=\"series-list\",served=\"gathered\",status=\"200\""}) {
            assertTrue(metrics.contains("streamcast_http_requests_seconds_count{" + line + "}"), line + "\n" + metrics);
        }
    }

    /**
     * The console's series view: the key's last points are its forecast records' values, each with the forecast
     * the record before it published (the one made for it), bit for bit.
     */
    @Test
    void historyIsTheKeysForecastRecordsInOrder() throws Exception {
        List<JsonNode> recs = forecasts.get("sensor-1");
        HttpResponse<String> r = get("/series/sensor-1?history=50");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode h = JSON.readTree(r.body()).get("history");
        assertEquals(50, h.size());
        for (int i = 0; i < 50; i++) {
            JsonNode rec = recs.get(recs.size() - 50 + i);
            JsonNode before = recs.get(recs.size() - 51 + i);
            JsonNode point = h.get(i);
            assertEquals(rec.get("ts").asLong(), point.get("ts").asLong());
            assertBits(rec.get("value"), point.get("value"), "value");
            assertBits(before.get("forecast"), point.get("mean"), "mean");
            assertBits(before.get("lower"), point.get("lower"), "lower");
            assertBits(before.get("upper"), point.get("upper"), "upper");
            assertBits(rec.get("likelihood"), point.get("likelihood"), "likelihood");
        }
        JsonNode all = JSON.readTree(get("/series/sensor-1?history=100000").body()).get("history");
        assertEquals(HISTORY, all.size(), "the ring keeps the last " + HISTORY);
        assertEquals(recs.get(recs.size() - HISTORY).get("ts").asLong(), all.get(0).get("ts").asLong());
        assertEquals(3, JSON.readTree(get("/series/" + SeriesKey.encode("温度") + "?history=10").body())
                .get("history").size(), "a key with three events has three points");
        for (String bad : new String[] {"?history=x", "?history=-1", "?points=3"}) {
            HttpResponse<String> b = get("/series/sensor-1" + bad);
            assertEquals(400, b.statusCode(), bad);
            assertEquals("bad query", JSON.readTree(b.body()).get("error").asText(), bad);
        }
    }

    /**
     * The console's fleet view: a row per key with its last values and its error against the naive forecast,
     * recomputed here from the forecast topic over the same last points.
     */
    @Test
    void rowsCarryASparklineAndTheErrorAgainstNaive() throws Exception {
        HttpResponse<String> r = get("/series?view=rows");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode rows = JSON.readTree(r.body()).get("rows");
        assertEquals(EVENTS.size(), rows.size());
        JsonNode row = null;
        for (JsonNode n : rows) {
            if (n.get("key").asText().equals("sensor-1")) {
                row = n;
            }
        }
        List<JsonNode> recs = forecasts.get("sensor-1");
        assertBits(recs.get(recs.size() - 1).get("forecast"), row.get("forecast"), "forecast");
        JsonNode spark = row.get("spark");
        assertEquals(SeriesView.SPARK_POINTS, spark.size());
        for (int i = 0; i < spark.size(); i++) {
            assertBits(recs.get(recs.size() - spark.size() + i).get("value"), spark.get(i), "spark " + i);
        }
        double model = 0;
        double naive = 0;
        for (int i = recs.size() - HISTORY + 1; i < recs.size(); i++) {
            JsonNode before = recs.get(i - 1);
            if (before.get("warm").asBoolean()) {
                double v = recs.get(i).get("value").asDouble();
                model += Math.abs(v - before.get("forecast").asDouble());
                naive += Math.abs(v - before.get("value").asDouble());
            }
        }
        assertEquals(model / naive, row.get("vsNaive").asDouble(), 1e-12);
        assertEquals(List.of("sensor-1", "sensor-10"), keys(get("/series?view=rows&prefix=sensor-1")));
        assertEquals(400, get("/series?view=table").statusCode());
    }

    private static void assertBits(JsonNode expected, JsonNode actual, String what) {
        assertEquals(Double.doubleToRawLongBits(expected.asDouble()), Double.doubleToRawLongBits(actual.asDouble()),
                what + ": " + expected + " vs " + actual);
    }

    private static List<String> keys(HttpResponse<String> r) throws Exception {
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readerForListOf(String.class).readValue(JSON.readTree(r.body()).get("keys"));
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return get(server, path);
    }

    private static HttpResponse<String> get(MetricsServer s, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
