package io.streamcast.chaos;

import io.streamcast.eval.Backtest;
import io.streamcast.engine.ModelLoader;
import io.streamcast.kafka.EmbeddedKafkaBroker;
import io.streamcast.kafka.TempFolders;
import io.streamcast.replay.LiveReproduction;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.spec.SpecLoader;
import io.streamcast.streams.HangingTransactions;
import io.streamcast.topics.TopicRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A chaos soak: a broker in its own process, the pipeline's applications in another, a seeded feed at a steady
 * rate, and SIGKILLs of the application and of the broker at seeded moments while transactions are in flight.
 * At the end every output is read committed and held against every input (nothing lost, nothing twice) and
 * against a fault-free replay of the same input with the same model versions (every forecast bit for bit).
 */
public final class ChaosRun {
    /**
     * @param spec         the pipeline (must run exactly-once: at-least-once may repeat outputs by design)
     * @param out          working folder (broker data, state, logs); emptied first
     * @param seconds      how long the feed runs; the kills fall inside it
     * @param rate         events per second
     * @param keys         series in the feed
     * @param appKills     SIGKILLs of the application process
     * @param brokerKills  SIGKILLs of the broker process
     */
    public record Options(Path spec, Path out, int seconds, double rate, int keys, long seed, int appKills,
                          int brokerKills) {
    }

    /** How long after a process is back the next kill may fall. */
    static final long SETTLE_MS = 10_000;

    /** {@link Result#differing()} when the replay did not run (duplicates, or a failure before it). */
    public static final long NOT_COMPARED = -1;

    /** The figures of one soak; {@code passed()} when nothing was lost, repeated or different. */
    public record Result(long sent, ChaosVerdict verdict, long reproduced, long differing, List<String> differences,
                         int appKills, int brokerKills, int midTransaction, int appStarts, int brokerStarts, long p50Ms, long p99Ms,
                         long peakRssMb, int remedies, String failure) {
        public boolean passed() {
            return failure == null && verdict.lost() == 0 && verdict.duplicated() == 0 && differing == 0
                    && verdict.forecasts() + verdict.deadLetters() >= sent;
        }

        public String line() {
            return String.format(Locale.ROOT, "chaos: sent %d, forecasts %d, lost %d, duplicated %d, differing %s "
                            + "(dead letters %d; kills: app %d, broker %d, %d of them mid-transaction; starts: app %d, broker %d, %d of them "
                            + "clean restarts of both for a stuck broker; latency p50 %d ms, p99 %d ms; peak RSS of the "
                            + "application %d MB)", sent, verdict.forecasts(), verdict.lost(),
                    verdict.duplicated(), differing == NOT_COMPARED ? "not compared" : String.valueOf(differing),
                    verdict.deadLetters(), appKills, brokerKills, midTransaction, appStarts,
                    brokerStarts, remedies, p50Ms, p99Ms, peakRssMb);
        }
    }

    /** Times the soak restarts both processes for an application that does not come back by itself. */
    static final int MAX_REMEDIES = 2;

    private final Options o;
    private final PrintStream log;
    private int remedies;

    public ChaosRun(Options options, PrintStream log) {
        this.o = options;
        this.log = log;
    }

    public Result run() throws Exception {
        PipelineSpec spec = SpecLoader.load(o.spec());
        if (!spec.processing().guarantee().equals("exactly_once_v2")) {
            throw new IllegalArgumentException("chaos checks that nothing is repeated, which needs a spec with "
                    + "processing.guarantee: exactly_once_v2 (" + o.spec() + " has " + spec.processing().guarantee() + ")");
        }
        if (Files.exists(o.out())) {
            TempFolders.delete(o.out());
        }
        Files.createDirectories(o.out());
        int port = EmbeddedKafkaBroker.freePort();
        String bootstrap = "127.0.0.1:" + port;
        Path logs = o.out().resolve("logs");
        ChildJvm broker = new ChildJvm("broker", List.of("broker", "--data-dir", o.out().resolve("broker").toString(),
                "--port", String.valueOf(port)), logs, "1g");
        ChildJvm app = new ChildJvm("app", List.of("run", "--spec", o.spec().toAbsolutePath().toString(),
                "--bootstrap-servers", bootstrap, "--app", "both", "--state-dir", o.out().resolve("state").toString(),
                "--http-port", String.valueOf(EmbeddedKafkaBroker.freePort())), logs, "1g");
        ScheduledExecutorService rss = Executors.newSingleThreadScheduledExecutor();
        LatencyProbe latency = null;
        String failure = null;
        int appKills = 0;
        int brokerKills = 0;
        long sent = 0;
        int midTransaction = 0;
        ChaosVerdict verdict = new ChaosVerdict(0, 0, 0, 0, 0);
        ChaosFeed feed = null;
        LiveReproduction.Outcome reproduced = null;
        try {
            startBroker(broker);
            startApp(app, broker);
            rss.scheduleAtFixedRate(app::sampleRss, 1, 1, TimeUnit.SECONDS);
            String topic = TopicRegistry.of(spec).observations().name();
            feed = new ChaosFeed((int) (o.seconds() * o.rate()), o.keys(), o.seed(), topic, o.rate(),
                    bootstrap, Map.of());
            latency = LatencyProbe.start(TopicRegistry.of(spec).forecasts().name(), bootstrap);
            Thread sender = new Thread(feed, "chaos-feed");
            sender.setDaemon(true); // a soak that fails part-way must not be held open by its producer's retries
            long begin = System.currentTimeMillis();
            sender.start();
            log.printf("feeding %,d events over %d keys at %.0f/s into %s; %d application and %d broker kills%n",
                    feed.size(), o.keys(), o.rate(), topic, o.appKills(), o.brokerKills());
            long lastBack = 0;
            for (Kill k : schedule()) {
                // A process killed again the moment it is back (or its peer restarted while it still loads) is a
                // crash loop, another test: each kill waits until the previous restart has settled.
                sleepUntil(Math.max(begin + k.atMs(), lastBack + SETTLE_MS));
                ChildJvm target = k.broker() ? broker : app;
                int open = openTransactions(spec, bootstrap);
                midTransaction += open > 0 ? 1 : 0;
                log.printf("%5.1f s  kill -9 %s (sent %,d; a transaction open on %d forecast partitions)%n",
                        (System.currentTimeMillis() - begin) / 1000.0, k.broker() ? "broker" : "application",
                        feed.acked(), open);
                long killed = System.currentTimeMillis();
                target.kill();
                Thread.sleep(k.downMs());
                if (k.broker()) {
                    brokerKills++;
                    startBroker(broker);
                } else {
                    appKills++;
                    startApp(app, broker);
                }
                lastBack = System.currentTimeMillis();
                log.printf("%5.1f s  %s back (down %.1f s)%n", (System.currentTimeMillis() - begin) / 1000.0,
                        k.broker() ? "broker" : "application", (System.currentTimeMillis() - killed) / 1000.0);
            }
            sender.join();
            if (feed.failure() != null) {
                throw new IllegalStateException("the feed could not be sent: " + feed.failure());
            }
            sent = feed.acked();
            log.printf("%5.1f s  sent %,d; waiting for the application to process them%n",
                    (System.currentTimeMillis() - begin) / 1000.0, sent);
            failure = drain(spec, bootstrap, 240_000);
            if (failure != null && remedies < MAX_REMEDIES) {
                // The same broker failure can also strike a running application, which then stops committing.
                restartBoth(app, broker, failure);
                startApp(app, broker);
                failure = drain(spec, bootstrap, 240_000);
            }
            app.stop();
            verdict = ChaosVerdict.read(spec, bootstrap, Map.of());
            if (verdict.duplicated() == 0) {
                reproduced = LiveReproduction.run(spec, ModelLoader.initial(spec, o.spec().toAbsolutePath().getParent()),
                        bootstrap, Map.of(), Backtest.Progress.NONE);
            }
        } catch (Exception e) {
            failure = e.getMessage();
            sent = feed == null ? 0 : feed.acked();
        } finally {
            rss.shutdownNow();
            if (latency != null) {
                latency.close();
            }
            app.stop();
            broker.stop();
        }
        long rows = reproduced == null ? 0 : reproduced.rows();
        long differing = reproduced == null ? NOT_COMPARED : rows - reproduced.identical();
        return new Result(sent, verdict, rows, differing, reproduced == null ? List.of() : reproduced.differences(),
                appKills, brokerKills, midTransaction, app.starts(), broker.starts(),
                latency == null ? 0 : latency.percentile(50),
                latency == null ? 0 : latency.percentile(99), app.peakRssMb(), remedies, failure);
    }

    /** One kill: when (ms after the feed starts), which process, and how long it stays down. */
    record Kill(long atMs, boolean broker, long downMs) {
    }

    /** The kills spread over the feed's first 85 % in seeded order, each at a seeded moment of its slot. */
    List<Kill> schedule() {
        SplittableRandom rnd = new SplittableRandom(o.seed());
        List<Boolean> kinds = new ArrayList<>();
        for (int i = 0; i < o.appKills() + o.brokerKills(); i++) {
            kinds.add(i >= o.appKills());
        }
        Collections.shuffle(kinds, new java.util.Random(o.seed()));
        long slot = (long) (o.seconds() * 850L / Math.max(1, kinds.size() + 1));
        List<Kill> kills = new ArrayList<>();
        for (int i = 0; i < kinds.size(); i++) {
            kills.add(new Kill(slot * (i + 1) + rnd.nextLong(slot / 2) - slot / 4, kinds.get(i),
                    500 + rnd.nextLong(2500)));
        }
        return kills;
    }

    private void startBroker(ChildJvm broker) throws IOException, InterruptedException {
        broker.start();
        // Slow is not lost: on a loaded machine log recovery can take minutes; only a broker that never comes back fails.
        broker.awaitLog("broker ready at", 300_000);
    }

    private void startApp(ChildJvm app, ChildJvm broker) throws IOException, InterruptedException {
        app.start();
        while (true) {
            try {
                app.awaitLog("Ctrl-C stops", 150_000);
                return;
            } catch (IllegalStateException stuck) {
                if (!app.alive() || remedies >= MAX_REMEDIES) {
                    throw stuck;
                }
            }
            restartBoth(app, broker, "the application is not back in 150 s (the broker's group coordinator is "
                    + "stuck, see operations.md)");
            app.start();
        }
    }

    /**
     * Kafka 4.3.1's group coordinator can stop answering after unclean broker restarts ("state machine ... out of
     * sync with the underlying log"): the application then never joins or stops committing. The remedy an
     * operator would apply, logged: stop both cleanly and start the broker again (a CI run found a broker killed
     * and restarted alone not enough); the caller starts the application. The verdict on the outputs stays as
     * strict.
     */
    private void restartBoth(ChildJvm app, ChildJvm broker, String why) throws IOException, InterruptedException {
        remedies++;
        log.printf("%s: stopping the application and the broker cleanly and starting both again (%d of at most "
                + "%d)%n", why, remedies, MAX_REMEDIES);
        app.stop();
        broker.stop();
        startBroker(broker);
    }

    /** Waits until the forecast application has committed past every input record; null, or why it did not. */
    private String drain(PipelineSpec spec, String bootstrap, long timeoutMs) throws InterruptedException {
        String topic = TopicRegistry.of(spec).observations().name();
        Map<String, Object> p = new HashMap<>();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        long deadline = System.currentTimeMillis() + timeoutMs;
        long behind = -1;
        try (Admin admin = Admin.create(p)) {
            while (System.currentTimeMillis() < deadline) {
                try {
                    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                    for (var d : admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                            .get(topic).partitions()) {
                        latest.put(new TopicPartition(topic, d.partition()), OffsetSpec.latest());
                    }
                    var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
                    Map<TopicPartition, OffsetAndMetadata> committed = admin
                            .listConsumerGroupOffsets(spec.applicationId()).partitionsToOffsetAndMetadata()
                            .get(10, TimeUnit.SECONDS);
                    behind = 0;
                    for (var e : ends.entrySet()) {
                        OffsetAndMetadata c = committed.get(e.getKey());
                        behind += e.getValue().offset() - (c == null ? 0 : c.offset());
                    }
                    if (behind == 0) {
                        return null;
                    }
                } catch (Exception notYet) {
                    // the group or the broker is not answering yet: ask again
                }
                Thread.sleep(500);
            }
        }
        return "the application did not catch up within " + timeoutMs / 1000 + " s (" + behind + " records behind)";
    }

    /**
     * Forecast partitions with a transaction open right now, as their leader sees it (0 when the broker does not
     * answer within 3 s): evidence that a kill fell mid-transaction.
     */
    private static int openTransactions(PipelineSpec spec, String bootstrap) {
        String topic = TopicRegistry.of(spec).forecasts().name();
        Map<String, Object> p = new HashMap<>();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_500);
        try (Admin admin = Admin.create(p)) {
            List<TopicPartition> parts = new ArrayList<>();
            for (int i = 0; i < spec.topics().partitions(); i++) {
                parts.add(new TopicPartition(topic, i));
            }
            // The admin's 3 s API timeout bounds the call.
            return (int) HangingTransactions.open(admin, parts).stream().map(HangingTransactions.Open::partition)
                    .distinct().count();
        } catch (Exception e) {
            return 0;
        }
    }

    private static void sleepUntil(long at) throws InterruptedException {
        long wait = at - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }
}
