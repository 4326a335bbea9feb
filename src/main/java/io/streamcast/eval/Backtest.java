package io.streamcast.eval;

import io.streamcast.data.SeriesCsv;
import io.streamcast.data.SeriesInput;
import io.streamcast.model.DirectHead;
import io.streamcast.training.OfflineTrainer;
import io.streamcast.model.Weights;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.engine.WeightsSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs series through the forecaster, optionally after training the spec's model offline on the visible rows
 * (never the held-out ones), optionally learning online as it goes: in input order with online training, else
 * on every core, a series per thread at a time ({@link ParallelReplay}). Scoring and reports are separate
 * ({@link BacktestScoring}, the report package).
 */
public final class Backtest {
    /** Where a long run is: training epochs, then events replayed. */
    public interface Progress {
        /** Shows nothing. */
        Progress NONE = new Progress() { };

        default void training(int epoch, int epochs, int done, int total, double loss) {
        }

        default void replay(long eventsDone, long eventsTotal, int seriesDone, int seriesTotal) {
        }

        /** The replay is over and this comes next (scoring, writing the report). */
        default void phase(String what) {
        }
    }

    /** The forecasts of every series, the weights they ended with, and how long the replay took. */
    /** @param directHead the direct head fitted on the visible rows (forecast.direct), or null */
    public record Result(List<SeriesRun> runs, Weights finalWeights, double seconds, String offlineTraining,
                         DirectHead directHead) {
        /** Without a direct head. */
        public Result(List<SeriesRun> runs, Weights finalWeights, double seconds, String offlineTraining) {
            this(runs, finalWeights, seconds, offlineTraining, null);
        }

        /** Rows stepped (the rejected ones are not). */
        public long events() {
            return runs.stream().mapToLong(r -> r.rows() - r.rejectedCount()).sum();
        }

        public double eventsPerSecond() {
            return seconds > 0 ? events() / seconds : Double.NaN;
        }

        /** The model versions the runs used, in order of first use. */
        public List<Long> versions() {
            java.util.LinkedHashSet<Long> seen = new java.util.LinkedHashSet<>();
            for (SeriesRun r : runs) {
                for (int i = 0; i < r.rows(); i++) {
                    if (r.rejected[i] == null) {
                        seen.add(r.version[i]);
                    }
                }
            }
            return List.copyOf(seen);
        }
    }

    /**
     * Fewer events than this replay on one thread: on two cores a short replay is mostly JIT compilation, which the
     * second replay thread slowed (NAB's 114,000 events: 0.31 s on one thread, 0.41 s on two; M4's 334,000: 1.25 s
     * and 1.04 s).
     */
    static final long PARALLEL_FROM_EVENTS = 200_000;

    private Backtest() {
    }

    /**
     * @param trainEpochs  0: use the given weights as they are; otherwise train them offline first on the
     *                     visible rows of every series for this many epochs
     * @param online       null, or online training hooked into every event
     */
    public static Result run(PipelineSpec spec, Weights initial, List<SeriesInput> inputs, int horizon, int trainEpochs,
                             OnlineTraining online, Progress progress) {
        long events = inputs.stream().mapToLong(SeriesInput::visible).sum();
        return run(spec, initial, inputs, horizon, trainEpochs, online, progress,
                events >= PARALLEL_FROM_EVENTS ? Runtime.getRuntime().availableProcessors() : 1);
    }

    /**
     * As above, on up to {@code threads} threads when nothing trains online (the overload above asks for every core
     * from {@link #PARALLEL_FROM_EVENTS} events on): the series are then independent, so
     * each runs whole on one thread, in its own engine, and gives the same bits on any thread. With online training
     * every event may change the weights the next series sees, so the series run one after another.
     */
    public static Result run(PipelineSpec spec, Weights initial, List<SeriesInput> inputs, int horizon, int trainEpochs,
                             OnlineTraining online, Progress progress, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        Weights weights = initial;
        String offline = null;
        if (trainEpochs > 0) {
            OfflineTrainer.Result r = new OfflineTrainer(spec.modelConfig(), spec.trainerConfig()).train(initial,
                    visible(inputs), trainEpochs, spec.model().seed(),
                    (epoch, done, total, loss) -> progress.training(epoch, trainEpochs, done, total, loss));
            weights = r.weights().withVersion(initial.version() + 1);
            offline = String.format("%d epochs on the visible rows of %d series; epoch losses %s", trainEpochs,
                    inputs.size(), r.epochLoss());
        }
        DirectHead direct = null;
        if (spec.modelConfig().combination().direct().enabled()) {
            long fitStart = System.nanoTime();
            direct = DirectHeadFitting.fit(spec, inputs, progress);
            String fitted = String.format("direct head fitted on the visible rows of %d series in %.1f s",
                    inputs.size(), (System.nanoTime() - fitStart) / 1e9);
            offline = offline == null ? fitted : offline + "; " + fitted;
        }
        return replay(spec, weights, direct, inputs, horizon, online, progress, threads, offline);
    }

    /**
     * The replay alone, with weights and a direct head (or null) given: nothing is trained or fitted first and
     * nothing learnt on the way, on {@code threads} threads (one: in input order on this one), whatever the
     * number of events ({@link #PARALLEL_FROM_EVENTS} is for {@link #run}). The replay benchmark times this.
     */
    public static Result replay(PipelineSpec spec, Weights weights, DirectHead direct, List<SeriesInput> inputs,
                                int horizon, int threads) {
        return replay(spec, weights, direct, inputs, horizon, null, Progress.NONE, threads, null);
    }

    /** What {@link #run} does once the weights and the direct head are ready: the replay, timed. */
    private static Result replay(PipelineSpec spec, Weights weights, DirectHead direct, List<SeriesInput> inputs,
                                 int horizon, OnlineTraining online, Progress progress, int threads, String offline) {
        WeightsSource source = online != null ? online.start(weights) : WeightsSource.fixed(weights);
        long total = inputs.stream().mapToLong(SeriesInput::visible).sum();
        long[] done = {0};
        int[] seriesDone = {0};
        StreamingBacktest.Listener count = (key, state, ts, value, step, anomaly) -> {
            if ((++done[0] & 1023) == 0) {
                progress.replay(done[0], total, seriesDone[0], inputs.size());
            }
        };
        StreamingBacktest.Listener listener = online == null ? count : (key, state, ts, value, step, anomaly) -> {
            online.afterEvent(key, state, ts, value, step, anomaly);
            count.afterEvent(key, state, ts, value, step, anomaly);
        };
        long start = System.nanoTime();
        if (online == null && threads > 1 && inputs.size() > 1) {
            List<SeriesRun> runs = ParallelReplay.run(spec, source, direct, inputs, horizon, threads, progress, total);
            return new Result(runs, weights, (System.nanoTime() - start) / 1e9, offline, direct);
        }
        StreamingBacktest replay = new StreamingBacktest(spec, source, listener, direct);
        List<SeriesRun> runs = new ArrayList<>();
        long rowsBefore = 0;
        for (SeriesInput in : inputs) {
            runs.add(replay.run(in, horizon));
            seriesDone[0]++;
            rowsBefore += in.visible();
            done[0] = rowsBefore; // rejected rows count as done too
            progress.replay(done[0], total, seriesDone[0], inputs.size());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Weights last = online != null ? online.current() : weights;
        return new Result(runs, last, seconds, offline, direct);
    }

    private static List<OfflineTrainer.SeriesData> visible(List<SeriesInput> inputs) {
        List<OfflineTrainer.SeriesData> out = new ArrayList<>();
        for (SeriesInput in : inputs) {
            // The offline trainer wants strictly rising times: rows the replay would reject are left out here too.
            List<OfflineTrainer.SeriesData> one = SeriesCsv.series(rows(in));
            out.addAll(one);
        }
        return out;
    }

    private static List<SeriesCsv.Row> rows(SeriesInput in) {
        List<SeriesCsv.Row> rows = new ArrayList<>(in.visible());
        for (int i = 0; i < in.visible(); i++) {
            if (Double.isFinite(in.values()[i])) {
                rows.add(new SeriesCsv.Row(in.key(), in.ts()[i], in.values()[i]));
            }
        }
        return rows;
    }

}
