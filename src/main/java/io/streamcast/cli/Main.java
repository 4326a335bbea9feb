package io.streamcast.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `streamcast` command line. */
@Command(name = "streamcast", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Streaming time-series forecasting on Kafka Streams: per-key RNN state, forecasts with "
                + "intervals, anomaly alerts.",
        subcommands = {CommandLine.HelpCommand.class, DemoCommand.class, RunCommand.class, ProduceCommand.class,
                GenerateCommand.class, TrainCommand.class, BacktestCommand.class, ModelsCommand.class, SelfTestCommand.class, BenchCommand.class,
                BrokerCommand.class, ChaosCommand.class, AclsCommand.class, CalendarCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return commandLine(System.getenv());
    }

    /** @param env where options not given on the command line are looked up ({@link EnvDefaults}) */
    static CommandLine commandLine(java.util.Map<String, String> env) {
        CommandLine cl = new CommandLine(new Main());
        cl.setDefaultValueProvider(new EnvDefaults(env));
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            line.getErr().println(line.getColorScheme().errorText("error: " + ex.getMessage()));
            if (System.getenv("STREAMCAST_DEBUG") != null) {
                ex.printStackTrace(line.getErr());
            } else {
                line.getErr().println("(set STREAMCAST_DEBUG=1 for the stack trace)");
            }
            return 1;
        });
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
