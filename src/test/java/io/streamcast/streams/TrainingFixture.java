package io.streamcast.streams;

import io.streamcast.kafka.TempFolders;
import io.streamcast.model.Weights;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.spec.SpecLoader;
import java.nio.file.Path;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
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
        stateDir = TopologyFixture.newStateDir();
        driver = new TopologyTestDriver(TrainingTopology.build(spec, WeightsSource.fixed(initial), metrics),
                TopologyFixture.driverProps(spec, stateDir));
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
        String json = "{\"key\":\"" + key + "\",\"ts\":" + ts + ",\"value\":" + value + ",\"forecast\":" + value
                + ",\"likelihood\":" + likelihood + ",\"warm\":true}";
        forecasts.pipeInput(TopologyFixture.bytes(key), TopologyFixture.bytes(json));
    }

    /** Four keys of a noise-free, daily-like sine, t = from .. to-1. */
    void sine(int from, int to) {
        for (int t = from; t < to; t++) {
            for (int k = 0; k < 4; k++) {
                send("s" + k, ForecastTopologyTest.T0 + t * ForecastTopologyTest.STEP,
                        10 + k + 3 * Math.sin(2 * Math.PI * (t + 7 * k) / 24.0));
            }
        }
    }


    @Override
    public void close() {
        driver.close();
        TempFolders.deleteQuietly(stateDir);
    }
}
