package io.streamcast.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.spec.PipelineSpec;
import io.streamcast.spec.SpecLoader;
import io.streamcast.spec.SpecLoader.SpecException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** The spec's processing section reaches Kafka Streams: standby replicas, and the address for queries. */
class StreamsSettingsTest {
    private static final Path STATE = Path.of("unused-state");

    @Test
    void standbyReplicasReachBothApplications() {
        PipelineSpec spec = SpecLoader.parse("name: x\nprocessing:\n  standbyReplicas: 2\n  threads: 3\n", "x.yaml");
        Properties forecast = StreamsSettings.forecast(spec, "b:9092", STATE, Map.of());
        Properties training = StreamsSettings.training(spec, "b:9092", STATE, Map.of());
        assertEquals(2, forecast.get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG));
        assertEquals(2, training.get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG));
        assertEquals(3, forecast.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG));
        // and Kafka Streams accepts them
        assertEquals(2, new StreamsConfig(forecast).getInt(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG));
    }

    @Test
    void theRecordCacheIsOnUnderAtLeastOnceOffUnderExactlyOnceAndNeverNegative() {
        assertEquals(0L, cacheBytes("name: x\n"), "the default guarantee is exactly-once: no cache");
        assertEquals(10L * 1024 * 1024, cacheBytes("name: x\nprocessing:\n  guarantee: at_least_once\n"));
        assertEquals(0L, cacheBytes("name: x\nprocessing:\n  guarantee: at_least_once\n  cacheMaxBytes: 0\n"));
        assertEquals(5000L, cacheBytes("name: x\nprocessing:\n  guarantee: at_least_once\n  cacheMaxBytes: 5000\n"));
        PipelineSpec.Processing alos = SpecLoader.parse("name: x\nprocessing:\n  guarantee: at_least_once\n",
                "x.yaml").processing();
        assertEquals(0L, alos.withGuarantee("exactly_once_v2").recordCacheBytes());
        SpecException negative = assertThrows(SpecException.class, () -> SpecLoader.parse(
                "name: x\nprocessing:\n  guarantee: at_least_once\n  cacheMaxBytes: -1\n", "x.yaml"));
        assertTrue(negative.getMessage().contains("processing.cacheMaxBytes"), negative.getMessage());
        SpecException eos = assertThrows(SpecException.class,
                () -> SpecLoader.parse("name: x\nprocessing:\n  cacheMaxBytes: 1000\n", "x.yaml"));
        assertTrue(eos.getMessage().contains("at_least_once"), eos.getMessage());
    }

    private static long cacheBytes(String yaml) {
        Properties p = StreamsSettings.forecast(SpecLoader.parse(yaml, "x.yaml"), "b:9092", STATE, Map.of());
        return new StreamsConfig(p).getLong(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG);
    }

    @Test
    void applicationServerIsTheAdvertisedHostAndTheBoundPort() {
        PipelineSpec spec = SpecLoader.parse("name: x\nprocessing:\n  httpHost: 0.0.0.0\n"
                + "  advertisedHost: x-0.x.default.svc\n", "x.yaml");
        assertEquals("0.0.0.0", spec.processing().httpHost());
        Properties p = StreamsSettings.serving(StreamsSettings.forecast(spec, "b:9092", STATE, Map.of()),
                spec.processing().advertisedHost(), 40123);
        assertEquals("x-0.x.default.svc:40123", new StreamsConfig(p).getString(StreamsConfig.APPLICATION_SERVER_CONFIG));
        Properties passedThrough = StreamsSettings.serving(StreamsSettings.forecast(spec, "b:9092", STATE,
                Map.of(StreamsConfig.APPLICATION_SERVER_CONFIG, "other:1")), "x-0", 2);
        assertEquals("x-0:2", passedThrough.get(StreamsConfig.APPLICATION_SERVER_CONFIG),
                "the address the HTTP port really has, even over --kafka-config");
    }

    @Test
    void httpDefaultsAndOverrides() {
        PipelineSpec.Processing p = SpecLoader.parse("name: x\n", "x.yaml").processing();
        assertEquals(9464, p.metricsPort());
        assertEquals("127.0.0.1", p.httpHost());
        assertEquals("127.0.0.1", p.advertisedHost(), "advertised defaults to the bind address");
        PipelineSpec.Processing container = p.withHttp("0.0.0.0", "10.1.2.3");
        assertEquals("0.0.0.0", container.httpHost());
        assertEquals("10.1.2.3", container.advertisedHost());
        assertEquals("192.168.1.5", p.withHttp("192.168.1.5", null).advertisedHost(), "follows the new bind address");
        PipelineSpec.Processing own = SpecLoader.parse("name: x\nprocessing:\n  advertisedHost: a.example\n", "x.yaml")
                .processing();
        assertEquals("a.example", own.withHttp("0.0.0.0", null).advertisedHost(), "an explicit one stays");
        assertEquals("[::1]", p.withHttp("[::1]", null).advertisedHost());
    }

    @Test
    void badHostsFailAtLoad() {
        for (String bad : new String[] {"host:9464", "http://host", "two words", "''"}) {
            SpecException e = assertThrows(SpecException.class, () -> SpecLoader.parse(
                    "name: x\nprocessing:\n  advertisedHost: " + bad + "\n", "x.yaml"), bad);
            assertTrue(e.getMessage().contains("processing.advertisedHost must be a host name or IP address"),
                    e.getMessage());
        }
    }
}
