package io.streamcast.cli;

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
                + "bare stateful JSON topology, exactly-once on and off, in one run (reported as ratios).")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--spec", defaultValue = "topologies/sensors.yaml", description = "Pipeline spec (default: ${DEFAULT-VALUE}).")
    Path spec;

    @Option(names = "--events", defaultValue = "1000000", description = "Events (default: ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--keys", defaultValue = "1000", description = "Series keys (default: ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--rounds", defaultValue = "1", description = "Timed rounds of the four runs (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--training", description = "Measure the training application instead: its throughput, "
            + "and the forecast pipeline's with training beside it as a ratio to the pipeline alone.")
    boolean training;

    @Override
    public Integer call() throws Exception {
        if (events < keys || keys < 1) {
            throw new IllegalArgumentException("need --events >= --keys >= 1, got " + events + " and " + keys);
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
        System.out.println();
        System.out.println("| guarantee | baseline events/s | forecast events/s | forecast / baseline |");
        System.out.println("|---|---:|---:|---:|");
        for (String g : List.of("exactly_once_v2", "at_least_once")) {
            double b = median(runs, "baseline", g);
            double f = median(runs, "forecast", g);
            System.out.printf("| %s | %,.0f | %,.0f | %.2f |%n", g, b, f, f / b);
        }
        return 0;
    }

    private static double median(List<ThroughputBenchmark.Run> runs, String topology, String g) {
        double[] xs = runs.stream().filter(r -> r.topology().equals(topology) && r.guarantee().equals(g))
                .mapToDouble(ThroughputBenchmark.Run::eventsPerSecond).sorted().toArray();
        return xs.length == 0 ? Double.NaN : xs[xs.length / 2];
    }
}
