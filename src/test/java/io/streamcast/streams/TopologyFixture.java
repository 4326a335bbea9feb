package io.streamcast.streams;

import io.streamcast.kafka.TempFolders;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.spec.SpecLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** A TopologyTestDriver over the exact topology production builds from topologies/sensors.yaml. */
final class TopologyFixture implements AutoCloseable {
    static final Path SENSORS = Path.of("topologies/sensors.yaml");

    final PipelineSpec spec;
    final PipelineMetrics metrics;
    final TopologyTestDriver driver;
    final TestInputTopic<byte[], byte[]> in;
    final TestInputTopic<String, byte[]> models;
    final TestOutputTopic<byte[], byte[]> forecasts;
    final TestOutputTopic<byte[], byte[]> alerts;
    final TestOutputTopic<byte[], byte[]> deadLetters;
    private final Path stateDir;

    TopologyFixture() {
        this(SpecLoader.load(SENSORS), ProcessorHooks.NONE);
    }

    TopologyFixture(PipelineSpec spec, ProcessorHooks hooks) {
        this.spec = spec;
        this.metrics = PipelineMetrics.detached(spec.name());
        stateDir = newStateDir();
        driver = new TopologyTestDriver(ForecastTopology.build(spec,
                WeightsSource.fixed(ModelLoader.initial(spec, SENSORS.getParent())), metrics, hooks),
                driverProps(spec, stateDir));
        ByteArraySerializer ser = new ByteArraySerializer();
        ByteArrayDeserializer de = new ByteArrayDeserializer();
        in = driver.createInputTopic(spec.topics().observations(), ser, ser);
        models = driver.createInputTopic(spec.topics().models(),
                new org.apache.kafka.common.serialization.StringSerializer(), ser);
        forecasts = driver.createOutputTopic(spec.topics().forecasts(), de, de);
        alerts = driver.createOutputTopic(spec.topics().alerts(), de, de);
        deadLetters = driver.createOutputTopic(spec.topics().deadLetters(), de, de);
    }

    void send(String key, long ts, double value) {
        in.pipeInput(bytes(key), bytes("{\"ts\":" + ts + ",\"value\":" + value + "}"));
    }

    void sendRaw(byte[] key, String value) {
        in.pipeInput(key, value == null ? null : bytes(value));
    }

    byte[] state(String key) {
        return driver.<org.apache.kafka.common.utils.Bytes, byte[]>getKeyValueStore(ForecastTopology.STATE_STORE)
                .get(org.apache.kafka.common.utils.Bytes.wrap(bytes(key)));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** A fresh state folder for one driver (the driver's RocksDB stores live there). */
    static Path newStateDir() {
        try {
            return Files.createTempDirectory("streamcast-ttd");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The production settings of the spec, at-least-once (the driver does not run transactions). */
    static Properties driverProps(PipelineSpec spec, Path stateDir) {
        Properties p = StreamsSettings.forecast(spec, "unused:9092", stateDir, java.util.Map.of());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        return p;
    }

    @Override
    public void close() {
        driver.close();
        TempFolders.deleteQuietly(stateDir);
    }
}
