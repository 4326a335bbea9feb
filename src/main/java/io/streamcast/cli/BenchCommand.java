package io.streamcast.cli;

import io.streamcast.bench.ReplayBenchmark;
import io.streamcast.bench.ScaleBenchmark;
import io.streamcast.bench.ThroughputBenchmark;
import io.streamcast.bench.TrainingBenchmark;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** End-to-end throughput through an embedded broker, against a bare stateful baseline in the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure end-to-end throughput through an embedded broker: the forecast topology against a "
                + "passthrough and bare stateful JSON topologies (a 512-byte value, and one as large as our state), "
                + "exactly-once on and off, in one run; prints 'ratio forecast/stateful-512B  ALOS x  EOS y'.")
final class BenchCommand implements Callable<Integer> {
    private static final String DEFAULT_SPEC = "topologies/sensors.yaml";
    private static final String DEFAULT_DATASETS = "../shared/datasets";

    @Option(names = "--spec", defaultValue = DEFAULT_SPEC, description = "Pipeline spec (default: ${DEFAULT-VALUE}).")
    Path spec;

    @Option(names = "--events", defaultValue = "1000000", description = "Events (default: ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--keys", defaultValue = "1000", description = "Series keys (default: ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--rounds", defaultValue = "1", description = "Timed rounds of the eight runs (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--training", description = "Measure the training application instead: its throughput, "
            + "and the forecast pipeline's with training beside it as a ratio to the pipeline alone.")
    boolean training;

    @Option(names = "--scale", split = ",", arity = "0..1", fallbackValue = "1000,100000,1000000",
            paramLabel = "<keys>", description = "Measure how the forecast topology scales with keys instead (default "
            + "key counts: ${FALLBACK-VALUE}): events/s at least once over max(--events, 3 × keys) events, the state "
            + "folder's size, and the time a new instance takes to restore it from the changelogs.")
    List<Integer> scale;

    @Option(names = "--replay", arity = "0..1", fallbackValue = "5", paramLabel = "<rounds>",
            description = "Measure in-process backtest replays instead (forecasting only, no broker): the README's NAB "
            + "and M4 Hourly backtests, after warm-up replays, on one thread and on every core, alternating for "
            + "<rounds> rounds (default ${FALLBACK-VALUE}); prints the median events/s of each.")
    Integer replay;

    @Option(names = "--datasets", defaultValue = DEFAULT_DATASETS,
            description = "With --replay: the folder holding nab/data and m4-hourly/Hourly-train.csv (default: "
                    + "${DEFAULT-VALUE}).")
    Path datasets;

    @Override
    public Integer call() throws Exception {
        if (replay != null) {
            if (scale != null || training) {
                throw new IllegalArgumentException("--replay, --scale and --training are different measurements: "
                        + "give one");
            }
            if (!spec.equals(Path.of(DEFAULT_SPEC)) || events != 1_000_000 || keys != 1000
                    || rounds != 1) {
                throw new IllegalArgumentException("--replay replays README's NAB and M4 backtests with their own "
                        + "specs: --spec, --events, --keys and --rounds do not apply (give rounds as --replay <n>)");
            }
            return replay();
        }
        if (!datasets.equals(Path.of(DEFAULT_DATASETS))) {
            throw new IllegalArgumentException("--datasets is for --replay");
        }
        if (scale != null) {
            if (training) {
                throw new IllegalArgumentException("--scale and --training are two different measurements: give one");
            }
            return scale();
        }
        if (events < keys || keys < 1 || rounds < 1) {
            throw new IllegalArgumentException("need --events >= --keys >= 1 and --rounds >= 1, got " + events + ", "
                    + keys + " and " + rounds);
        }
        if (training) {
            TrainingBenchmark.Result r = new TrainingBenchmark(spec, events, keys, System.out).run();
            System.out.println();
            System.out.println("| forecast alone events/s | forecast beside training events/s | ratio "
                    + "| training events/s | windows/s | window-steps/s (× k2) | versions |");
            System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
            System.out.printf("| %,.0f | %,.0f | %.2f | %,.0f | %,.0f | %,.0f | %d |%n", r.forecastAlone(),
                    r.forecastBeside(), r.forecastBeside() / r.forecastAlone(), r.trainingEventsPerSecond(),
                    r.windowsPerSecond(), r.windowsPerSecond() * r.k2(), r.versions());
            return 0;
        }
        List<ThroughputBenchmark.Run> runs = new ThroughputBenchmark(spec, events, keys, System.out).run(rounds);
        // The topologies in the order they ran: passthrough, the 512-byte baseline, the state-sized one, ours.
        List<String> names = runs.stream().map(ThroughputBenchmark.Run::topology).distinct().toList();
        String sized = names.get(2);
        System.out.println();
        System.out.println("| guarantee | " + String.join(" events/s | ", names) + " events/s | forecast / "
                + ThroughputBenchmark.STATEFUL_512 + " |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        double[] ratio = new double[2];
        int i = 0;
        for (String g : List.of("at_least_once", "exactly_once_v2")) {
            StringBuilder row = new StringBuilder("| " + g + " |");
            for (String n : names) {
                row.append(String.format(" %,.0f |", median(runs, n, g)));
            }
            ratio[i] = median(runs, ThroughputBenchmark.FORECAST, g) / median(runs, ThroughputBenchmark.STATEFUL_512, g);
            System.out.println(row.append(String.format(" %.2f |", ratio[i++])));
        }
        System.out.printf("%nratio forecast/%s  ALOS %.2f  EOS %.2f%n", ThroughputBenchmark.STATEFUL_512, ratio[0],
                ratio[1]);
        if (rounds > 1) {
            // The baseline moves by a fifth between rounds on a shared machine: show the spread behind the medians.
            System.out.printf("by round: ALOS %s  EOS %s%n", joined(ThroughputBenchmark.ratiosByRound(runs,
                    "at_least_once")), joined(ThroughputBenchmark.ratiosByRound(runs, "exactly_once_v2")));
        }
        System.out.printf("(footnote: against %s, a baseline writing a value as large as our state: ALOS %.2f  "
                + "EOS %.2f)%n", sized, median(runs, ThroughputBenchmark.FORECAST, "at_least_once")
                / median(runs, sized, "at_least_once"), median(runs, ThroughputBenchmark.FORECAST, "exactly_once_v2")
                / median(runs, sized, "exactly_once_v2"));
        return 0;
    }

    private Integer scale() throws Exception {
        if (scale.isEmpty() || scale.stream().anyMatch(k -> k < 1) || events < 1) {
            throw new IllegalArgumentException("--scale needs key counts of at least 1 (e.g. --scale 1000,100000) "
                    + "and --events at least 1, got " + scale + " and " + events);
        }
        List<ScaleBenchmark.Point> points = new ScaleBenchmark(spec, events, System.out).run(scale);
        System.out.println();
        System.out.println("| keys | events | forecast events/s (ALOS) | state folder | restored records "
                + "| restore (new instance, from start) |");
        System.out.println("|---:|---:|---:|---:|---:|---:|");
        for (ScaleBenchmark.Point p : points) {
            System.out.printf("| %,d | %,d | %,.0f | %,.1f MB | %,d | %.1f s |%n", p.keys(), p.events(),
                    p.eventsPerSecond(), p.stateDiskBytes() / 1e6, p.restoredRecords(), p.restoreSeconds());
        }
        return 0;
    }

    private Integer replay() throws Exception {
        if (replay < 1) {
            throw new IllegalArgumentException("--replay needs at least 1 round, got " + replay);
        }
        List<ReplayBenchmark.Result> results = new ReplayBenchmark(System.out)
                .run(ReplayBenchmark.readmeDatasets(datasets), replay);
        System.out.println();
        int cores = results.get(0).threads();
        System.out.printf("| backtest | events | its first replay, %d threads (events/s) | 1 thread (events/s) | %d "
                + "threads (events/s) | %d threads / 1 |%n", cores, cores, cores);
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (ReplayBenchmark.Result r : results) {
            System.out.printf("| %s | %,d | %,.0f | %,.0f | %,.0f | %.2f |%n", r.dataset(), r.events(),
                    r.firstEventsPerSecond(), r.medianOne(), r.medianAll(), r.medianAll() / r.medianOne());
        }
        return 0;
    }

    private static String joined(double[] ratios) {
        StringBuilder sb = new StringBuilder();
        for (double r : ratios) {
            sb.append(sb.length() == 0 ? "" : " / ").append(String.format(java.util.Locale.ROOT, "%.2f", r));
        }
        return sb.toString();
    }

    private static double median(List<ThroughputBenchmark.Run> runs, String topology, String g) {
        double[] xs = ThroughputBenchmark.eventsPerSecond(runs, topology, g);
        java.util.Arrays.sort(xs);
        return xs.length == 0 ? Double.NaN : xs[xs.length / 2];
    }
}
