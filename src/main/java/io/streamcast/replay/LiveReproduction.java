package io.streamcast.replay;

import io.streamcast.topics.TopicRegistry;
import io.streamcast.topics.DeadLetters;
import io.streamcast.engine.Swap;
import io.streamcast.backtest.BacktestJob;
import io.streamcast.eval.Backtest;
import io.streamcast.eval.SeriesRun;
import io.streamcast.eval.StreamingBacktest;
import io.streamcast.eval.BacktestReport;
import io.streamcast.eval.nab.NabLabels;
import io.streamcast.model.CorruptDataException;
import io.streamcast.model.Weights;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.spec.SpecLoader;
import io.streamcast.engine.ModelLoader;
import io.streamcast.topics.ModelRecords;
import io.streamcast.engine.WeightsSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;

/**
 * Reproduces a live pipeline's forecasts bit for bit from its input plus its model-version timeline. Each
 * forecast record names the version that made it and, where the key changed version at that event, whether it
 * kept its hidden state ({@code "swap": "carried"}) or re-warmed; the versions' weights are on the compacted
 * model topic. The replay steps every row, in process, with the version the live run used at that row and the
 * same carry-or-re-warm, through the same per-event code, and compares every row with what the live run wrote.
 * A version the model topic no longer holds (compacted away after a newer one) cannot be replayed: it says so.
 * The live pipeline must run exactly-once: under at-least-once a retried batch can write a forecast twice.
 */
public final class LiveReproduction {
    private static final int SHOWN_DIFFERENCES = 10;

    /**
     * @param result      the replay, scored like any backtest
     * @param rows        rows compared (the live run's processed input rows)
     * @param identical   rows whose forecast, interval, score, likelihood, version and alert equal the live ones
     * @param differences the first few rows that differ, described
     * @param carried     swaps that kept the hidden state; {@code rewarmed}: swaps that re-warmed it
     */
    public record Outcome(Backtest.Result result, long rows, long identical, List<String> differences,
                          long carried, long rewarmed) {
        public String summary() {
            return String.format(java.util.Locale.ROOT, "reproduced %,d of %,d rows bit for bit (model swaps replayed: %,d carried, %,d "
                    + "re-warmed)", identical, rows, carried, rewarmed);
        }
    }

    /** The comparison and the report written from the replay. */
    public record Reproduced(Outcome outcome, BacktestReport report) {
    }

    private LiveReproduction() {
    }

    /** Reproduces the pipeline the spec names, then scores the replay and writes the report under {@code out}. */
    public static Reproduced reproduce(Path specFile, Path labels, Path out, String bootstrap,
                                       Map<String, String> clientProps, Backtest.Progress progress) throws IOException {
        PipelineSpec spec = SpecLoader.load(specFile);
        NabLabels nab = labels == null ? null : NabLabels.read(labels);
        Weights initial = ModelLoader.initial(spec, specFile.toAbsolutePath().getParent());
        Outcome o = run(spec, initial, bootstrap, clientProps, progress);
        BacktestJob.Options options = new BacktestJob.Options(specFile, null, "csv", 0, 0, 0, false, labels, out);
        return new Reproduced(o, BacktestJob.write(options, spec, o.result(), nab, null, progress));
    }

    /** Reads the spec's live topics on the cluster, replays, compares. */
    public static Outcome run(PipelineSpec spec, Weights initial, String bootstrap, Map<String, String> clientProps,
                              Backtest.Progress progress) {
        if (!spec.processing().guarantee().equals("exactly_once_v2")) {
            throw new IllegalArgumentException("--reproduce compares a pipeline's forecasts row for row, which needs "
                    + "processing.guarantee: exactly_once_v2 (under " + spec.processing().guarantee()
                    + " a retried batch can write a forecast twice)");
        }
        if (spec.input().lateGraceMs() > 0) {
            throw new IllegalArgumentException("--reproduce lines forecasts up with input rows in arrival order, "
                    + "which input.lateGraceMs > 0 changes; reproduce a pipeline run with no grace");
        }
        TopicRegistry t = TopicRegistry.of(spec);
        ReplayRuns live = new ReplayRuns();
        Map<String, Map<Long, Weights>> versions = new HashMap<>();
        try (ReplayCluster cluster = ReplayCluster.connect(bootstrap, clientProps)) {
            // Outputs first, then the input: whatever the input has beyond them is not processed yet, and dropped.
            read(cluster, t.forecasts().name(), r -> live.forecast(r.value()));
            List<Headers> deadLetters = new ArrayList<>();
            read(cluster, t.deadLetters().name(), r -> deadLetters.add(r.headers()));
            read(cluster, t.alerts().name(), r -> live.alert(r.value()));
            read(cluster, t.models().name(), r -> model(r, versions));
            read(cluster, t.observations().name(), r -> live.input(r.key(), r.value(),
                    DeadLetters.source(r.topic(), r.partition(), r.offset()), r.timestamp()));
            // A dead letter names its input row, so it is matched once the input is in.
            deadLetters.forEach(live::deadLetter);
        }
        live.keepProcessedRows();
        if (live.keys() == 0) {
            throw new IllegalArgumentException("nothing to reproduce: " + t.forecasts().name() + " has no forecasts for the "
                    + "records on " + t.observations().name() + " (is the pipeline named in the spec the one that ran?)");
        }
        return replay(spec, initial, live.runs(), versions, progress);
    }

    /** Replays the live runs with their own timelines and compares; {@code versions}: model key → version → weights. */
    static Outcome replay(PipelineSpec spec, Weights initial, List<SeriesRun> liveRuns,
                          Map<String, Map<Long, Weights>> versions, Backtest.Progress progress) {
        StreamingBacktest replay = new StreamingBacktest(spec, WeightsSource.fixed(initial), (k, s, ts, v, r, a) -> { });
        List<SeriesRun> replayed = new ArrayList<>();
        List<String> differences = new ArrayList<>();
        long rows = 0;
        long identical = 0;
        long carried = 0;
        long rewarmed = 0;
        long total = liveRuns.stream().mapToLong(SeriesRun::rows).sum();
        long begin = System.nanoTime();
        for (SeriesRun l : liveRuns) {
            SeriesRun r = replay.run(l.input, 0, (key, row) -> atRow(l, row, initial, versions));
            replayed.add(r);
            for (int i = 0; i < l.rows(); i++) {
                rows++;
                String d = difference(l, r, i);
                if (d == null) {
                    identical++;
                } else if (differences.size() < SHOWN_DIFFERENCES) {
                    differences.add(l.key() + " row " + i + " (ts " + l.input.ts()[i] + "): " + d);
                }
                carried += l.swap[i] == Swap.CARRIED ? 1 : 0;
                rewarmed += l.swap[i] == Swap.REWARMED ? 1 : 0;
            }
            progress.replay(rows, total, replayed.size(), liveRuns.size());
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        Backtest.Result result = new Backtest.Result(replayed, initial, seconds, null);
        return new Outcome(result, rows, identical, differences, carried, rewarmed);
    }

    /** The weights the live run used at a row, and whether its swap there (if any) kept the hidden state. */
    private static WeightsSource atRow(SeriesRun live, int row, Weights initial,
                                       Map<String, Map<Long, Weights>> versions) {
        long v = live.version[row];
        Weights w = versions.getOrDefault(live.key(), Map.of()).get(v);
        if (w == null) {
            w = versions.getOrDefault(ModelRecords.GLOBAL, Map.of()).get(v);
        }
        if (w == null && v == initial.version()) {
            w = initial;
        }
        if (w == null && live.rejected[row] == null) {
            throw new IllegalStateException(live.key() + " used model version " + v + " at ts " + live.input.ts()[row]
                    + ", which the model topic no longer holds (compaction keeps only each model's latest version);"
                    + " a run can be reproduced while the versions it used are still on the topic");
        }
        Weights weights = w == null ? initial : w;
        boolean carry = live.swap[row] == Swap.CARRIED;
        return new WeightsSource() {
            @Override
            public Weights forKey(String key) {
                return weights;
            }

            @Override
            public boolean continues(long fromVersion, Weights to) {
                return carry;
            }
        };
    }

    /** How row i of the replay differs from the live run, or null when it is the same bit for bit. */
    static String difference(SeriesRun live, SeriesRun replay, int i) {
        if ((live.rejected[i] == null) != (replay.rejected[i] == null)) {
            return live.rejected[i] == null ? "the replay rejected it: " + replay.rejected[i]
                    : "the live run rejected it (" + live.rejected[i] + "), the replay did not";
        }
        if (live.rejected[i] != null) {
            return null;
        }
        if (live.version[i] != replay.version[i] || live.swap[i] != replay.swap[i]) {
            return "version " + replay.version[i] + " (" + replay.swap[i] + ") vs live " + live.version[i] + " ("
                    + live.swap[i] + ")";
        }
        double[][] pairs = {{live.next[i], replay.next[i]}, {live.score[i], replay.score[i]},
                {live.likelihood[i], replay.likelihood[i]}, {live.forecast[i], replay.forecast[i]},
                {live.lower[i], replay.lower[i]}, {live.upper[i], replay.upper[i]}};
        String[] names = {"forecast", "score", "likelihood", "previous forecast", "lower", "upper"};
        // The live records give the forecast a row was scored against as the previous record's; at a swap the
        // row is scored against the new version's instead, which no record carries (its score and likelihood
        // above do depend on it).
        int compared = live.swap[i] == Swap.NONE ? pairs.length : 3;
        for (int k = 0; k < compared; k++) {
            if (Double.doubleToLongBits(pairs[k][0]) != Double.doubleToLongBits(pairs[k][1])) {
                return names[k] + " " + pairs[k][1] + " vs live " + pairs[k][0];
            }
        }
        if (live.alert[i] != replay.alert[i]) {
            return "alert " + replay.alert[i] + " vs live " + live.alert[i];
        }
        return null;
    }

    private static void model(ConsumerRecord<byte[], byte[]> r, Map<String, Map<Long, Weights>> versions) {
        if (r.key() == null || r.value() == null) {
            return; // a tombstone
        }
        try {
            ModelRecords.Published p = ModelRecords.decode(r.value());
            versions.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new HashMap<>())
                    .put(p.weights().version(), p.weights());
        } catch (CorruptDataException e) {
            // The live pipeline refused it too and kept its version: no row used it.
        }
    }

    /** Every committed record of a topic on a cluster up to its end offsets as of now (read-only, no group). */
    public static void readCommitted(String bootstrap, Map<String, String> clientProps, String topic,
                                     Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        try (ReplayCluster cluster = ReplayCluster.connect(bootstrap, clientProps)) {
            read(cluster, topic, sink);
        }
    }

    /** Every committed record of a topic up to its end offsets as of now. */
    private static void read(ReplayCluster cluster, String topic,
                             Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        List<TopicPartition> parts = cluster.partitions(topic);
        Map<TopicPartition, Long> end = cluster.endOffsets(parts);
        try (KafkaConsumer<byte[], byte[]> c = cluster.consumer()) {
            c.assign(parts);
            c.seekToBeginning(parts);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        sink.accept(r);
                    }
                }
            }
        }
    }
}
