package io.streamcast.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcast.kafka.BrokerExtension;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.spec.SpecLoader;
import io.streamcast.streams.forecast.ForecastTopology;
import io.streamcast.engine.ModelLoader;
import io.streamcast.streams.forecast.PipelineMetrics;
import io.streamcast.streams.PipelineRunner;
import io.streamcast.topics.PipelineTopics;
import io.streamcast.streams.forecast.ProcessorHooks;
import io.streamcast.streams.StreamsSettings;
import io.streamcast.engine.WeightsSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interactive queries across two instances on a real broker, wired as {@code streamcast run} wires them: any
 * instance answers for any key (proxying to the owner), lists keys gathered from both, answers 404 and 400 with
 * JSON errors, and after one instance goes away the other answers for its keys from the restored state.
 */
class InteractiveQueriesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension();

    /** One instance as the run command starts it: the HTTP port first, then the application serving on it. */
    record Instance(MetricsServer server, PipelineRunner runner) implements AutoCloseable {
        static Instance start(PipelineSpec spec, String bootstrap, Path state, ProcessorHooks hooks) throws Exception {
            MetricsServer server = MetricsServer.start(MetricsServer.newRegistry(), "127.0.0.1", 0);
            HostInfo self = new HostInfo("127.0.0.1", server.port());
            Properties props = StreamsSettings.serving(StreamsSettings.forecast(spec, bootstrap, state, Map.of()),
                    self.host(), self.port());
            PipelineRunner runner = PipelineRunner.start(ForecastTopology.build(spec,
                            WeightsSource.fixed(ModelLoader.initial(spec, null)), PipelineMetrics.detached(spec.name()),
                            hooks), props, server.registry(), Duration.ofSeconds(60),
                    streams -> SeriesHandler.install(server, spec, streams, self));
            return new Instance(server, runner);
        }

        String address() {
            return "127.0.0.1:" + server.port();
        }

        HttpResponse<String> get(String path) throws Exception {
            return get(path, Map.of());
        }

        HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + address() + path));
            headers.forEach(b::header);
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        @Override
        public void close() {
            runner.close();
            server.close();
        }
    }

    @Test
    void anyInstanceAnswersForAnyKey(@TempDir Path stateA, @TempDir Path stateB) throws Exception {
        long started = System.currentTimeMillis();
        PipelineSpec spec = freshSpec("iq");
        String bootstrap = broker.bootstrapServers();
        PipelineTopics.create(bootstrap, Map.of(), spec);
        List<String> keys = new ArrayList<>();
        for (int k = 0; k < 16; k++) {
            keys.add("key-" + k);
        }
        keys.add("site/room 1");
        int steps = 150;
        produce(bootstrap, spec, keys, steps);
        try (Instance a = Instance.start(spec, bootstrap, stateA, ProcessorHooks.NONE);
             Instance b = Instance.start(spec, bootstrap, stateB, ProcessorHooks.NONE)) {
            Map<String, JsonNode> last = lastForecasts(bootstrap, spec, keys.size() * steps);
            await("both ready, every key answered", Duration.ofSeconds(30), () ->
                    status(a, "/ready") == 200 && status(b, "/ready") == 200
                            && keys.stream().allMatch(k -> status(a, "/series/" + SeriesKey.encode(k)) == 200));

            Map<String, Integer> servedBy = new HashMap<>();
            for (String key : keys) {
                for (Instance asked : List.of(a, b)) {
                    HttpResponse<String> r = asked.get("/series/" + SeriesKey.encode(key));
                    assertEquals(200, r.statusCode(), key + ": " + r.body());
                    JsonNode n = JSON.readTree(r.body());
                    assertEquals(key, n.get("key").asText());
                    assertEquals(steps, n.get("steps").asLong());
                    assertEqualsLastForecast(last.get(key), n);
                    servedBy.merge(asked.address() + " <- " + n.get("servedBy").asText(), 1, Integer::sum);
                }
            }
            System.out.println("answers by (asked <- served by): " + servedBy);
            assertTrue(servedBy.containsKey(a.address() + " <- " + b.address()), "A proxied some keys to B");
            assertTrue(servedBy.containsKey(b.address() + " <- " + a.address()), "B proxied some keys to A");
            assertTrue(a.get("/metrics").body().contains(
                    "streamcast_http_requests_seconds_count{endpoint=\"series\",served=\"proxied\",status=\"200\"}"));

            // Listing gathers both instances' keys; scope=local is one instance's share.
            JsonNode all = JSON.readTree(a.get("/series?prefix=key-1").body());
            assertEquals(List.of("key-1", "key-10", "key-11", "key-12", "key-13", "key-14", "key-15"),
                    JSON.readerForListOf(String.class).readValue(all.get("keys")));
            assertEquals(2, all.get("instances").size());
            assertEquals(0, all.get("unreachable").size());
            // The console's fleet rows are gathered the same way, each row from the key's owner.
            JsonNode rows = JSON.readTree(b.get("/series?view=rows").body()).get("rows");
            assertEquals(keys.size(), rows.size());
            for (JsonNode row : rows) {
                JsonNode rec = last.get(row.get("key").asText());
                assertEquals(Double.doubleToRawLongBits(rec.get("forecast").asDouble()),
                        Double.doubleToRawLongBits(row.get("forecast").asDouble()), row.toString());
            }
            int localA = JSON.readTree(a.get("/series?scope=local").body()).get("keys").size();
            int localB = JSON.readTree(b.get("/series?scope=local").body()).get("keys").size();
            assertEquals(keys.size(), localA + localB, "each key on exactly one instance");
            assertTrue(localA > 0 && localB > 0);

            // 404 for an unknown key, whichever instance owns its partition (so some answers are proxied 404s).
            for (int i = 0; i < 8; i++) {
                HttpResponse<String> r = a.get("/series/missing-" + i);
                assertEquals(404, r.statusCode(), r.body());
                assertEquals("unknown key", JSON.readTree(r.body()).get("error").asText());
            }
            for (String bad : new String[] {"/series/%FF", "/series/a%0Ab", "/series/",
                    "/series/" + "k".repeat(SeriesKey.MAX_BYTES + 1)}) {
                HttpResponse<String> r = b.get(bad);
                assertEquals(400, r.statusCode(), bad);
                assertEquals("malformed key", JSON.readTree(r.body()).get("error").asText());
            }
            // A forwarded request is never forwarded again (no ping-pong while two instances disagree): it is
            // answered from the instance's own partitions, here "not here", and the asker looks further.
            String keyOfB = keys.stream().filter(k -> servedBy(a, k).equals(b.address())).findFirst().orElseThrow();
            HttpResponse<String> loop = a.get("/series/" + SeriesKey.encode(keyOfB),
                    Map.of(SeriesHandler.FORWARDED_BY, "somebody"));
            assertEquals(404, loop.statusCode(), loop.body());

            // B goes away: A first cannot reach it, then takes its partitions over and answers from the
            // restored state, which equals what B had.
            b.runner().close();
            HttpResponse<String> down = b.get("/health");
            assertEquals(503, down.statusCode(), "a stopped application is not alive");
            assertEquals("NOT_RUNNING", JSON.readTree(down.body()).at("/applications/forecast").asText());
            assertEquals(503, b.get("/ready").statusCode());
            b.server().close();
            HttpResponse<String> gone = a.get("/series/" + SeriesKey.encode(keyOfB));
            assertEquals(502, gone.statusCode(), "until the group notices, the owner is B, and B is gone: " + gone.body());
            assertEquals("owner unreachable", JSON.readTree(gone.body()).get("error").asText());
            await("A answers for B's keys", Duration.ofSeconds(40),
                    () -> status(a, "/series/" + SeriesKey.encode(keyOfB)) == 200);
            for (String key : keys) {
                JsonNode n = JSON.readTree(a.get("/series/" + SeriesKey.encode(key)).body());
                assertEquals(a.address(), n.get("servedBy").asText(), key);
                assertEqualsLastForecast(last.get(key), n);
            }
            System.out.printf("interactive queries over two instances and a failover: %.1f s%n",
                    (System.currentTimeMillis() - started) / 1000.0);
        }
    }

    private static String servedBy(Instance i, String key) {
        try {
            return JSON.readTree(i.get("/series/" + SeriesKey.encode(key)).body()).get("servedBy").asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void assertEqualsLastForecast(JsonNode rec, JsonNode n) {
        assertEquals(rec.get("ts").asLong(), n.get("lastEventTime").asLong());
        assertEquals(rec.get("modelVersion").asLong(), n.get("modelVersion").asLong());
        for (String[] f : new String[][] {{"forecast", "/forecast/mean"}, {"lower", "/forecast/lower"},
                {"upper", "/forecast/upper"}, {"scale", "/forecast/scale"}, {"likelihood", "/anomaly/likelihood"},
                {"value", "/lastValue"}}) {
            assertEquals(Double.doubleToRawLongBits(rec.get(f[0]).asDouble()),
                    Double.doubleToRawLongBits(n.at(f[1]).asDouble()), f[0] + " of " + rec.get("key"));
        }
    }

    private static int status(Instance i, String path) {
        try {
            return i.get(path).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    static PipelineSpec freshSpec(String prefix) throws Exception {
        return freshSpec(prefix, yaml -> yaml);
    }

    /** @param edit a change to sensors.yaml's text before it is parsed */
    static PipelineSpec freshSpec(String prefix, java.util.function.UnaryOperator<String> edit) throws Exception {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        String yaml = edit.apply(Files.readString(Path.of("topologies/sensors.yaml")));
        yaml = yaml.replace("name: sensors", "name: " + name).replaceAll("sensors\\.", name + ".");
        return SpecLoader.parse(yaml, "sensors.yaml as " + name);
    }

    private static void produce(String bootstrap, PipelineSpec spec, List<String> keys, int steps) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        // One batch in flight: a retried batch cannot land after a later one (OutOfOrderSequence, batch lost).
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int t = 0; t < steps; t++) {
                for (int k = 0; k < keys.size(); k++) {
                    String v = "{\"ts\":" + (1_700_000_000_000L + t * 300_000L) + ",\"value\":"
                            + (10 * k + 3 * Math.sin(t / 10.0 + k) + (t * 7 % 5) * 0.1) + "}";
                    producer.send(new ProducerRecord<>(spec.topics().observations(),
                            keys.get(k).getBytes(StandardCharsets.UTF_8), v.getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
    }

    /** The last committed forecast record of every key, once all {@code count} are there. */
    private static Map<String, JsonNode> lastForecasts(String bootstrap, PipelineSpec spec, int count)
            throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, JsonNode> last = new HashMap<>();
        int seen = 0;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            c.subscribe(List.of(spec.topics().forecasts()));
            long deadline = System.currentTimeMillis() + 60_000;
            while (seen < count && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    last.put(new String(r.key(), StandardCharsets.UTF_8), JSON.readTree(r.value()));
                    seen++;
                }
            }
        }
        assertEquals(count, seen, "all forecasts committed");
        return last;
    }

    private static void await(String what, Duration timeout, BooleanSupplier done) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (!done.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(200);
        }
    }
}
