package io.streamcast.cli;

import io.streamcast.kafka.BrokerSecurity;
import io.streamcast.kafka.EmbeddedKafkaBroker;
import java.util.ArrayList;
import java.util.List;
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

    @Option(names = "--secure", description = "SASL_SSL with SCRAM-SHA-512 and ACLs: a self-signed certificate and "
            + "the super user admin's settings are made in <data-dir>/security (admin.properties, for --kafka-config).")
    boolean secure;

    @Option(names = "--user", description = "With --secure: a SCRAM user name:password to create (repeatable); its "
            + "client settings go to <data-dir>/security/<name>.properties.")
    List<String> users = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (!users.isEmpty() && !secure) {
            throw new IllegalArgumentException("--user needs --secure: a plain broker has no users");
        }
        StopSignal stop = new StopSignal();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, port, secure)) {
            if (secure) {
                BrokerSecurity s = broker.security();
                for (String u : users) {
                    int colon = u.indexOf(':');
                    if (colon <= 0 || colon == u.length() - 1) {
                        throw new IllegalArgumentException("--user " + u + ": expected name:password");
                    }
                    Path file = s.addUser(broker.bootstrapServers(), u.substring(0, colon), u.substring(colon + 1));
                    System.out.println("user " + u.substring(0, colon) + ": --kafka-config " + file);
                }
                System.out.println("SASL_SSL with SCRAM-SHA-512 and ACLs; administrator: --kafka-config "
                        + s.dir().resolve("admin.properties"));
            }
            System.out.println("broker ready at " + broker.bootstrapServers() + " (data in " + dataDir + ")");
            stop.await();
            System.out.println("stopping the broker...");
        } finally {
            stop.closed();
        }
        return 0;
    }
}
