package io.streamcast.streams.training;

import io.streamcast.topics.ForecastRecord;
import io.streamcast.topics.RecordJson;
import io.streamcast.topics.TopicRegistry;
import io.streamcast.engine.WeightsSource;
import io.streamcast.streams.BrokerFixture;
import io.streamcast.streams.PipelineRunner;
import io.streamcast.streams.StreamsSettings;
import io.streamcast.streams.forecast.ForecastTopology;
import io.streamcast.streams.forecast.PipelineMetrics;
import io.streamcast.topics.PipelineTopics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.feeds.LabelledFeed;
import io.streamcast.feeds.SensorFeedGenerator;
import io.streamcast.kafka.EmbeddedKafkaBroker;
import io.streamcast.model.Weights;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.spec.SpecLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Learning end to end on the embedded broker: both applications run from an untrained global model over six
 * sensors' daily cycles, streamed a day at a time. The training application publishes versions, the
 * forecast application swaps them in, and the forecast error over the second half falls clearly below the
 * naive last-value forecast, and at the end stays below it and below the first days'.
 */
class TrainingLearningIT {
    private static final int DAYS = 12;
    private static final long DAY = 86_400_000L;

    @Test
    void anUntrainedModelLearnsWhileThePipelineRuns(@TempDir Path dir) throws Exception {
        String name = "learn-" + UUID.randomUUID().toString().substring(0, 8);
        PipelineSpec spec = SpecLoader.parse("""
                name: %s
                topics: {partitions: 2}
                model: {cell: gru, hiddenSize: 16, timeFeatures: day, window: 128, normaliser: {halfLife: 2016, warmup: 48}}
                processing: {guarantee: at_least_once, commitIntervalMs: 100}
                training: {k1: 8, k2: 32, onlineLearningRate: 0.003, publishEvery: 128,
                           publishIntervalMs: 600000}
                """.formatted(name), "learning IT spec");
        LabelledFeed feed = SensorFeedGenerator.generate(6, DAYS + 1, DAYS, 7);
        List<LabelledFeed.Event> events = feed.events().stream()
                .filter(e -> e.ts() < SensorFeedGenerator.START + DAYS * DAY).toList();
        Weights untrained = Weights.initial(spec.modelConfig().shape(), spec.modelConfig().seed());
        TrainingMetrics training = TrainingMetrics.detached(name);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"))) {
            String bootstrap = broker.bootstrapServers();
            PipelineTopics.create(bootstrap, Map.of(), spec);
            try (PipelineRunner forecast = PipelineRunner.start(ForecastTopology.build(spec,
                         WeightsSource.fixed(untrained), PipelineMetrics.detached(name)),
                         StreamsSettings.forecast(spec, bootstrap, dir.resolve("state"), Map.of()), null,
                         Duration.ofSeconds(60));
                 PipelineRunner trainer = PipelineRunner.start(TrainingTopology.build(spec,
                         WeightsSource.fixed(untrained), training),
                         StreamsSettings.training(spec, bootstrap, dir.resolve("state"), Map.of()), null,
                         Duration.ofSeconds(60));
                 KafkaConsumer<byte[], byte[]> out = consumer(bootstrap, spec.topics().forecasts());
                 Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                TopicRegistry t = TopicRegistry.of(spec);
                List<ForecastRecord> forecasts = new ArrayList<>();
                for (int day = 0; day < DAYS; day++) {
                    long from = SensorFeedGenerator.START + day * DAY;
                    List<ProducerRecord<byte[], byte[]>> batch = events.stream()
                            .filter(e -> e.ts() >= from && e.ts() < from + DAY)
                            .map(e -> new ProducerRecord<>(spec.topics().observations(),
                                    e.key().getBytes(StandardCharsets.UTF_8),
                                    ("{\"ts\":" + e.ts() + ",\"value\":" + e.value() + "}").getBytes(StandardCharsets.UTF_8)))
                            .toList();
                    BrokerFixture.produce(bootstrap, batch);
                    long want = forecasts.size() + batch.size();
                    BrokerFixture.awaitUntil(Duration.ofSeconds(60), () -> {
                        for (ConsumerRecord<byte[], byte[]> r : out.poll(Duration.ofMillis(200))) {
                            forecasts.add(RecordJson.readForecast(r.value()));
                        }
                        return forecasts.size() >= want;
                    }, want + " forecasts by the end of day " + day);
                    // Let the training application finish the day and publish, as a live feed would. In this
                    // order, each stays true once it holds: the forecast side has flushed the day's forecasts
                    // and alerts, the training side has made and learnt its windows from all of them, and what
                    // it published is in the forecast side's model store.
                    BrokerFixture.awaitUntil(Duration.ofSeconds(60), () -> BrokerFixture.caughtUp(admin,
                            spec.applicationId(), List.of(t.observations().name())), "the forecast side to commit day " + day);
                    BrokerFixture.awaitUntil(Duration.ofSeconds(60), () -> BrokerFixture.caughtUp(admin,
                            StreamsSettings.trainingApplicationId(spec),
                            List.of(t.forecasts().name(), t.alerts().name(), t.trainingUpdates().name())),
                            "the training side to learn from day " + day);
                    BrokerFixture.awaitUntil(Duration.ofSeconds(30),
                            () -> BrokerFixture.globalModelVersion(forecast.streams()) >= training.version(),
                            "version " + training.version() + " to reach the forecast side on day " + day);
                    System.out.printf("day %d: %d forecasts, model version %d, %.0f windows trained%n", day,
                            forecasts.size(), forecasts.get(forecasts.size() - 1).modelVersion(),
                            training.windows());
                }
                assertEquals(events.size(), forecasts.size(), "one forecast per event");
                double first = maeRatio(forecasts, 0, 2);
                double last = maeRatio(forecasts, DAYS - 2, DAYS);
                double secondHalf = maeRatio(forecasts, DAYS / 2, DAYS);
                long version = forecasts.get(forecasts.size() - 1).modelVersion();
                System.out.printf("learning on the broker: MAE vs naive %.3f over days 0-1 (untrained), %.3f over "
                                + "days %d-%d, %.3f over days %d-%d (model v%d); %.0f versions published, %.0f refused%n",
                        first, secondHalf, DAYS / 2, DAYS - 1, last, DAYS - 2, DAYS - 1, version,
                        training.publishedCount(), training.rejected("canary") + training.rejected("guard"));
                assertTrue(version >= 3, "versions were published and swapped in: v" + version);
                // Over the six days after learning has begun, whichever versions served them, and at the end.
                // (One late version can be poorer on the last two days than the canary windows said: a run
                // measured 0.99 there; most measure 0.86-0.93.)
                assertTrue(secondHalf < 0.97, "clearly below the naive forecast over days 6-11: " + secondHalf);
                assertTrue(last < 1.0, "still below the naive forecast at the end: " + last);
                assertTrue(last < first - 0.03, "clearly below the first days: " + first + " -> " + last);
            }
        }
    }

    /** MAE of the forecasts against the next value, over the naive forecast's, for warm forecasts in [from, to) days. */
    private static double maeRatio(List<ForecastRecord> forecasts, int fromDay, int toDay) {
        Map<String, ForecastRecord> previous = new HashMap<>();
        double model = 0;
        double naive = 0;
        for (ForecastRecord f : forecasts) {
            String key = f.key();
            ForecastRecord p = previous.put(key, f);
            long day = (f.ts() - SensorFeedGenerator.START) / DAY;
            if (p == null || day < fromDay || day >= toDay || !p.warm()) {
                continue;
            }
            double v = f.value();
            model += Math.abs(v - p.forecast());
            naive += Math.abs(v - p.value());
        }
        return model / naive;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "learning-it-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        c.subscribe(List.of(topic));
        return c;
    }
}
