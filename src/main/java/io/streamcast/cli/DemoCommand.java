package io.streamcast.cli;

import io.streamcast.demo.DemoRun;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.spec.SpecLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The one command a new user runs: everything on this machine, real Kafka included. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start an embedded Kafka broker, generate a labelled sensor feed, train a model on its "
                + "history, and watch live forecasts and anomaly alerts; ends with a summary.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--spec", defaultValue = "topologies/sensors.yaml", description = "Pipeline spec (default: ${DEFAULT-VALUE}).")
    Path specFile;

    @Option(names = "--keys", defaultValue = "6", description = "Sensors, 1 to 6 (default: ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--history-days", defaultValue = "3", description = "Clean days replayed first (default: ${DEFAULT-VALUE}).")
    int historyDays;

    @Option(names = "--live-days", defaultValue = "2", description = "Days streamed live, with anomalies (default: ${DEFAULT-VALUE}).")
    int liveDays;

    @Option(names = "--rate", defaultValue = "200", description = "Live events per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--duration", description = "Stop after this long, e.g. 30s or 2m (default: when the feed ends).")
    String duration;

    @Option(names = "--no-train", description = "Skip offline training and use the built-in untrained model.")
    boolean noTrain;

    @Option(names = "--no-live-training", description = "Run only the forecast application (no training "
            + "application beside it publishing new versions).")
    boolean noLiveTraining;

    @Option(names = "--seed", defaultValue = "42", description = "Feed seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--horizon", description = "Steps ahead each forecast carries, drawn in the web console's "
            + "series view; 0 for none (default: the spec's forecast.horizon, or 12, an hour of 5-minute readings).")
    Integer horizon;

    @Override
    public Integer call() throws Exception {
        PipelineSpec spec = SpecLoader.load(specFile);
        if (horizon != null || spec.forecast().horizon() == 0) {
            spec = spec.withForecastHorizon(horizon != null ? horizon : 12);
        }
        if (rate <= 0) {
            throw new IllegalArgumentException("--rate must be > 0, got " + rate);
        }
        boolean terminal = System.console() != null && System.getenv("TERM") != null
                && !"dumb".equals(System.getenv("TERM"));
        DemoRun demo = new DemoRun(new DemoRun.Options(spec, keys, historyDays, liveDays, rate, parse(duration),
                !noTrain, !noLiveTraining, seed, terminal), System.out);
        Thread main = Thread.currentThread();
        Thread hook = new Thread(() -> {
            demo.stop();
            try {
                main.join(20_000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        DemoRun.Summary s = demo.run();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // already shutting down
        }
        print(s);
        return 0;
    }

    private static void print(DemoRun.Summary s) {
        System.out.println();
        System.out.println("Summary" + (s.completed() ? "" : " (stopped early)"));
        System.out.printf("  events produced        %d (%d bad on purpose)%n", s.produced(), 3);
        System.out.printf("  forecasts emitted      %d%n", s.forecasts());
        System.out.printf("  dead letters           %d %s%n", s.deadLetters(), s.deadLettersByReason());
        long brief = 0;
        for (var e : s.errorByVersion().entrySet()) {
            if (e.getValue()[1] < 200) {
                brief += (long) e.getValue()[1];
                continue;
            }
            System.out.printf("  model version %-8s MAE %.3f x naive over its %d forecasts%n", "v" + e.getKey(),
                    e.getValue()[0], (long) e.getValue()[1]);
        }
        if (brief > 0) {
            // While history replays, training runs ahead of forecasting and versions follow each other fast.
            System.out.printf("  short-lived versions   %d forecasts (versions superseded within 200 forecasts)%n",
                    brief);
        }
        if (s.versionsPublished() > 0 || s.trainingRejections() > 0) {
            System.out.printf("  live training          %d versions published, %d candidates refused by the guards%n",
                    s.versionsPublished(), s.trainingRejections());
        }
        System.out.printf("  alerts raised          %d%n", s.alerts());
        System.out.printf("  injected anomalies     %d, detected %d, false alerts %d%n", s.detection().injected(),
                s.detection().detected(), s.detection().falseAlerts());
        s.detection().missed().forEach(m -> System.out.println("    missed: " + m));
        System.out.printf("  forecast error (live)  MAE %.3f x the naive last-value forecast's%n", s.maeRatio());
        System.out.printf("  interval coverage      %.1f%% of values inside their 95%% band%n", 100 * s.coverage());
    }

    static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            return Duration.ZERO;
        }
        String t = text.trim().toLowerCase();
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> Duration.ofSeconds(Long.parseLong(t));
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--duration must look like 30s, 5m or 1h, got '" + text + "'");
        }
    }
}
