package io.streamcast.bench;

import io.streamcast.kafka.TempFolders;
import io.streamcast.kafka.EmbeddedKafkaBroker;
import io.streamcast.model.Weights;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.spec.SpecLoader;
import io.streamcast.streams.forecast.ForecastTopology;
import io.streamcast.streams.forecast.PipelineMetrics;
import io.streamcast.streams.PipelineRunner;
import io.streamcast.topics.PipelineTopics;
import io.streamcast.streams.StreamsSettings;
import io.streamcast.streams.training.TrainingMetrics;
import io.streamcast.streams.training.TrainingTopology;
import io.streamcast.engine.WeightsSource;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * Training throughput through a real broker, and what training costs the forecast pipeline, in one run:
 * the forecast application alone over N pre-produced events, then the forecast and training applications
 * side by side over the same events (the forecast side swapping in the versions as they come), timing each
 * to the end of its input. Both in one JVM on one broker, so the pipeline figures are a ratio.
 */
public final class TrainingBenchmark {
    /** What one run measured. */
    public record Result(double forecastAlone, double forecastBeside, double trainingEventsPerSecond,
                         double windowsPerSecond, long windows, long versions, int k2) {
    }

    private final PipelineSpec spec;
    private final int events;
    private final int keys;
    private final PrintStream out;

    public TrainingBenchmark(Path specFile, int events, int keys, PrintStream out) {
        this.spec = SpecLoader.load(specFile);
        this.events = events;
        this.keys = keys;
        this.out = out;
    }

    public Result run() throws Exception {
        Path work = Files.createTempDirectory("streamcast-train-bench");
        ThroughputBenchmark timer = new ThroughputBenchmark(spec, events, out);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(work.resolve("broker"))) {
            String bootstrap = broker.bootstrapServers();
            PipelineTopics.create(bootstrap, Map.of(), spec);
            out.printf("producing %,d events over %,d keys; model %s, tBPTT k1 = %d, k2 = %d%n", events, keys,
                    spec.modelConfig().shape(), spec.trainerConfig().k1(), spec.trainerConfig().k2());
            ThroughputBenchmark.produce(bootstrap, spec.topics().observations(), events, keys);
            Weights weights = Weights.initial(spec.modelConfig().shape(), spec.model().seed());
            Function<PipelineSpec, Topology> forecast = s -> ForecastTopology.build(s, WeightsSource.fixed(weights),
                    PipelineMetrics.detached(s.name()));
            int[] counter = {0};
            Consumer<String> nop = x -> { };
            String guarantee = spec.processing().guarantee();
            timer.time(bootstrap, work, spec, forecast, "warm-up", "at_least_once", counter, nop);
            double alone = timer.time(bootstrap, work, spec, forecast, "forecast", guarantee, counter, out::println)
                    .eventsPerSecond();

            TrainingMetrics metrics = TrainingMetrics.detached(spec.name());
            // The training application reads what the forecast run beside it writes.
            PipelineSpec besideSpec = spec.withForecastTopic(ThroughputBenchmark.outputTopic(spec, counter[0] + 1));
            ThroughputBenchmark.createTopic(bootstrap, besideSpec.topics().forecasts(), spec.topics().partitions());
            Properties tp = StreamsSettings.training(besideSpec, bootstrap, work.resolve("training"), Map.of());
            String trainingId = "bench-training";
            tp.put(StreamsConfig.APPLICATION_ID_CONFIG, trainingId);
            long start = System.nanoTime();
            double beside;
            double trainingSeconds;
            try (PipelineRunner trainer = PipelineRunner.start(TrainingTopology.build(besideSpec,
                    WeightsSource.fixed(weights), metrics), tp, null, Duration.ofSeconds(60))) {
                beside = timer.time(bootstrap, work, spec, forecast, "forecast-with-training", guarantee, counter,
                        out::println).eventsPerSecond();
                try (Admin admin = ThroughputBenchmark.admin(bootstrap)) {
                    long lastShown = 0;
                    while (consumed(admin, trainingId, besideSpec.topics().forecasts()) < events
                            || consumed(admin, trainingId, spec.topics().trainingUpdates())
                            < ThroughputBenchmark.committed(admin, spec.topics().trainingUpdates(),
                            spec.topics().partitions())) {
                        Thread.sleep(200);
                        if (System.nanoTime() - lastShown > 5e9) {
                            lastShown = System.nanoTime();
                            out.printf("  training: %,.0f windows learnt, %d versions%n", metrics.trainedCount(),
                                    (long) metrics.publishedCount());
                        }
                    }
                }
                trainingSeconds = (System.nanoTime() - start) / 1e9;
            }
            double windows = metrics.trainedCount();
            out.printf("  training  %,10.0f events/s, %,.0f windows/s (%.1f s)%n", events / trainingSeconds,
                    windows / trainingSeconds, trainingSeconds);
            return new Result(alone, beside, events / trainingSeconds, windows / trainingSeconds, (long) windows,
                    (long) metrics.publishedCount(), spec.trainerConfig().k2());
        } finally {
            TempFolders.delete(work);
        }
    }

    /** Offsets the application's consumer group has committed on a topic: how much of it it has done. */
    private static long consumed(Admin admin, String groupId, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }
}
