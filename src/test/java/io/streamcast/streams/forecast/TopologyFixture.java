package io.streamcast.streams.forecast;

import java.util.List;
import io.streamcast.topics.RecordJson;
import io.streamcast.topics.ForecastRecord;
import io.streamcast.topics.AlertRecord;
import io.streamcast.engine.ModelLoader;
import io.streamcast.engine.WeightsSource;
import io.streamcast.streams.StreamsSettings;
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
public final class TopologyFixture implements AutoCloseable {
    public static final long T0 = 1_700_000_000_000L;
    public static final long STEP = 300_000L;
    public static final Path SENSORS = Path.of("topologies/sensors.yaml");

    public final PipelineSpec spec;
    public final PipelineMetrics metrics;
    public final TopologyTestDriver driver;
    public final TestInputTopic<byte[], byte[]> in;
    public final TestInputTopic<String, byte[]> models;
    public final TestOutputTopic<byte[], byte[]> forecasts;
    public final TestOutputTopic<byte[], byte[]> alerts;
    public final TestOutputTopic<byte[], byte[]> deadLetters;
    private final Path stateDir;

    /** The sensors-like test signal: a daily cycle per key and a little structure on top. */
    public static double signal(int key, int t) {
        return 20 + key + 5 * Math.sin(2 * Math.PI * t / 288.0) + 0.3 * Math.sin(t * 1.7 + key);
    }

    public TopologyFixture() {
        this(SpecLoader.load(SENSORS), ProcessorHooks.NONE);
    }

    public TopologyFixture(PipelineSpec spec, ProcessorHooks hooks) {
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

    /** The forecasts written so far (and not yet read), as the topic's own codec reads them. */
    public List<ForecastRecord> forecastRecords() {
        return forecasts.readValuesToList().stream().map(RecordJson::readForecast).toList();
    }

    public List<AlertRecord> alertRecords() {
        return alerts.readValuesToList().stream().map(RecordJson::readAlert).toList();
    }

    /** The test signal for keys prefix0 .. prefix(keys-1), steps from .. to-1, interleaved by step. */
    public void sendSignal(String prefix, int keys, int from, int to) {
        for (int t = from; t < to; t++) {
            for (int k = 0; k < keys; k++) {
                send(prefix + k, T0 + t * STEP, signal(k, t));
            }
        }
    }

    public void send(String key, long ts, double value) {
        in.pipeInput(bytes(key), bytes("{\"ts\":" + ts + ",\"value\":" + value + "}"));
    }

    public void sendRaw(byte[] key, String value) {
        in.pipeInput(key, value == null ? null : bytes(value));
    }

    public byte[] state(String key) {
        return driver.<org.apache.kafka.common.utils.Bytes, byte[]>getKeyValueStore(ForecastTopology.STATE_STORE)
                .get(org.apache.kafka.common.utils.Bytes.wrap(bytes(key)));
    }

    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** A fresh state folder for one driver (the driver's RocksDB stores live there). */
    public static Path newStateDir() {
        try {
            return Files.createTempDirectory("streamcast-ttd");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The production settings of the spec, at-least-once (the driver does not run transactions). */
    public static Properties driverProps(PipelineSpec spec, Path stateDir) {
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
