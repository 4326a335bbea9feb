package io.streamcast.streams.forecast;

import io.streamcast.engine.ModelLoader;
import io.streamcast.engine.WeightsSource;
import io.streamcast.streams.BrokerFixture;
import io.streamcast.streams.PipelineRunner;
import io.streamcast.streams.StreamsSettings;
import io.streamcast.topics.PipelineTopics;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamcast.spec.PipelineSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The pipeline against the official Apache Kafka image, where a Docker engine exists. Without one (as on
 * our build machines) Testcontainers skips the class and says so; the embedded-broker tests cover the
 * same path.
 */
@Testcontainers(disabledWithoutDocker = true)
class OfficialImageIT {
    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.1");

    @Test
    void forecastsFlowThroughTheOfficialImage(@TempDir Path state) throws Exception {
        PipelineSpec spec = BrokerFixture.freshSensorsSpec("docker");
        String bootstrap = KAFKA.getBootstrapServers();
        PipelineTopics.create(bootstrap, Map.of(), spec);
        List<ProducerRecord<byte[], byte[]>> input = BrokerFixture.observations(spec.topics().observations(), 4, 100);
        BrokerFixture.produce(bootstrap, input);
        try (PipelineRunner runner = PipelineRunner.start(
                ForecastTopology.build(spec, WeightsSource.fixed(ModelLoader.initial(spec, null)),
                        PipelineMetrics.detached(spec.name())),
                StreamsSettings.forecast(spec, bootstrap, state, Map.of()), null, Duration.ofSeconds(120))) {
            List<ConsumerRecord<byte[], byte[]>> out = BrokerFixture.consume(bootstrap, spec.topics().forecasts(),
                    input.size(), Duration.ofSeconds(120));
            assertEquals(BrokerFixture.reference(spec, input), BrokerFixture.perKey(out));
        }
    }
}
