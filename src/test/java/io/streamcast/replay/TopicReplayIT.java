package io.streamcast.replay;

import io.streamcast.backtest.BacktestJob;
import io.streamcast.data.BacktestInputs;
import io.streamcast.eval.Backtest;
import io.streamcast.eval.SeriesRun;
import io.streamcast.eval.BacktestReport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.kafka.BrokerExtension;
import io.streamcast.model.Weights;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.engine.ModelLoader;
import io.streamcast.topics.PipelineTopics;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A topic replay on a real broker gives the file backtest's results bit for bit, row by row (bad rows
 * included), writes nothing to the live pipeline's topics and leaves no topic or group of its own behind.
 */
class TopicReplayIT {
    private static final int HORIZON = 8;
    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension();

    @Test
    void topicReplayEqualsFileBacktest(@TempDir Path dir) throws Exception {
        Path specFile = ReplayFixture.specFile(dir);
        PipelineSpec spec = ReplayFixture.spec(specFile);
        String bootstrap = broker.bootstrapServers();
        PipelineTopics.create(bootstrap, Map.of(), spec);
        List<ReplayFixture.Row> rows = ReplayFixture.rows(3, 500, 11);
        produce(spec.topics().observations(), rows);
        Path csv = ReplayFixture.csv(dir, rows);

        Weights initial = ModelLoader.initial(spec, specFile.getParent());
        List<SeriesRun> file = Backtest.run(spec, initial, BacktestInputs.csv(csv, 0), HORIZON, 0, null,
                Backtest.Progress.NONE).runs();
        BacktestReport fileReport = BacktestJob.run(new BacktestJob.Options(specFile, csv, "csv", HORIZON, 0, 0, false,
                null, dir.resolve("file")), Backtest.Progress.NONE);
        ReplayFixture.assertNotVacuous(file);

        long[] last = new long[2];
        Backtest.Progress progress = new Backtest.Progress() {
            @Override
            public void training(int epoch, int epochs, int done, int total, double loss) {
            }

            @Override
            public void replay(long done, long total, int seriesDone, int seriesTotal) {
                last[0] = done;
                last[1] = total;
            }
        };
        long start = System.nanoTime();
        TopicReplay.Replayed topic = TopicReplay.replay(specFile, spec.topics().observations(), null, HORIZON, null,
                dir.resolve("topic"), bootstrap, Map.of(), progress);
        System.out.printf("topic replay of %d records took %.1f s%n", rows.size(), (System.nanoTime() - start) / 1e9);

        assertEquals(rows.size(), ReplayFixture.assertSameRuns(file, topic.result().runs()));
        assertEquals(HORIZON, topic.result().runs().get(0).horizonMean.length);
        assertEquals(rows.size(), last[0], "progress reached the end");
        assertEquals(rows.size(), last[1]);
        assertEquals(fileReport.events(), topic.report().events());
        assertEquals(fileReport.rejected(), topic.report().rejected());
        assertEquals(fileReport.overall(), topic.report().overall());
        for (String f : List.of("report.json", "report.html", "events.csv", "horizon.csv")) {
            assertTrue(Files.size(dir.resolve("topic").resolve(f)) > 0, f);
        }

        try (Admin admin = admin(bootstrap)) {
            PipelineSpec.Topics t = spec.topics();
            for (String live : List.of(t.forecasts(), t.alerts(), t.deadLetters(), t.models())) {
                assertEquals(0, endOffsets(admin, live), live + " must stay empty");
            }
            Set<String> topics = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            assertTrue(topic.topics().stream().noneMatch(topics::contains), "replay topics deleted: " + topics);
            assertTrue(topics.stream().noneMatch(n -> n.startsWith(topic.applicationId())), "internal topics deleted");
            List<String> groups = admin.listGroups().all().get(10, TimeUnit.SECONDS).stream()
                    .map(GroupListing::groupId).toList();
            assertTrue(!groups.contains(topic.applicationId()) && !groups.contains(spec.applicationId()),
                    "no replay group left and none made under the live application id: " + groups);
        }
    }

    /** --from as a time: each partition starts at its first record at or after it, as a file of those rows. */
    @Test
    void fromTimeReplaysTheRowsFromThen(@TempDir Path dir) throws Exception {
        Path specFile = ReplayFixture.specFile(dir);
        PipelineSpec spec = ReplayFixture.spec(specFile);
        PipelineTopics.create(broker.bootstrapServers(), Map.of(), spec);
        List<ReplayFixture.Row> rows = ReplayFixture.rows(3, 400, 5);
        produce(spec.topics().observations(), rows);
        long cut = ReplayFixture.T0 + 300 * ReplayFixture.STEP;
        List<ReplayFixture.Row> later = rows.stream().filter(r -> r.ts() >= cut).toList();
        Weights initial = ModelLoader.initial(spec, specFile.getParent());
        List<SeriesRun> file = Backtest.run(spec, initial, ReplayFixture.inputs(later), 0, 0, null,
                Backtest.Progress.NONE).runs();

        TopicReplay.Replayed topic = TopicReplay.replay(specFile, spec.topics().observations(),
                Instant.ofEpochMilli(cut).toString(), 0, null, dir.resolve("out"), broker.bootstrapServers(), Map.of(),
                Backtest.Progress.NONE);
        assertEquals(300, later.size());
        assertEquals(later.size(), ReplayFixture.assertSameRuns(file, topic.result().runs()));
    }

    @Test
    void saysWhatIsWrong(@TempDir Path dir) throws Exception {
        Path specFile = ReplayFixture.specFile(dir);
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> TopicReplay.run(
                specFile, "no-such-topic", null, 0, null, dir, broker.bootstrapServers(), Map.of(),
                Backtest.Progress.NONE));
        assertTrue(missing.getMessage().contains("does not exist on " + broker.bootstrapServers()),
                missing.getMessage());

        String nowhere = "127.0.0.1:" + freePort();
        Map<String, String> quick = Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "1000");
        IllegalStateException down = assertThrows(IllegalStateException.class, () -> TopicReplay.run(specFile,
                "any", null, 0, null, dir, nowhere, quick, Backtest.Progress.NONE));
        assertTrue(down.getMessage().contains("cannot reach Kafka at " + nowhere)
                && down.getMessage().contains("--bootstrap-servers"), down.getMessage());
    }

    /** Keyed records (one partition per key), stamped with their event time so --from can find a time. */
    private static void produce(String topic, List<ReplayFixture.Row> rows) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // One batch in flight: a retry after NOT_LEADER_OR_FOLLOWER on the new topic was seen to be refused
        // as out of sequence here, losing the batch after the delivery timeout.
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        java.util.concurrent.atomic.AtomicReference<Exception> failed = new java.util.concurrent.atomic.AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (ReplayFixture.Row r : rows) {
                producer.send(new ProducerRecord<>(topic, null, r.ts(), r.key().getBytes(StandardCharsets.UTF_8),
                        r.json().getBytes(StandardCharsets.UTF_8)), (meta, e) -> failed.compareAndSet(null, e));
            }
            producer.flush();
        }
        assertEquals(null, failed.get(), "producing the input");
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    private static long endOffsets(Admin admin, String topic) throws Exception {
        int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic)
                .partitions().size();
        Map<TopicPartition, OffsetSpec> q = new HashMap<>();
        for (int i = 0; i < partitions; i++) {
            q.put(new TopicPartition(topic, i), OffsetSpec.latest());
        }
        List<Long> ends = new ArrayList<>();
        admin.listOffsets(q).all().get(10, TimeUnit.SECONDS).values().forEach(i -> ends.add(i.offset()));
        return ends.stream().mapToLong(Long::longValue).sum();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
