package io.streamcast.streams.forecast;

import io.streamcast.engine.ModelLoader;
import io.streamcast.engine.WeightsSource;
import io.streamcast.streams.BrokerFixture;
import io.streamcast.streams.PipelineRunner;
import io.streamcast.streams.StreamsSettings;
import io.streamcast.topics.PipelineTopics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.kafka.EmbeddedKafkaBroker;
import io.streamcast.spec.PipelineSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After Kafka's own EosIntegrationTest: the processor crashes once at a chosen record, after it wrote the
 * key's state and emitted its forecast but before the commit. The stream thread is replaced, the task
 * restores its state from the changelog and reprocesses; the committed forecasts equal a fault-free run's,
 * with nothing lost and nothing duplicated.
 */
class ExactlyOnceIT {
    @Test
    void crashMidStreamChangesNothingCommitted(@TempDir Path state) throws Exception {
        AtomicInteger crashes = new AtomicInteger();
        long crashTs = TopologyFixture.T0 + 150 * TopologyFixture.STEP;
        ProcessorHooks crashOnce = (key, ts) -> {
            if (key.equals("key-3") && ts == crashTs && crashes.getAndIncrement() == 0) {
                throw new IllegalStateException("injected crash at " + key + "@" + ts);
            }
        };
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(null)) {
            String bootstrap = broker.bootstrapServers();
            PipelineSpec spec = BrokerFixture.freshSensorsSpec("eos");
            assertEquals("exactly_once_v2", spec.processing().guarantee());
            PipelineTopics.create(bootstrap, Map.of(), spec);
            List<ProducerRecord<byte[], byte[]>> input = BrokerFixture.observations(spec.topics().observations(), 6, 250);
            BrokerFixture.produce(bootstrap, input);
            try (PipelineRunner runner = PipelineRunner.start(
                    ForecastTopology.build(spec, WeightsSource.fixed(ModelLoader.initial(spec, null)),
                            PipelineMetrics.detached(spec.name()), crashOnce),
                    StreamsSettings.forecast(spec, bootstrap, state, Map.of()), null, Duration.ofSeconds(60))) {
                List<ConsumerRecord<byte[], byte[]>> out = BrokerFixture.consume(bootstrap,
                        spec.topics().forecasts(), input.size(), Duration.ofSeconds(120));
                assertTrue(crashes.get() >= 1, "the crash was injected");
                assertEquals(input.size(), out.size(), "no forecast lost or duplicated");
                Map<String, List<String>> expected = BrokerFixture.reference(spec, input);
                Map<String, List<String>> actual = BrokerFixture.perKey(out);
                expected.forEach((k, v) -> assertEquals(v, actual.get(k), "forecasts of " + k));
                System.out.printf("crash injected %d time(s); %d committed forecasts equal the fault-free run%n",
                        crashes.get(), out.size());
            }
        }
    }
}
