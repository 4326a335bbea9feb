package io.streamcast.bench;

import io.streamcast.backtest.BacktestJob;
import io.streamcast.data.SeriesInput;
import io.streamcast.engine.ModelLoader;
import io.streamcast.eval.Backtest;
import io.streamcast.eval.DirectHeadFitting;
import io.streamcast.eval.RelativeAccuracy;
import io.streamcast.model.DirectHead;
import io.streamcast.model.Weights;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.spec.SpecLoader;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * In-process backtest replays, forecasting only (the README's NAB and M4 commands without online training,
 * scoring or report), timed on one thread and on every core in the same run, whatever the size (a backtest
 * command replays under {@code Backtest.PARALLEL_FROM_EVENTS} events, NAB's case, on one thread). A backtest
 * command prints one replay in a fresh JVM, mostly JIT compilation at these sizes; this replays each dataset
 * once on every core and twice more before timing, then alternates the thread counts round by round, so the
 * figures are the steady state and the ratio between them is measured under the same conditions.
 */
public final class ReplayBenchmark {
    /** A backtest to time: what the README's command replays. */
    public record Dataset(String name, BacktestJob.Options options) {
    }

    /**
     * Events/s of every timed round, per thread count, and of the dataset's first replay in this JVM (on every
     * core; after the datasets before it, so only the first dataset's is a fresh JVM's).
     */
    public record Result(String dataset, long events, double firstEventsPerSecond, int threads,
                         double[] oneThread, double[] allThreads) {
        public double medianOne() {
            return RelativeAccuracy.median(oneThread);
        }

        public double medianAll() {
            return RelativeAccuracy.median(allThreads);
        }
    }

    /** Replays before the timed rounds, the first one reported. */
    private static final int WARM_UP = 3;
    private final PrintStream out;

    public ReplayBenchmark(PrintStream out) {
        this.out = out;
    }

    /** NAB and M4 Hourly as the README's backtest commands read them, from a datasets folder. */
    public static List<Dataset> readmeDatasets(Path datasets) {
        Path nab = datasets.resolve("nab/data");
        Path m4 = datasets.resolve("m4-hourly/Hourly-train.csv");
        for (String spec : List.of("topologies/nab.yaml", "topologies/m4-hourly.yaml")) {
            if (!Files.isRegularFile(Path.of(spec))) {
                throw new IllegalArgumentException("--replay reads " + spec + " as README's commands do: run it "
                        + "from the repository's folder");
            }
        }
        if (!Files.isDirectory(nab) || !Files.isRegularFile(m4)) {
            throw new IllegalArgumentException("--replay needs NAB's data folder and M4's Hourly-train.csv under "
                    + datasets + " (nab/data, m4-hourly/Hourly-train.csv); give the folder with --datasets");
        }
        return List.of(
                new Dataset("NAB", new BacktestJob.Options(Path.of("topologies/nab.yaml"), nab, "csv", 0, 0, 0,
                        false, null, null)),
                new Dataset("M4 Hourly", new BacktestJob.Options(Path.of("topologies/m4-hourly.yaml"), m4, "m4", 48,
                        48, 0, false, null, null)));
    }

    public List<Result> run(List<Dataset> datasets, int rounds) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        List<Result> results = new ArrayList<>();
        for (Dataset d : datasets) {
            PipelineSpec spec = SpecLoader.load(d.options().specFile());
            Weights weights = ModelLoader.initial(spec, d.options().specFile().toAbsolutePath().getParent());
            List<SeriesInput> inputs = BacktestJob.read(d.options());
            DirectHead direct = null;
            if (spec.modelConfig().combination().direct().enabled()) {
                long t = System.nanoTime();
                direct = DirectHeadFitting.fit(spec, inputs, Backtest.Progress.NONE);
                out.printf("%s: direct head fitted in %.1f s (not timed)%n", d.name(), (System.nanoTime() - t) / 1e9);
            }
            int horizon = d.options().horizon();
            Backtest.Result cold = Backtest.replay(spec, weights, direct, inputs, horizon, cores);
            long events = cold.events();
            out.printf("%s: %,d events in %,d series; its first replay in this JVM, on %d threads, %.3f s "
                    + "(%,.0f events/s)%n", d.name(), events, inputs.size(), cores, cold.seconds(),
                    cold.eventsPerSecond());
            for (int i = 1; i < WARM_UP; i++) {
                Backtest.replay(spec, weights, direct, inputs, horizon, i % 2 == 0 ? 1 : cores);
            }
            double[] one = new double[rounds];
            double[] all = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                // Alternating which goes first, so neither always follows the other's garbage.
                boolean oneFirst = r % 2 == 0;
                double a = eventsPerSecond(spec, weights, direct, inputs, horizon, oneFirst ? 1 : cores);
                double b = eventsPerSecond(spec, weights, direct, inputs, horizon, oneFirst ? cores : 1);
                one[r] = oneFirst ? a : b;
                all[r] = oneFirst ? b : a;
                out.printf("%s round %d: 1 thread %,.0f events/s, %d threads %,.0f events/s%n", d.name(), r + 1,
                        one[r], cores, all[r]);
            }
            results.add(new Result(d.name(), events, cold.eventsPerSecond(), cores, one, all));
        }
        return results;
    }

    private static double eventsPerSecond(PipelineSpec spec, Weights weights, DirectHead direct,
                                          List<SeriesInput> inputs, int horizon, int threads) {
        return Backtest.replay(spec, weights, direct, inputs, horizon, threads).eventsPerSecond();
    }
}
