package io.streamcast.cli;

import io.streamcast.bench.ThroughputBenchmark;
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

    @Override
    public Integer call() throws Exception {
        if (events < keys || keys < 1) {
            throw new IllegalArgumentException("need --events >= --keys >= 1, got " + events + " and " + keys);
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
