package io.streamcast.kafka;

import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one node), started in this JVM
 * from Kafka's own server jars: format the log folder with a fresh cluster id, start the server, then wait
 * until an admin client sees the node. For the demo, for `run` without a cluster, and for the tests.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private final KafkaRaftServer server;
    private final Path dataDir;
    private final boolean ownsDir;
    private final String bootstrap;
    private final BrokerSecurity security;

    private EmbeddedKafkaBroker(KafkaRaftServer server, Path dataDir, boolean ownsDir, String bootstrap,
                                BrokerSecurity security) {
        this.security = security;
        this.server = server;
        this.dataDir = dataDir;
        this.ownsDir = ownsDir;
        this.bootstrap = bootstrap;
    }

    /** A broker on a free port; {@code dataDir} null means a temporary folder deleted on close. */
    public static EmbeddedKafkaBroker start(Path dataDir) throws IOException {
        return start(dataDir, 0);
    }

    /**
     * @param dataDir an existing broker folder is reused as it is (its topics survive restarts); null
     *                means a temporary folder deleted on close
     * @param port    the client port, 0 for any free one
     */
    public static EmbeddedKafkaBroker start(Path dataDir, int port) throws IOException {
        return start(dataDir, port, false);
    }

    /** @param secure SASL_SSL with SCRAM and ACLs ({@link BrokerSecurity}, kept in the data folder) */
    public static EmbeddedKafkaBroker start(Path dataDir, int port, boolean secure) throws IOException {
        boolean owns = dataDir == null;
        Path dir = owns ? Files.createTempDirectory("streamcast-kafka") : dataDir.toAbsolutePath();
        Files.createDirectories(dir);
        int clientPort = port == 0 ? freePort() : port;
        int controllerPort = freePort();
        // A secure broker keeps its certificate and passwords beside its logs: Kafka allows nothing else in there.
        Path logs = secure ? dir.resolve("logs") : dir;
        if (secure ? Files.exists(dir.resolve("meta.properties")) : Files.exists(dir.resolve("security"))) {
            throw new IOException("the broker folder " + dir + " was made " + (secure ? "without" : "with")
                    + " --secure; start it as it was made, or use another folder");
        }
        Files.createDirectories(logs);
        boolean formatted = Files.exists(logs.resolve("meta.properties"));
        Properties p = config(logs, clientPort, controllerPort);
        BrokerSecurity security = secure ? BrokerSecurity.in(dir) : null;
        if (security != null) {
            security.configure(p, clientPort, controllerPort);
        }
        KafkaConfig config = KafkaConfig.fromProps(p, false);
        try {
            // A folder formatted by an earlier run keeps its cluster id and its topics.
            if (!formatted) {
                format(logs, security == null ? List.of() : security.scramArguments());
            }
        } catch (Exception e) {
            throw new IOException("cannot format the broker's log folder " + logs + ": " + e.getMessage(), e);
        }
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        String bootstrap = "127.0.0.1:" + clientPort;
        try {
            server.startup();
            awaitReady(bootstrap, security == null ? Map.of() : security.adminProps());
        } catch (RuntimeException e) {
            server.shutdown();
            throw new IOException("the embedded Kafka broker did not start on " + bootstrap + ": " + e.getMessage()
                    + (port != 0 ? " (is port " + port + " already in use? pass another with --embedded-port)" : ""), e);
        }
        return new EmbeddedKafkaBroker(server, dir, owns, bootstrap, security);
    }

    /** The security of a broker started secure, or null. */
    public BrokerSecurity security() {
        return security;
    }

    public String bootstrapServers() {
        return bootstrap;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        if (ownsDir) {
            TempFolders.deleteQuietly(dataDir);
        }
    }

    private static Properties config(Path dir, int clientPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + clientPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir.toString());
        // Single node: every internal topic with one replica, few partitions so start-up and EOS are quick.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        // A transaction left open by a crashed stream thread blocks read_committed readers until the broker
        // aborts it: check for timed-out transactions every second instead of every ten.
        p.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "false");
        // Replayed history carries old timestamps: time-based retention would delete it under our feet.
        p.put("log.retention.ms", "-1");
        p.put("log.retention.bytes", "-1");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        return p;
    }

    private static void format(Path dir, List<String> scram) throws Exception {
        try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream())) {
            new Formatter().setPrintStream(quiet).setNodeId(1).setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(dir.toString())).setMetadataLogDirectory(dir.toString())
                    .setControllerListenerName("CONTROLLER").setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION).setFeatureLevel("transaction.version", (short) 1)
                    .setScramArguments(scram).run();
        }
    }

    private static void awaitReady(String bootstrap, Map<String, String> clientProps) {
        Map<String, Object> props = new java.util.HashMap<>(clientProps);
        props.putAll(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000));
        long deadline = System.currentTimeMillis() + 60_000;
        try (Admin admin = Admin.create(props)) {
            while (System.currentTimeMillis() < deadline) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception notYet) {
                    // keep polling until the deadline
                }
                sleep(100);
            }
        }
        throw new IllegalStateException("no broker visible at " + bootstrap + " after 60 s");
    }

    /** A port free on this machine now (for a broker or another process to bind). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
