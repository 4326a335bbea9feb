package io.streamcast.demo;

import io.streamcast.topics.TopicSerdes;
import io.streamcast.topics.TopicRegistry;
import io.streamcast.anomaly.AnomalyResult;
import io.streamcast.topics.AlertRecord;
import io.streamcast.topics.ForecastRecord;
import io.streamcast.topics.RecordJson;
import io.streamcast.kafka.TempFolders;
import io.streamcast.feeds.LabelledFeed;
import io.streamcast.feeds.SensorFeedGenerator;
import io.streamcast.kafka.EmbeddedKafkaBroker;
import io.streamcast.model.Weights;
import io.streamcast.observe.MetricsServer;
import io.streamcast.observe.SeriesHandler;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.topics.DeadLetters;
import io.streamcast.streams.forecast.ForecastTopology;
import io.streamcast.engine.ModelLoader;
import io.streamcast.topics.ModelProvenance;
import io.streamcast.topics.ModelRecords;
import io.streamcast.streams.models.ModelTopic;
import io.streamcast.streams.forecast.PipelineMetrics;
import io.streamcast.streams.forecast.RecentHistory;
import io.streamcast.streams.PipelineRunner;
import io.streamcast.topics.PipelineTopics;
import io.streamcast.streams.StreamsSettings;
import io.streamcast.streams.training.TrainingMetrics;
import io.streamcast.streams.training.TrainingTopology;
import io.streamcast.engine.WeightsSource;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The demo end to end: a real embedded broker, a generated labelled sensor feed, a model trained offline on
 * its clean history, the forecast pipeline, the history replayed fast and the rest streamed live at a set
 * rate (with a few bad records), a live console, and a summary scored against the injected anomalies.
 */
public final class DemoRun {
    /** Demo settings. */
    public record Options(PipelineSpec spec, int keys, int historyDays, int liveDays, double rate, Duration duration,
                          boolean train, boolean liveTraining, long seed, boolean terminal) {
    }

    /** What the demo measured, for the summary and for tests. */
    public record Summary(long produced, long forecasts, long deadLetters, Map<String, Long> deadLettersByReason,
                          int alerts, DemoScore.Detection detection, double maeRatio, double coverage,
                          Map<Long, double[]> errorByVersion, long versionsPublished, long trainingRejections,
                          boolean completed) {
    }

    /** From untrained: a step large enough to learn the demo feed within its few days (README). */
    static final double SCRATCH_LEARNING_RATE = 0.003;
    private final Options opt;
    private final PrintStream out;
    private final AtomicBoolean stop = new AtomicBoolean();
    private TrainingMetrics training = TrainingMetrics.detached("none");
    private String seriesUrl;

    public DemoRun(Options opt, PrintStream out) {
        this.opt = opt;
        this.out = out;
    }

    /** Asks a running demo to wind down (Ctrl-C). */
    public void stop() {
        stop.set(true);
    }

    public Summary run() throws Exception {
        PipelineSpec spec = opt.spec();
        int days = opt.historyDays() + opt.liveDays();
        LabelledFeed feed = SensorFeedGenerator.generate(opt.keys(), days, opt.historyDays(), opt.seed());
        long liveFrom = SensorFeedGenerator.START + opt.historyDays() * 86_400_000L;
        List<LabelledFeed.Event> history = feed.events().stream().filter(e -> e.ts() < liveFrom).toList();
        List<LabelledFeed.Event> live = feed.events().stream().filter(e -> e.ts() >= liveFrom).toList();

        Weights weights = ModelLoader.initial(spec, null);
        DemoTraining.Trained trained = null;
        if (opt.train()) {
            trained = DemoTraining.train(spec, history, weights, out);
            weights = trained.weights();
        } else {
            out.println("using the built-in untrained model (it starts at the naive forecast)");
            if (opt.liveTraining()) {
                // Fine-tuning a trained model wants a small step; learning from nothing, a large one.
                spec = spec.withOnlineLearningRate(SCRATCH_LEARNING_RATE);
                out.printf("the training application learns it from the stream, at step size %s%n",
                        SCRATCH_LEARNING_RATE);
            }
        }

        out.println("starting an embedded Kafka broker (KRaft)...");
        Path work = Files.createTempDirectory("streamcast-demo");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(work.resolve("broker"));
             MetricsServer http = MetricsServer.start(MetricsServer.newRegistry(), "127.0.0.1", 0)) {
            String bootstrap = broker.bootstrapServers();
            out.println("broker ready at " + bootstrap);
            PipelineTopics.create(bootstrap, Map.of(), spec);
            if (trained != null) {
                // As `streamcast train --publish` would: the offline version is the first on the model topic.
                ModelTopic.publish(bootstrap, Map.of(), spec, ModelRecords.GLOBAL, new ModelProvenance(
                        weights.version(), 0, spec.name(), ModelRecords.GLOBAL, "offline", spec.model().seed(),
                        history.get(0).ts(), liveFrom - 1, trained.windows(), trained.loss(), null, null,
                        System.currentTimeMillis()),
                        weights);
            }
            // Interactive queries on a free port (a `streamcast run` may hold the spec's): printed in the title.
            HostInfo self = new HostInfo("127.0.0.1", http.port());
            Properties props = StreamsSettings.serving(StreamsSettings.forecast(spec, bootstrap, work.resolve("state"),
                    Map.of()), self.host(), self.port());
            PipelineMetrics metrics = new PipelineMetrics(http.registry(), spec.name());
            PipelineSpec querySpec = spec;
            seriesUrl = "http://" + self.host() + ":" + self.port() + "/series/" + feed.events().get(0).key();
            training = TrainingMetrics.detached(spec.name());
            RecentHistory recent = RecentHistory.of(spec);
            try (PipelineRunner runner = PipelineRunner.start(
                    ForecastTopology.build(spec, WeightsSource.fixed(weights), metrics, recent), props, null,
                    Duration.ofSeconds(60), streams -> SeriesHandler.install(http, querySpec, streams, self, recent));
                 PipelineRunner trainer = opt.liveTraining() ? PipelineRunner.start(
                         TrainingTopology.build(spec, WeightsSource.fixed(weights), training),
                         StreamsSettings.training(spec, bootstrap, work.resolve("state"), Map.of()), null,
                         Duration.ofSeconds(60)) : null) {
                out.printf("pipeline '%s' running (%s, exactly-once: %s)%s%n", spec.name(),
                        spec.modelConfig().shape(), spec.processing().guarantee(), opt.liveTraining()
                                ? "; training application beside it, publishing a version every "
                                + spec.training().publishEvery() + " windows" : "");
                out.printf("watch it live in a browser: http://%s:%d/ ; query a series: curl %s (keys: curl %s)%n",
                        self.host(), self.port(), seriesUrl, seriesUrl.substring(0, seriesUrl.lastIndexOf('/')));
                if (spec.forecast().horizon() > 0) {
                    out.printf("each forecast carries the next %d steps (forecast.horizon): in the records' \"ahead\", "
                            + "in /series and drawn past the last point of a series' chart%n", spec.forecast().horizon());
                }
                return stream(bootstrap, feed, history, live, liveFrom);
            }
        } finally {
            TempFolders.deleteQuietly(work);
        }
    }

    private Summary stream(String bootstrap, LabelledFeed feed, List<LabelledFeed.Event> history,
                           List<LabelledFeed.Event> live, long liveFrom) throws Exception {
        PipelineSpec spec = opt.spec();
        DemoScore score = new DemoScore(liveFrom);
        ConsoleView view = new ConsoleView(out, opt.terminal(), String.format(
                "Streamcast demo: pipeline '%s' on %s | curl %s", spec.name(), bootstrap, seriesUrl));
        AtomicLong forecasts = new AtomicLong();
        Map<String, Long> dead = new TreeMap<>();
        long produced = history.size() + live.size() + BadRecords.COUNT;
        long deadline = opt.duration().isZero() ? Long.MAX_VALUE : System.currentTimeMillis() + opt.duration().toMillis();
        Thread producer = new Thread(() -> produce(bootstrap, history, live), "demo-producer");
        producer.setDaemon(true);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            TopicRegistry t = TopicRegistry.of(spec);
            consumer.subscribe(List.of(t.forecasts().name(), t.alerts().name(), t.deadLetters().name()));
            producer.start();
            long expectedForecasts = history.size() + live.size();
            long started = System.currentTimeMillis();
            while (!stop.get() && System.currentTimeMillis() < deadline && forecasts.get() < expectedForecasts) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    handle(r, score, view, forecasts, dead);
                }
                long elapsed = Math.max(1, System.currentTimeMillis() - started);
                String phase = forecasts.get() < history.size() ? "replaying history" : "streaming live";
                double recent = score.recentMaeRatio();
                view.render(String.format("%s | model v%d | error %s naive (last 1000) | forecasts %d/%d (%.0f/s) "
                                + "| alerts %d | dead letters %d", phase, view.latestVersion(),
                        Double.isNaN(recent) ? "-" : String.format("%.2fx", recent),
                        forecasts.get(), expectedForecasts, forecasts.get() * 1000.0 / elapsed,
                        score.alerts().size(), dead.values().stream().mapToLong(Long::longValue).sum()),
                        score.alerts(), false);
            }
            // Dead letters can trail the last forecast by a commit interval.
            long drainUntil = System.currentTimeMillis() + 1500;
            while (!stop.get() && System.currentTimeMillis() < drainUntil) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    handle(r, score, view, forecasts, dead);
                }
            }
            view.render("done", score.alerts(), true);
        }
        stop.set(true);
        producer.join(5000);
        long deadTotal = dead.values().stream().mapToLong(Long::longValue).sum();
        return new Summary(produced, forecasts.get(), deadTotal, dead, score.alerts().size(),
                score.detection(feed.anomalies()), score.maeRatio(), score.coverage(), score.errorByVersion(),
                (long) training.publishedCount(), (long) (training.rejected("guard") + training.rejected("canary")),
                forecasts.get() >= history.size() + live.size());
    }

    private void handle(ConsumerRecord<byte[], byte[]> r, DemoScore score, ConsoleView view, AtomicLong forecasts,
                        Map<String, Long> dead) throws Exception {
        TopicRegistry t = TopicRegistry.of(opt.spec());
        if (r.topic().equals(t.deadLetters().name())) {
            dead.merge(DeadLetters.reason(r.headers()), 1L, Long::sum);
            return;
        }
        if (r.topic().equals(t.forecasts().name())) {
            ForecastRecord f = RecordJson.readForecast(r.value());
            forecasts.incrementAndGet();
            score.forecast(f.key(), f.ts(), f.value(), f.forecast(), f.lower(), f.upper(), f.warm(), f.modelVersion());
            view.update(f.key(), new ConsoleView.Row(f.ts(), f.value(), f.forecast(), f.lower(), f.upper(),
                    Double.isNaN(f.likelihood()) ? 0 : f.likelihood(), view.alertsFor(f.key()), f.modelVersion()));
            return;
        }
        AlertRecord a = RecordJson.readAlert(r.value());
        if (a.kind() == AnomalyResult.Alert.OPENED) {
            String key = a.key();
            score.alert(new DemoScore.Alert(key, a.ts(), a.value(), a.expected(), a.likelihood(),
                    AlertRecord.label(a.severity()), AlertRecord.label(a.cause())));
            view.bumpAlerts(key);
        }
    }

    private void produce(String bootstrap, List<LabelledFeed.Event> history, List<LabelledFeed.Event> live) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // One batch in flight: a batch retried after NOT_LEADER (new topics) cannot then fail out of sequence.
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            String topic = TopicRegistry.of(opt.spec()).observations().name();
            Consumer<LabelledFeed.Event> send = e -> producer.send(new ProducerRecord<>(topic,
                    e.key().getBytes(StandardCharsets.UTF_8), json(e)));
            history.forEach(send);
            producer.flush();
            long start = System.nanoTime();
            BadRecords bad = new BadRecords(topic, live);
            for (int i = 0; i < live.size() && !stop.get(); i++) {
                long due = start + (long) (i * 1e9 / opt.rate());
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                send.accept(live.get(i));
                bad.maybeSend(i, producer);
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static byte[] json(LabelledFeed.Event e) {
        return TopicSerdes.observationJson(e.ts(), e.value());
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "streamcast-demo-view-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** A few bad records sent mid-stream, so the dead-letter path shows. */
    private static final class BadRecords {
        static final int COUNT = 3;
        private final String topic;
        private final List<LabelledFeed.Event> live;

        BadRecords(String topic, List<LabelledFeed.Event> live) {
            this.topic = topic;
            this.live = live;
        }

        void maybeSend(int i, KafkaProducer<byte[], byte[]> producer) {
            int n = live.size();
            String key = live.get(i).key();
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            String value = null;
            if (i == n / 4) {
                value = "{\"ts\": " + live.get(i).ts() + ", \"value\": ";
            } else if (i == n / 2) {
                value = "{\"ts\": " + (live.get(i).ts() + 1) + ", \"value\": NaN}";
            } else if (i == 3 * n / 4) {
                value = "{\"ts\": " + (live.get(i).ts() - 86_400_000L) + ", \"value\": 1.0}";
            }
            if (value != null) {
                producer.send(new ProducerRecord<>(topic, k, value.getBytes(StandardCharsets.UTF_8)));
            }
        }
    }
}
