package io.streamcast.streams;

import io.streamcast.spec.PipelineSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;

/**
 * Frees a pipeline's partitions from hanging transactions while it runs. A broker that crashes and comes back
 * can skip the abort markers of the transactions it was in the middle of (see {@link HangingTransactions}); the
 * running application is then fenced, rejoins, and waits for ever on its own changelogs, and read-committed
 * readers of its outputs stop too. Every sweep finds the transactions their coordinator does not hold in flight;
 * one is aborted only when sweeps have seen it open from the same offset for longer than a transaction may live:
 * a live transaction has ended or been timed out by its coordinator by then.
 */
public final class TransactionJanitor implements AutoCloseable {
    static final long SWEEP_MS = 5_000;
    /** Longer than Kafka Streams' exactly-once transaction timeout (10 s). */
    static final long CONFIRM_MS = 15_000;
    private final ScheduledExecutorService timer;
    private final Admin admin;
    private final PipelineSpec spec;
    private final Consumer<String> log;
    /** Each suspect and when a sweep first saw it. */
    private Map<HangingTransactions.Open, Long> suspects = new HashMap<>();

    private TransactionJanitor(Admin admin, PipelineSpec spec, Consumer<String> log) {
        this.admin = admin;
        this.spec = spec;
        this.log = log;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "streamcast-transaction-janitor");
            t.setDaemon(true);
            return t;
        });
    }

    public static TransactionJanitor start(String bootstrap, Map<String, String> clientProps, PipelineSpec spec,
                                           Consumer<String> log) {
        TransactionJanitor j = new TransactionJanitor(HangingTransactions.admin(bootstrap, clientProps), spec, log);
        j.timer.scheduleWithFixedDelay(j::sweepQuietly, SWEEP_MS, SWEEP_MS, TimeUnit.MILLISECONDS);
        return j;
    }

    /** One sweep at {@code nowMs}: aborts the suspects seen since {@link #CONFIRM_MS} ago; returns those aborted. */
    List<HangingTransactions.Open> sweep(long nowMs) throws Exception {
        List<HangingTransactions.Open> hanging = HangingTransactions.find(admin,
                HangingTransactions.pipelinePartitions(admin, spec));
        Map<HangingTransactions.Open, Long> seen = new HashMap<>();
        hanging.forEach(o -> seen.put(o, suspects.getOrDefault(o, nowMs)));
        suspects = seen;
        return HangingTransactions.abort(admin, confirmed(seen, nowMs));
    }

    /** The suspects seen hanging, from the same offset, for longer than any live transaction may stay open. */
    static List<HangingTransactions.Open> confirmed(Map<HangingTransactions.Open, Long> firstSeen, long nowMs) {
        return firstSeen.entrySet().stream().filter(e -> nowMs - e.getValue() >= CONFIRM_MS)
                .map(Map.Entry::getKey).sorted(java.util.Comparator.comparing(o -> o.partition().toString())).toList();
    }

    private void sweepQuietly() {
        try {
            for (HangingTransactions.Open o : sweep(System.currentTimeMillis())) {
                log.accept("aborted a transaction left hanging on " + o.partition() + " (producer " + o.producerId()
                        + ", epoch " + o.producerEpoch() + ", open from offset " + o.startOffset() + " for over "
                        + CONFIRM_MS / 1000 + " s with no coordinator holding it)");
            }
        } catch (Exception e) {
            // the broker may be down or restarting: the next sweep asks again, with the suspects kept
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        admin.close(java.time.Duration.ofSeconds(5));
    }
}
