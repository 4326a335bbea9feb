package io.streamcast.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ThroughputBenchmarkTest {
    private static ThroughputBenchmark.Run run(String topology, String guarantee, double seconds) {
        return new ThroughputBenchmark.Run(topology, guarantee, 1_000_000, seconds);
    }

    @Test
    void ratiosPairEachRoundsForecastRunWithThatRoundsBaselineRun() {
        List<ThroughputBenchmark.Run> runs = List.of(
                run(ThroughputBenchmark.STATEFUL_512, "exactly_once_v2", 10), run(ThroughputBenchmark.FORECAST,
                        "exactly_once_v2", 20),
                run(ThroughputBenchmark.STATEFUL_512, "at_least_once", 4), run("stateful-665B", "at_least_once", 1),
                run(ThroughputBenchmark.FORECAST, "at_least_once", 5),
                run(ThroughputBenchmark.STATEFUL_512, "exactly_once_v2", 8), run(ThroughputBenchmark.FORECAST,
                        "exactly_once_v2", 10),
                run(ThroughputBenchmark.STATEFUL_512, "at_least_once", 3), run(ThroughputBenchmark.FORECAST,
                        "at_least_once", 6));
        assertArrayEquals(new double[] {0.8, 0.5}, ThroughputBenchmark.ratiosByRound(runs, "at_least_once"), 1e-12);
        assertArrayEquals(new double[] {0.5, 0.8}, ThroughputBenchmark.ratiosByRound(runs, "exactly_once_v2"), 1e-12);
    }
}
