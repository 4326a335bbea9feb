package io.streamcast.replay;

import io.streamcast.engine.ModelLoader;
import io.streamcast.engine.WeightsSource;
import io.streamcast.streams.BrokerFixture;
import io.streamcast.streams.PipelineRunner;
import io.streamcast.streams.StreamsSettings;
import io.streamcast.streams.forecast.ForecastTopology;
import io.streamcast.streams.forecast.PipelineMetrics;
import io.streamcast.topics.ModelProvenance;
import io.streamcast.topics.ModelRecords;
import io.streamcast.topics.PipelineTopics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.eval.Backtest;
import io.streamcast.kafka.BrokerExtension;
import io.streamcast.model.Weights;
import io.streamcast.spec.PipelineSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live forecast run on a real broker that meets two model versions while it runs (one it must re-warm onto,
 * then an incremental successor it carries its hidden states into, each picked up by each key whenever the
 * global store had it) is reproduced bit for bit from its topics alone.
 */
class LiveReproductionIT {
    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension();

    @Test
    void aLiveRunWithHotSwapsIsReproducedBitForBit(@TempDir Path state) throws Exception {
        PipelineSpec spec = BrokerFixture.freshSensorsSpec("repro");
        String bootstrap = broker.bootstrapServers();
        PipelineTopics.create(bootstrap, Map.of(), spec);
        Weights initial = ModelLoader.initial(spec, null);
        PipelineSpec.Topics t = spec.topics();
        List<ProducerRecord<byte[], byte[]>> input = BrokerFixture.observations(t.observations(), 8, 360);
        List<ProducerRecord<byte[], byte[]>> first = new ArrayList<>(input.subList(0, 960));
        first.add(new ProducerRecord<>(t.observations(), "key-3".getBytes(StandardCharsets.UTF_8),
                "{\"ts\": oops".getBytes(StandardCharsets.UTF_8)));
        int events = input.size() + 1;
        long begin = System.nanoTime();
        try (PipelineRunner runner = PipelineRunner.start(ForecastTopology.build(spec, WeightsSource.fixed(initial),
                PipelineMetrics.detached(spec.name())), StreamsSettings.forecast(spec, bootstrap, state, Map.of()),
                null, Duration.ofSeconds(60))) {
            BrokerFixture.produce(bootstrap, first);
            await(bootstrap, t, 960);
            // A version from elsewhere (no lineage): every key re-warms onto it at its next event.
            publish(bootstrap, t, Weights.initial(initial.shape(), 7).withVersion(1), 0, "offline");
            awaitModel(runner, 1); // so every key meets it in this phase
            BrokerFixture.produce(bootstrap, input.subList(960, 1920));
            await(bootstrap, t, 1920);
            // Trained on from version 1: keys on version 1 keep their hidden states.
            publish(bootstrap, t, Weights.initial(initial.shape(), 8).withVersion(2), 1, "training");
            awaitModel(runner, 2);
            BrokerFixture.produce(bootstrap, input.subList(1920, input.size()));
            await(bootstrap, t, input.size());
        }
        LiveReproduction.Outcome o = LiveReproduction.run(spec, initial, bootstrap, Map.of(), Backtest.Progress.NONE);
        System.out.printf("%s; live run and reproduction took %.1f s%n", o.summary(), (System.nanoTime() - begin) / 1e9);
        assertEquals(events, o.rows(), "every input row, the malformed one included");
        assertEquals(o.rows(), o.identical(), "differences: " + o.differences());
        assertEquals(1, o.result().runs().stream().mapToInt(r -> r.rejectedCount()).sum(), "the malformed row");
        assertTrue(o.rewarmed() >= 8, "every key re-warms onto version 1: " + o.rewarmed());
        assertTrue(o.carried() >= 1, "keys on version 1 carry into version 2: " + o.carried());
        assertTrue(o.result().versions().containsAll(List.of(1L, 2L)), "versions " + o.result().versions());
    }

    private static void publish(String bootstrap, PipelineSpec.Topics t, Weights w, long parent, String source) {
        ModelProvenance p = new ModelProvenance(w.version(), parent, "it", ModelRecords.GLOBAL, source, 7, 0, 0, 0,
                0, null, null, System.currentTimeMillis());
        BrokerFixture.produce(bootstrap, List.of(new ProducerRecord<>(t.models(),
                ModelRecords.GLOBAL.getBytes(StandardCharsets.UTF_8), ModelRecords.encode(p, w))));
    }

    private static void awaitModel(PipelineRunner runner, long version) {
        BrokerFixture.awaitUntil(Duration.ofSeconds(30), () -> BrokerFixture.globalModelVersion(runner.streams())
                == version, "version " + version + " in the forecast application's global model store");
    }

    private static void await(String bootstrap, PipelineSpec.Topics t, int forecasts) {
        int got = BrokerFixture.consume(bootstrap, t.forecasts(), forecasts, Duration.ofSeconds(90)).size();
        assertEquals(forecasts, got, "forecasts on " + t.forecasts());
    }
}
