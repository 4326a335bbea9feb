package io.streamcast.streams.forecast;

import io.streamcast.engine.ModelLoader;
import io.streamcast.engine.WeightsSource;
import io.streamcast.streams.BrokerFixture;
import io.streamcast.streams.PipelineRunner;
import io.streamcast.streams.StreamsSettings;
import io.streamcast.topics.PipelineTopics;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamcast.kafka.BrokerExtension;
import io.streamcast.spec.PipelineSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forecast application on a real broker: every event gives one committed forecast, in order per key,
 * and the values are exactly those of the TopologyTestDriver run of the same input, bit for bit.
 */
class ForecastPipelineIT {
    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension();

    @Test
    void brokerRunEqualsTopologyTestDriverRun(@TempDir Path state) throws Exception {
        PipelineSpec spec = BrokerFixture.freshSensorsSpec("it");
        String bootstrap = broker.bootstrapServers();
        PipelineTopics.create(bootstrap, Map.of(), spec);
        List<ProducerRecord<byte[], byte[]>> input = BrokerFixture.observations(spec.topics().observations(), 10, 300);
        BrokerFixture.produce(bootstrap, input);
        try (PipelineRunner runner = PipelineRunner.start(
                ForecastTopology.build(spec, WeightsSource.fixed(ModelLoader.initial(spec, null)),
                        PipelineMetrics.detached(spec.name())),
                StreamsSettings.forecast(spec, bootstrap, state, Map.of()), null, Duration.ofSeconds(60))) {
            List<ConsumerRecord<byte[], byte[]>> out = BrokerFixture.consume(bootstrap, spec.topics().forecasts(),
                    input.size(), Duration.ofSeconds(90));
            assertEquals(input.size(), out.size(), "one forecast per event, none duplicated");
            Map<String, List<String>> actual = BrokerFixture.perKey(out);
            Map<String, List<String>> expected = BrokerFixture.reference(spec, input);
            assertEquals(expected.keySet(), actual.keySet());
            expected.forEach((k, v) -> assertEquals(v, actual.get(k), "forecasts of " + k));
            System.out.printf("%d forecasts for %d keys equal the TopologyTestDriver run%n", out.size(), actual.size());
        }
    }
}
