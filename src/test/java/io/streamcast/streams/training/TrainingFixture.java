package io.streamcast.streams.training;

import io.streamcast.engine.WeightsSource;
import io.streamcast.streams.forecast.TopologyFixture;
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
public final class TrainingFixture implements AutoCloseable {
    public final PipelineSpec spec;
    public final Weights initial;
    public final TrainingMetrics metrics;
    public final TopologyTestDriver driver;
    /** The training topology reads the forecast pipeline's output: each record carries its value. */
    public final TestInputTopic<byte[], byte[]> forecasts;
    public final TestInputTopic<byte[], byte[]> alerts;
    public final TestInputTopic<String, byte[]> modelsIn;
    public final TestInputTopic<byte[], byte[]> updates;
    public final TestOutputTopic<String, byte[]> models;
    private final Path stateDir;

    public static PipelineSpec spec(String training) {
        return SpecLoader.parse("""
                name: train-test
                model: {cell: gru, hiddenSize: 8, window: 32, residual: true}
                processing: {guarantee: at_least_once}
                training: {k1: 4, k2: 16, learningRate: 0.01, %s}
                """.formatted(training), "test spec");
    }

    public TrainingFixture(PipelineSpec spec) {
        this(spec, Weights.initial(spec.modelConfig().shape(), spec.modelConfig().seed()));
    }

    public TrainingFixture(PipelineSpec spec, Weights initial) {
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

    public void send(String key, long ts, double value) {
        send(key, ts, value, 0.5);
    }

    public void send(String key, long ts, double value, double likelihood) {
        String json = "{\"key\":\"" + key + "\",\"ts\":" + ts + ",\"value\":" + value + ",\"forecast\":" + value
                + ",\"likelihood\":" + likelihood + ",\"warm\":true}";
        forecasts.pipeInput(TopologyFixture.bytes(key), TopologyFixture.bytes(json));
    }

    /** Four keys of a noise-free, daily-like sine, t = from .. to-1. */
    public void sine(int from, int to) {
        for (int t = from; t < to; t++) {
            for (int k = 0; k < 4; k++) {
                send("s" + k, TopologyFixture.T0 + t * TopologyFixture.STEP,
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
