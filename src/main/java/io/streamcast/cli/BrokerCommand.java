package io.streamcast.cli;

import io.streamcast.kafka.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The embedded broker on its own, in its own process: so that it and the applications fail apart. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run the embedded single-node Kafka broker (KRaft) on its own until Ctrl-C, for `run "
                + "--bootstrap-servers` in another process. Its data folder survives restarts.")
final class BrokerCommand implements Callable<Integer> {
    @Option(names = "--data-dir", defaultValue = "streamcast-data/broker",
            description = "The broker's log folder (default: ${DEFAULT-VALUE}); reused as it is when it exists.")
    Path dataDir;

    @Option(names = "--port", defaultValue = "9092", description = "Client port (default: ${DEFAULT-VALUE}).")
    int port;

    @Override
    public Integer call() throws Exception {
        StopSignal stop = new StopSignal();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, port)) {
            System.out.println("broker ready at " + broker.bootstrapServers() + " (data in " + dataDir + ")");
            stop.await();
            System.out.println("stopping the broker...");
        } finally {
            stop.closed();
        }
        return 0;
    }
}
