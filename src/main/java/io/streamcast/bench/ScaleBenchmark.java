package io.streamcast.bench;

import io.streamcast.engine.WeightsSource;
import io.streamcast.kafka.EmbeddedKafkaBroker;
import io.streamcast.kafka.TempFolders;
import io.streamcast.model.Weights;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.spec.SpecLoader;
import io.streamcast.streams.PipelineRunner;
import io.streamcast.streams.StreamsSettings;
import io.streamcast.streams.forecast.ForecastTopology;
import io.streamcast.streams.forecast.PipelineMetrics;
import io.streamcast.topics.PipelineTopics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * How the forecast topology scales with its keys. For each key count, on a broker of its own: events/s at least
 * once over {@code max(events, 3 × keys)} events (after an unreported warm-up run before the first count), the
 * size of its state folder when it stops, and how long a new instance with an empty folder takes from start
 * until its two stores are restored from their changelogs.
 */
public final class ScaleBenchmark {
    /** One key count's figures. */
    public record Point(int keys, int events, double eventsPerSecond, long stateDiskBytes, long restoredRecords,
                        double restoreSeconds) {
    }

    private static final int MIN_EVENTS_PER_KEY = 3;
    private static final int WARM_UP_EVENTS = 300_000;
    private static final long RESTORE_TIMEOUT_MINUTES = 20;
    private final PipelineSpec spec;
    private final int minEvents;
    private final PrintStream out;

    public ScaleBenchmark(Path specFile, int minEvents, PrintStream out) {
        this.spec = SpecLoader.load(specFile);
        this.minEvents = minEvents;
        this.out = out;
    }

    /** The events a key count is measured over. */
    static int events(int keys, int minEvents) {
        long n = Math.max(minEvents, (long) MIN_EVENTS_PER_KEY * keys);
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(keys + " keys need more than " + Integer.MAX_VALUE + " events");
        }
        return (int) n;
    }

    public List<Point> run(List<Integer> keyCounts) throws Exception {
        List<Point> points = new ArrayList<>();
        Weights weights = Weights.initial(spec.modelConfig().shape(), spec.model().seed());
        Function<PipelineSpec, Topology> forecast = s -> ForecastTopology.build(s, WeightsSource.fixed(weights),
                PipelineMetrics.detached(s.name()));
        for (int keys : keyCounts) {
            int events = events(keys, minEvents);
            Path work = Files.createTempDirectory("streamcast-scale");
            try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(work.resolve("broker"))) {
                String bootstrap = broker.bootstrapServers();
                PipelineTopics.create(bootstrap, Map.of(), spec);
                out.printf("%,d keys: producing %,d events (%,.1f a key)...%n", keys, events, events / (double) keys);
                ThroughputBenchmark.produce(bootstrap, spec.topics().observations(), events, keys);
                int[] counter = {0};
                if (points.isEmpty()) {
                    // Unreported: the first run in a JVM is slower (JIT), and would make the first key count look slow.
                    new ThroughputBenchmark(spec, Math.min(events, WARM_UP_EVENTS), out).time(bootstrap, work, spec,
                            forecast, "warm-up", "at_least_once", counter, s -> { });
                }
                ThroughputBenchmark.Run run = new ThroughputBenchmark(spec, events, out).time(bootstrap, work, spec,
                        forecast, ThroughputBenchmark.FORECAST, "at_least_once", counter, out::println);
                int n = counter[0];
                long disk = bytesUnder(work.resolve("state-" + n));
                out.printf("  state folder after the run: %,.1f MB; restoring it into a new instance...%n", disk / 1e6);
                long[] restored = {0};
                double seconds = restore(bootstrap, work, forecast, n, restored);
                out.printf("  restored %,d records in %.1f s%n", restored[0], seconds);
                points.add(new Point(keys, events, run.eventsPerSecond(), disk, restored[0], seconds));
            } finally {
                TempFolders.delete(work);
            }
        }
        return points;
    }

    /**
     * Starts the n-th run's application again with an empty state folder and times it until both forecast stores
     * are restored: from start, so the group join is counted, as a user replacing an instance would see it.
     */
    private double restore(String bootstrap, Path work, Function<PipelineSpec, Topology> build, int n,
                           long[] restoredOut) throws Exception {
        Properties p = StreamsSettings.forecast(spec, bootstrap, work.resolve("restore-" + n), Map.of());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, ThroughputBenchmark.applicationId(ThroughputBenchmark.FORECAST, n));
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "at_least_once");
        Topology t = build.apply(spec.withForecastTopic(ThroughputBenchmark.outputTopic(spec, n)));
        int partitions = spec.topics().partitions();
        CountDownLatch statesDone = new CountDownLatch(partitions);
        AtomicInteger open = new AtomicInteger();
        AtomicLong restored = new AtomicLong();
        StateRestoreListener listener = new StateRestoreListener() {
            @Override
            public void onRestoreStart(TopicPartition tp, String store, long start, long end) {
                if (ours(store)) {
                    open.incrementAndGet();
                }
            }

            @Override
            public void onBatchRestored(TopicPartition tp, String store, long batchEnd, long count) {
                if (ours(store)) {
                    restored.addAndGet(count);
                }
            }

            @Override
            public void onRestoreEnd(TopicPartition tp, String store, long total) {
                if (ours(store)) {
                    open.decrementAndGet();
                    if (store.equals(ForecastTopology.STATE_STORE)) {
                        statesDone.countDown();
                    }
                }
            }
        };
        long start = System.nanoTime();
        try (PipelineRunner runner = PipelineRunner.start(t, p, null, Duration.ofMinutes(RESTORE_TIMEOUT_MINUTES),
                s -> s.setGlobalStateRestoreListener(listener))) {
            if (!statesDone.await(RESTORE_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the restore did not finish within " + RESTORE_TIMEOUT_MINUTES
                        + " minutes");
            }
            // Every key has a head; only keys past their first ring record have a ring, restored alongside.
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(RESTORE_TIMEOUT_MINUTES);
            while (open.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            restoredOut[0] = restored.get();
            return seconds;
        }
    }

    private static boolean ours(String store) {
        return store.equals(ForecastTopology.STATE_STORE) || store.equals(ForecastTopology.RING_STORE);
    }

    static long bytesUnder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0; // a file RocksDB removed while we walked
                }
            }).sum();
        }
    }
}
