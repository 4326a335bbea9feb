package io.streamcast.streams;

import io.streamcast.model.Weights;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.spec.SpecLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** A TopologyTestDriver over the training topology, for a small spec (fast) with the given training section. */
final class TrainingFixture implements AutoCloseable {
    final PipelineSpec spec;
    final Weights initial;
    final TrainingMetrics metrics;
    final TopologyTestDriver driver;
    /** The training topology reads the forecast pipeline's output: each record carries its value. */
    final TestInputTopic<byte[], byte[]> forecasts;
    final TestInputTopic<byte[], byte[]> alerts;
    final TestInputTopic<String, byte[]> modelsIn;
    final TestInputTopic<byte[], byte[]> updates;
    final TestOutputTopic<String, byte[]> models;
    private final Path stateDir;

    static PipelineSpec spec(String training) {
        return SpecLoader.parse("""
                name: train-test
                model: {cell: gru, hiddenSize: 8, window: 32, residual: true}
                processing: {guarantee: at_least_once}
                training: {k1: 4, k2: 16, learningRate: 0.01, %s}
                """.formatted(training), "test spec");
    }

    TrainingFixture(PipelineSpec spec) {
        this(spec, Weights.initial(spec.modelConfig().shape(), spec.modelConfig().seed()));
    }

    TrainingFixture(PipelineSpec spec, Weights initial) {
        this.spec = spec;
        this.metrics = TrainingMetrics.detached(spec.name());
        this.initial = initial;
        try {
            stateDir = Files.createTempDirectory("streamcast-train-ttd");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Properties p = StreamsSettings.forecast(spec, "unused:9092", stateDir, java.util.Map.of());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        driver = new TopologyTestDriver(TrainingTopology.build(spec, WeightsSource.fixed(initial), metrics), p);
        ByteArraySerializer ser = new ByteArraySerializer();
        forecasts = driver.createInputTopic(spec.topics().forecasts(), ser, ser);
        alerts = driver.createInputTopic(spec.topics().alerts(), ser, ser);
        updates = driver.createInputTopic(spec.topics().trainingUpdates(), ser, ser);
        modelsIn = driver.createInputTopic(spec.topics().models(), new StringSerializer(), ser);
        models = driver.createOutputTopic(spec.topics().models(), new StringDeserializer(), new ByteArrayDeserializer());
    }

    void send(String key, long ts, double value) {
        send(key, ts, value, 0.5);
    }

    void send(String key, long ts, double value, double likelihood) {
        forecasts.pipeInput(bytes(key), bytes("{\"key\":\"" + key + "\",\"ts\":" + ts + ",\"value\":" + value
                + ",\"forecast\":" + value + ",\"likelihood\":" + likelihood + ",\"warm\":true}"));
    }

    /** Four keys of a noisy-free daily-like sine, t = 0 .. n-1. */
    void sine(int from, int to) {
        for (int t = from; t < to; t++) {
            for (int k = 0; k < 4; k++) {
                send("s" + k, ForecastTopologyTest.T0 + t * ForecastTopologyTest.STEP,
                        10 + k + 3 * Math.sin(2 * Math.PI * (t + 7 * k) / 24.0));
            }
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        driver.close();
        try (var files = Files.walk(stateDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (java.io.IOException ignored) {
            // temp dir: best effort
        }
    }
}
