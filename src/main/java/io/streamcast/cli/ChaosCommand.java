package io.streamcast.cli;

import io.streamcast.chaos.ChaosRun;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The chaos soak as a command: exits 1 on any loss, duplicate or difference. */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = "Soak a pipeline under crashes: a broker and the forecast+training applications in their own "
                + "processes, a seeded feed at a steady rate, SIGKILLs of each at seeded moments, then every output "
                + "read committed against every input and against a fault-free replay. Prints one line 'chaos: sent "
                + "N, forecasts N, lost 0, duplicated 0, differing 0' and exits 1 unless all three are 0.")
final class ChaosCommand implements Callable<Integer> {
    @Option(names = "--spec", defaultValue = "topologies/sensors.yaml",
            description = "Pipeline spec; must be exactly_once_v2 (default: ${DEFAULT-VALUE}).")
    Path spec;

    @Option(names = "--duration", defaultValue = "120", description = "Seconds of feed (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--rate", defaultValue = "300", description = "Events per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--keys", defaultValue = "60", description = "Series in the feed (default: ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--app-kills", defaultValue = "3", description = "SIGKILLs of the application "
            + "(default: ${DEFAULT-VALUE}).")
    int appKills;

    @Option(names = "--broker-kills", defaultValue = "3", description = "SIGKILLs of the broker "
            + "(default: ${DEFAULT-VALUE}).")
    int brokerKills;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the feed and of the kill moments "
            + "(default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", defaultValue = "streamcast-data/chaos", description = "Working folder, emptied first: "
            + "broker data, state, each process's log (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (seconds < 10 || rate <= 0 || keys < 1 || appKills < 0 || brokerKills < 0) {
            throw new IllegalArgumentException("need --duration >= 10, --rate > 0, --keys >= 1 and kills >= 0");
        }
        // The feed's and the reader's clients retry through every broker kill, by design: no warning per retry.
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
        ChaosRun.Result r = new ChaosRun(new ChaosRun.Options(spec, out, seconds, rate, keys, seed, appKills,
                brokerKills), System.out).run();
        r.differences().forEach(d -> System.out.println("  differs: " + d));
        if (r.failure() != null) {
            System.out.println("chaos: failed: " + r.failure() + " (process logs in " + out.resolve("logs") + ")");
        }
        System.out.println(r.line());
        return r.passed() ? 0 : 1;
    }
}
