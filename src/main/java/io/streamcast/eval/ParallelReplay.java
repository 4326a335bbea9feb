package io.streamcast.eval;

import io.streamcast.data.SeriesInput;
import io.streamcast.engine.WeightsSource;
import io.streamcast.model.DirectHead;
import io.streamcast.spec.PipelineSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replays independent series (fixed weights, nothing learnt on the way) on several threads: each thread takes the
 * next series not yet taken and runs it whole in its own {@link StreamingBacktest}, so a series' forecasts are the
 * same bits on any thread, and the runs come back in input order. Progress is reported from the calling thread.
 */
final class ParallelReplay {
    private static final long PROGRESS_MS = 200;

    private ParallelReplay() {
    }

    static List<SeriesRun> run(PipelineSpec spec, WeightsSource weights, DirectHead direct, List<SeriesInput> inputs,
                               int horizon, int threads, Backtest.Progress progress, long total) {
        SeriesRun[] runs = new SeriesRun[inputs.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger seriesDone = new AtomicInteger();
        AtomicLong done = new AtomicLong();
        int workers = Math.min(threads, inputs.size());
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "streamcast-replay");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<?>[] futures = new Future<?>[workers];
            for (int w = 0; w < workers; w++) {
                futures[w] = pool.submit(() -> {
                    long[] mine = {0};
                    StreamingBacktest replay = new StreamingBacktest(spec, weights,
                            (key, state, ts, value, step, anomaly) -> {
                                // Counted locally and published in batches: a shared counter per event would
                                // bounce its cache line between the cores.
                                if (++mine[0] == 1024) {
                                    done.addAndGet(mine[0]);
                                    mine[0] = 0;
                                }
                            }, direct);
                    for (int i = next.getAndIncrement(); i < runs.length; i = next.getAndIncrement()) {
                        runs[i] = replay.run(inputs.get(i), horizon);
                        done.addAndGet(mine[0]);
                        mine[0] = 0;
                        seriesDone.incrementAndGet();
                    }
                    return null;
                });
            }
            pool.shutdown();
            while (!pool.awaitTermination(PROGRESS_MS, TimeUnit.MILLISECONDS)) {
                progress.replay(done.get(), total, seriesDone.get(), runs.length);
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while replaying", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
        progress.replay(total, total, runs.length, runs.length);
        return new ArrayList<>(Arrays.asList(runs));
    }
}
