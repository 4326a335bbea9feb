package io.streamcast.bench;

import io.streamcast.kafka.TempFolders;
import io.streamcast.kafka.EmbeddedKafkaBroker;
import io.streamcast.model.Forecaster;
import io.streamcast.model.SeriesState;
import io.streamcast.model.LiveStateCodec;
import io.streamcast.model.Weights;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.spec.SpecLoader;
import io.streamcast.streams.forecast.ForecastTopology;
import io.streamcast.streams.forecast.PipelineMetrics;
import io.streamcast.streams.PipelineRunner;
import io.streamcast.topics.PipelineTopics;
import io.streamcast.streams.StreamsSettings;
import io.streamcast.engine.WeightsSource;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * End-to-end throughput through a real broker: pre-produce N events over K keys, then time one application
 * from start to the moment all N outputs are committed. The forecast topology and the baselines (a
 * passthrough; the same JSON parse, store get/put of a 512-byte value and of a value as large as our state,
 * JSON emit) run in the same JVM against the same broker, with exactly-once on and off, so the figures are
 * ratios measured together.
 */
public final class ThroughputBenchmark {
    /** One timed run. */
    public record Run(String topology, String guarantee, long events, double seconds) {
        public double eventsPerSecond() {
            return events / seconds;
        }
    }

    /**
     * The forecast topology's events/s over the 512-byte baseline's, round by round, under one guarantee: the
     * runs of each topology are taken in the order they ran, the k-th of one against the k-th of the other.
     */
    public static double[] ratiosByRound(List<Run> runs, String guarantee) {
        double[] ours = eventsPerSecond(runs, FORECAST, guarantee);
        double[] base = eventsPerSecond(runs, STATEFUL_512, guarantee);
        double[] out = new double[Math.min(ours.length, base.length)];
        for (int i = 0; i < out.length; i++) {
            out[i] = ours[i] / base[i];
        }
        return out;
    }

    /** The events/s of a topology's runs under a guarantee, in the order they ran. */
    public static double[] eventsPerSecond(List<Run> runs, String topology, String guarantee) {
        return runs.stream().filter(r -> r.topology().equals(topology) && r.guarantee().equals(guarantee))
                .mapToDouble(Run::eventsPerSecond).toArray();
    }

    public static final String PASSTHROUGH = "passthrough";
    public static final String STATEFUL_512 = "stateful-512B";
    public static final String FORECAST = "forecast";

    /** The name of the baseline whose value is as large as our own per-key state. */
    private static String stateSized(int bytes) {
        return "stateful-" + bytes + "B";
    }

    private final PipelineSpec base;
    private final int events;
    private final int keys;
    private final PrintStream out;

    public ThroughputBenchmark(Path specFile, int events, int keys, PrintStream out) {
        this.base = SpecLoader.load(specFile);
        this.events = events;
        this.keys = keys;
        this.out = out;
    }

    /** A timer for another benchmark's runs over {@code events} pre-produced events. */
    ThroughputBenchmark(PipelineSpec spec, int events, PrintStream out) {
        this.base = spec;
        this.events = events;
        this.keys = 0;
        this.out = out;
    }

    public List<Run> run(int rounds) throws Exception {
        List<Run> runs = new ArrayList<>();
        Path work = Files.createTempDirectory("streamcast-bench");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(work.resolve("broker"))) {
            String bootstrap = broker.bootstrapServers();
            PipelineSpec spec = base;
            PipelineTopics.create(bootstrap, Map.of(), spec);
            out.printf("producing %,d events over %,d keys to %s (%d partitions)...%n", events, keys,
                    spec.topics().observations(), spec.topics().partitions());
            produce(bootstrap, spec.topics().observations(), events, keys);
            int stateBytes = stateBytes(spec);
            Weights weights = Weights.initial(spec.modelConfig().shape(), spec.model().seed());
            out.printf("per-key state: %,d bytes written to the stores (and their changelogs) per event, on average "
                    + "(the state's head every event, a segment of its ring every %d); forecast record %,d bytes; model %s%n",
                    stateBytes, LiveStateCodec.SEGMENT, BaselineTopology.recordBytes(),
                    spec.modelConfig().shape());
            out.printf("record cache in front of the stores (processing.cacheMaxBytes, the same for every topology): "
                    + "%,d bytes under at-least-once, %,d under exactly-once%n",
                    spec.processing().withGuarantee("at_least_once").recordCacheBytes(),
                    spec.processing().withGuarantee("exactly_once_v2").recordCacheBytes());
            int[] counter = {0};
            Consumer<String> nop = s -> { };
            Map<String, Function<PipelineSpec, Topology>> topologies = new java.util.LinkedHashMap<>();
            topologies.put(PASSTHROUGH, BaselineTopology::passthrough);
            topologies.put(STATEFUL_512, s -> BaselineTopology.build(s, 512));
            topologies.put(stateSized(stateBytes), s -> BaselineTopology.build(s, stateBytes));
            topologies.put(FORECAST, s -> ForecastTopology.build(s, WeightsSource.fixed(weights),
                    PipelineMetrics.detached(s.name())));
            // Warm-up: the first run in a JVM is slower (JIT); it is not reported.
            time(bootstrap, work, spec, topologies.get(STATEFUL_512), "warm-up", "at_least_once", counter, nop);
            time(bootstrap, work, spec, topologies.get(FORECAST), "warm-up", "at_least_once", counter, nop);
            for (int r = 0; r < rounds; r++) {
                for (String g : List.of("exactly_once_v2", "at_least_once")) {
                    for (var t : topologies.entrySet()) {
                        runs.add(time(bootstrap, work, spec, t.getValue(), t.getKey(), g, counter, out::println));
                    }
                }
            }
        } finally {
            TempFolders.delete(work);
        }
        return runs;
    }

    Run time(String bootstrap, Path work, PipelineSpec base, Function<PipelineSpec, Topology> build,
                     String name, String guarantee, int[] counter, Consumer<String> log) throws Exception {
        int n = ++counter[0];
        // The spec's settings for this guarantee (the record cache depends on it), in the topology and the client.
        PipelineSpec spec = base.withGuarantee(guarantee);
        // Each run writes to its own output topic under its own application id, so runs never share state.
        String outTopic = outputTopic(spec, n);
        Topology t = build.apply(spec.withForecastTopic(outTopic));
        createTopic(bootstrap, outTopic, spec.topics().partitions());
        Properties p = StreamsSettings.forecast(spec, bootstrap, work.resolve("state-" + n), Map.of());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId(name, n));
        long start = System.nanoTime();
        try (PipelineRunner runner = PipelineRunner.start(t, p, null, Duration.ofSeconds(60));
             Admin admin = admin(bootstrap)) {
            long done = 0;
            while (done < events) {
                Thread.sleep(100);
                done = committed(admin, outTopic, spec.topics().partitions());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Run run = new Run(name, guarantee, events, seconds);
        log.accept(String.format("  %-15s %-16s %,10.0f events/s (%.1f s)", name, guarantee, run.eventsPerSecond(),
                seconds));
        return run;
    }

    static void createTopic(String bootstrap, String topic, int partitions) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
                admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, partitions, (short) 1)))
                        .all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The application id of the n-th timed run, of the topology of that name. */
    static String applicationId(String topology, int n) {
        return "bench-" + topology + "-" + n;
    }

    /** The output topic of the n-th timed run. */
    static String outputTopic(PipelineSpec spec, int n) {
        return spec.topics().forecasts() + "-run" + n;
    }

    static void produce(String bootstrap, String topic, int events, int keys) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            long t0 = 1_700_000_000_000L;
            for (int i = 0; i < events; i++) {
                int k = i % keys;
                int step = i / keys;
                double v = 20 + 5 * Math.sin(step / 40.0 + k) + 0.1 * ((i * 7919L) % 13);
                byte[] value = ("{\"ts\":" + (t0 + step * 60_000L) + ",\"value\":" + v + ",\"unit\":\"C\"}")
                        .getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(topic, ("sensor-" + k).getBytes(StandardCharsets.UTF_8), value));
            }
            producer.flush();
        }
    }

    /**
     * Bytes the forecast topology writes to its stores per event, averaged over a key's steady state: the head with
     * every event and a ring segment every {@link LiveStateCodec#SEGMENT} steps.
     */
    static int stateBytes(PipelineSpec spec) {
        Forecaster f = new Forecaster(spec.modelConfig());
        SeriesState s = f.newState();
        Weights w = Weights.initial(spec.modelConfig().shape(), 1);
        int warm = spec.model().window() + 10;
        int measured = 4 * LiveStateCodec.SEGMENT;
        long bytes = 0;
        for (int t = 0; t < warm + measured; t++) {
            f.step(s, w, 1000L * t, Math.sin(t));
            LiveStateCodec.Split split = LiveStateCodec.encode(s);
            if (t >= warm) {
                bytes += split.bytes();
            }
        }
        return (int) Math.round(bytes / (double) measured);
    }

    static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    static long committed(Admin admin, String topic, int partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> q = new java.util.HashMap<>();
        for (int i = 0; i < partitions; i++) {
            q.put(new TopicPartition(topic, i), OffsetSpec.latest());
        }
        // Under read_committed, the end offset stops at the last stable offset: only committed output counts.
        // (Transaction markers take one offset each, so this overcounts by the number of commits; the loop
        // stops at most one commit interval early, a fraction of a percent of these runs.)
        return admin.listOffsets(q, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                .get(10, TimeUnit.SECONDS).values().stream().mapToLong(r -> r.offset()).sum();
    }
}
