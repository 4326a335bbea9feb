package io.streamcast.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.spec.SpecLoader;
import io.streamcast.streams.forecast.ForecastTopology;
import io.streamcast.engine.ModelLoader;
import io.streamcast.streams.forecast.PipelineMetrics;
import io.streamcast.streams.StreamsSettings;
import io.streamcast.engine.WeightsSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

/** The Prometheus endpoint serves the pipeline's meters, fed by a real topology run. */
class MetricsServerTest {
    @Test
    void scrapeShowsEventsDeadLettersAndCoverage() throws Exception {
        PipelineSpec spec = SpecLoader.load(Path.of("topologies/sensors.yaml"));
        PrometheusMeterRegistry registry = MetricsServer.newRegistry();
        PipelineMetrics metrics = new PipelineMetrics(registry, spec.name());
        Properties p = StreamsSettings.forecast(spec, "unused:9092", Files.createTempDirectory("metrics"), Map.of());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        try (TopologyTestDriver driver = new TopologyTestDriver(ForecastTopology.build(spec,
                WeightsSource.fixed(ModelLoader.initial(spec, null)), metrics), p);
             MetricsServer server = MetricsServer.start(registry, "127.0.0.1", 0)) {
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic(spec.topics().observations(),
                    new ByteArraySerializer(), new ByteArraySerializer());
            byte[] key = "s".getBytes(StandardCharsets.UTF_8);
            for (int t = 0; t < 200; t++) {
                in.pipeInput(key, ("{\"ts\":" + (1_000_000L + t * 60_000L) + ",\"value\":" + Math.sin(t / 9.0) + "}")
                        .getBytes(StandardCharsets.UTF_8));
            }
            in.pipeInput(key, "oops".getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            String body = r.body();
            assertTrue(body.contains("streamcast_events_total{pipeline=\"sensors\"} 200.0"), body);
            assertTrue(body.contains("streamcast_dead_letters_total{pipeline=\"sensors\",reason=\"malformed-json\"} 1.0"),
                    body);
            assertTrue(body.contains("streamcast_interval_covered_total"), body);
            // The timer takes one event in LATENCY_EVERY; the events counter all of them.
            assertTrue(body.contains("streamcast_event_latency_seconds_count{pipeline=\"sensors\"} "
                    + 200 / PipelineMetrics.LATENCY_EVERY + "\n"), body);
            assertTrue(body.contains("streamcast_model_version{pipeline=\"sensors\"} 0.0"), body);
            assertTrue(body.contains("jvm_memory_used_bytes"), body);
        }
    }
}
