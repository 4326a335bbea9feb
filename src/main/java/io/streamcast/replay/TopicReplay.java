package io.streamcast.replay;

import io.streamcast.topics.TopicRegistry;
import io.streamcast.topics.DeadLetters;
import io.streamcast.backtest.BacktestJob;
import io.streamcast.eval.Backtest;
import io.streamcast.eval.SeriesRun;
import io.streamcast.eval.StreamingBacktest;
import io.streamcast.eval.BacktestReport;
import io.streamcast.kafka.TempFolders;
import io.streamcast.eval.nab.NabLabels;
import io.streamcast.model.SeriesState;
import io.streamcast.model.LiveStateCodec;
import io.streamcast.model.Weights;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.spec.SpecLoader;
import io.streamcast.streams.forecast.ForecastTopology;
import io.streamcast.engine.ModelLoader;
import io.streamcast.streams.forecast.PipelineMetrics;
import io.streamcast.streams.PipelineRunner;
import io.streamcast.streams.StreamsSettings;
import io.streamcast.engine.WeightsSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * A backtest of a Kafka topic through the real forecast topology on a real cluster: the topology runs under its
 * own application id ({@code <applicationId>-backtest-<id>}) with its own output and model topics
 * ({@code <topic>.backtest-<id>.<role>}), so the live pipeline's group, state and topics are never touched. The
 * group's offsets are set before the start (a new application id has none), the input's end offsets are fixed
 * at the start, and once every record up to them has its output the application stops; its outputs are then read
 * back into per-row results and scored exactly as a file backtest. The temporary topics and group are deleted.
 */
public final class TopicReplay {
    /** With no output for this long while the application runs, the replay gives up. */
    private static final Duration STALL = Duration.ofMinutes(3);

    /** The report and the per-row results behind it; the names it used, so tests can check they are gone. */
    record Replayed(BacktestReport report, Backtest.Result result, String applicationId, List<String> topics) {
    }

    private TopicReplay() {
    }

    /**
     * @param from      null or blank: the beginning; a number: that offset on every partition; else an ISO-8601
     *                  time, matched against record timestamps (the first record at or after it)
     * @param horizon   0, or forecast this many steps past each key's last row from its final state (read from
     *                  the state store when the range is done; on a topic still being written, records that
     *                  arrived meanwhile may already be in it)
     * @param bootstrap the cluster, as given by --bootstrap-servers
     */
    public static BacktestReport run(Path specFile, String topic, String from, int horizon, Path labels, Path out,
                                     String bootstrap, Map<String, String> clientProps, Backtest.Progress progress)
            throws IOException {
        return replay(specFile, topic, from, horizon, labels, out, bootstrap, clientProps, progress).report();
    }

    static Replayed replay(Path specFile, String topic, String from, int horizon, Path labels, Path out,
                           String bootstrap, Map<String, String> clientProps, Backtest.Progress progress)
            throws IOException {
        PipelineSpec live = SpecLoader.load(specFile);
        NabLabels nab = labels == null ? null : NabLabels.read(labels);
        Weights initial = ModelLoader.initial(live, specFile.toAbsolutePath().getParent());
        String id = Long.toString(System.currentTimeMillis(), 36) + "-" + UUID.randomUUID().toString().substring(0, 6);
        String prefix = topic + ".backtest-" + id + ".";
        String appId = live.applicationId() + "-backtest-" + id;
        try (ReplayCluster cluster = ReplayCluster.connect(bootstrap, clientProps)) {
            List<TopicPartition> parts = cluster.partitions(topic);
            Map<TopicPartition, Long> end = cluster.endOffsets(parts);
            Map<TopicPartition, Long> start = cluster.startOffsets(parts, from, end);
            ReplayRuns runs = new ReplayRuns();
            readInput(cluster, start, end, runs);
            if (runs.inputs() == 0) {
                throw new IllegalArgumentException("nothing to replay: " + topic + " has no records from "
                        + (from == null ? "the beginning" : from) + " (start " + start + ", end " + end + ")");
            }
            PipelineSpec spec = live.isolated(appId, new PipelineSpec.Topics(topic, prefix + "forecasts",
                    prefix + "alerts", prefix + "dead-letters", prefix + "models", prefix + "training-updates",
                    parts.size(), live.topics().calendar()));
            List<String> temp = List.of(prefix + "forecasts", prefix + "alerts", prefix + "dead-letters",
                    prefix + "models");
            Path state = Files.createTempDirectory("streamcast-replay");
            try {
                cluster.createOutputTopics(spec.topics());
                cluster.seekGroup(appId, start);
                Backtest.Result result = runApplication(cluster, spec, initial, state, runs, horizon, progress);
                BacktestJob.Options o = new BacktestJob.Options(specFile, null, "csv", horizon, 0, 0, false, labels,
                        out);
                return new Replayed(BacktestJob.write(o, live, result, nab, null, progress), result, appId, temp);
            } finally {
                cluster.cleanUp(appId, prefix);
                TempFolders.deleteQuietly(state);
            }
        }
    }

    /** Runs the topology until every input row in range has its output, then reads all outputs back. */
    private static Backtest.Result runApplication(ReplayCluster cluster, PipelineSpec spec, Weights initial,
                                                  Path state, ReplayRuns runs, int horizon,
                                                  Backtest.Progress progress) {
        // Exactly-once whatever the spec says: a retried batch under at-least-once would duplicate forecasts.
        spec = spec.withGuarantee(StreamsConfig.EXACTLY_ONCE_V2);
        Properties props = StreamsSettings.forecast(spec, cluster.bootstrap(), state, cluster.clientProps());
        // The offsets were set for a classic consumer group (a "streams" group would need other admin calls).
        props.put(StreamsConfig.GROUP_PROTOCOL_CONFIG, "classic");
        TopicRegistry t = TopicRegistry.of(spec);
        long total = runs.inputs();
        Map<String, SeriesState> finals = new HashMap<>();
        double seconds;
        try (KafkaConsumer<byte[], byte[]> outputs = cluster.consumer()) {
            List<TopicPartition> outParts = new ArrayList<>();
            for (String topic : List.of(t.forecasts().name(), t.deadLetters().name(), t.alerts().name())) {
                for (int p = 0; p < t.observations().partitions(); p++) {
                    outParts.add(new TopicPartition(topic, p));
                }
            }
            outputs.assign(outParts);
            outputs.seekToBeginning(outParts);
            long begin = System.nanoTime();
            try (PipelineRunner runner = PipelineRunner.start(ForecastTopology.build(spec,
                    WeightsSource.fixed(initial), PipelineMetrics.detached(spec.name())), props, null,
                    Duration.ofSeconds(120))) {
                awaitOutputs(runner.streams(), outputs, t, runs, progress);
                seconds = (System.nanoTime() - begin) / 1e9;
                if (horizon > 0) {
                    finals = finalStates(runner.streams(), runs.keyNames());
                }
                // Leave the group now, so it is empty and can be deleted at once.
                runner.streams().close(CloseOptions.groupMembershipOperation(
                        CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(Duration.ofSeconds(30)));
            }
            // Outputs committed but not read yet (a key's last dead letters or alerts) are read to the end.
            Map<TopicPartition, Long> ends = outputs.endOffsets(outParts);
            while (outParts.stream().anyMatch(tp -> outputs.position(tp) < ends.get(tp))) {
                collect(outputs.poll(Duration.ofMillis(200)), t, runs);
            }
        }
        List<SeriesRun> result = runs.runs();
        if (horizon > 0) {
            StreamingBacktest ahead = new StreamingBacktest(spec, WeightsSource.fixed(initial), null);
            for (SeriesRun r : result) {
                SeriesState s = finals.get(r.key());
                if (s != null && s.steps() > 0) {
                    ahead.forecastAhead(r, s, initial, r.input.medianStepMs(), horizon);
                }
            }
        }
        progress.replay(total, total, runs.keys(), runs.keys());
        return new Backtest.Result(result, initial, seconds, null);
    }

    private static void awaitOutputs(KafkaStreams streams, KafkaConsumer<byte[], byte[]> outputs,
                                     TopicRegistry t, ReplayRuns runs, Backtest.Progress progress) {
        long total = runs.inputs();
        long lastDone = -1;
        long lastChange = System.nanoTime();
        long done;
        while ((done = runs.done()) < total) {
            progress.replay(done, total, runs.keysDone(), runs.keys());
            KafkaStreams.State s = streams.state();
            if (s == KafkaStreams.State.ERROR || s == KafkaStreams.State.PENDING_ERROR
                    || s == KafkaStreams.State.NOT_RUNNING) {
                throw new IllegalStateException("the replay application stopped (" + s + ") after " + done + " of "
                        + total + " records; see the log above");
            }
            if (done != lastDone) {
                lastDone = done;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > STALL.toNanos()) {
                throw new IllegalStateException("the replay made no progress for " + STALL.toMinutes()
                        + " minutes at " + done + " of " + total + " records");
            }
            collect(outputs.poll(Duration.ofMillis(200)), t, runs);
        }
    }

    private static void collect(Iterable<ConsumerRecord<byte[], byte[]>> records, TopicRegistry t,
                                ReplayRuns runs) {
        for (ConsumerRecord<byte[], byte[]> r : records) {
            if (r.topic().equals(t.forecasts().name())) {
                runs.forecast(r.value());
            } else if (r.topic().equals(t.deadLetters().name())) {
                runs.deadLetter(r.headers());
            } else {
                runs.alert(r.value());
            }
        }
    }

    /** Each key's state as the topology left it, from its state store: where a horizon forecast starts. */
    private static Map<String, SeriesState> finalStates(KafkaStreams streams, List<String> keys) {
        ReadOnlyKeyValueStore<Bytes, byte[]> store = streams.store(StoreQueryParameters.fromNameAndType(
                ForecastTopology.STATE_STORE, QueryableStoreTypes.<Bytes, byte[]>keyValueStore()));
        ReadOnlyKeyValueStore<Bytes, byte[]> rings = streams.store(StoreQueryParameters.fromNameAndType(
                ForecastTopology.RING_STORE, QueryableStoreTypes.<Bytes, byte[]>keyValueStore()));
        Map<String, SeriesState> out = new HashMap<>();
        for (String k : keys) {
            Bytes key = Bytes.wrap(k.getBytes(StandardCharsets.UTF_8));
            byte[] b = store.get(key);
            if (b != null) {
                out.put(k, LiveStateCodec.decode(b, slot -> rings.get(Bytes.wrap(LiveStateCodec.ringKey(key.get(),
                        slot)))));
            }
        }
        return out;
    }

    /** The input records in [start, end) of every partition, read_committed as the application reads them. */
    private static void readInput(ReplayCluster cluster, Map<TopicPartition, Long> start,
                                  Map<TopicPartition, Long> end, ReplayRuns runs) {
        try (KafkaConsumer<byte[], byte[]> c = cluster.consumer()) {
            List<TopicPartition> todo = new ArrayList<>();
            start.forEach((tp, o) -> {
                if (o < end.get(tp)) {
                    todo.add(tp);
                }
            });
            c.assign(todo);
            todo.forEach(tp -> c.seek(tp, start.get(tp)));
            while (todo.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() < end.get(tp)) {
                        runs.input(r.key(), r.value(), DeadLetters.source(r.topic(), r.partition(), r.offset()),
                                r.timestamp());
                    }
                }
            }
        }
    }
}
