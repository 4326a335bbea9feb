package io.streamcast.cli;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamcast.kafka.EmbeddedKafkaBroker;
import io.streamcast.observe.MetricsServer;
import io.streamcast.observe.SeriesHandler;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.spec.SpecLoader;
import io.streamcast.streams.forecast.ForecastTopology;
import io.streamcast.engine.ModelLoader;
import io.streamcast.streams.forecast.PipelineMetrics;
import io.streamcast.streams.forecast.RecentHistory;
import io.streamcast.streams.HangingTransactions;
import io.streamcast.streams.PipelineRunner;
import io.streamcast.streams.TransactionJanitor;
import io.streamcast.topics.PipelineTopics;
import io.streamcast.streams.StreamsSettings;
import io.streamcast.streams.training.TrainingMetrics;
import io.streamcast.streams.training.TrainingTopology;
import io.streamcast.engine.WeightsSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.state.HostInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs a pipeline for real, against a cluster or a local embedded broker, until Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a pipeline's forecast application, its training application, or both, until Ctrl-C. "
                + "Without --bootstrap-servers it starts an embedded broker on localhost:9092 with its data in "
                + "streamcast-data/broker.")
final class RunCommand implements Callable<Integer> {
    @Option(names = "--spec", required = true, description = "Pipeline spec, e.g. topologies/sensors.yaml.")
    Path specFile;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--state-dir", description = "Kafka Streams state folder (default: streamcast-data/state).")
    Path stateDir;

    @Option(names = {"--metrics-port", "--http-port"}, description = "The HTTP port: /metrics, /health, /ready, "
            + "/series (default: the spec's processing.metricsPort; 0 = any free port).")
    Integer metricsPort;

    @Option(names = {"--http-host", "--metrics-host"}, description = "Address the HTTP port binds to (default: the "
            + "spec's processing.httpHost, 127.0.0.1; 0.0.0.0 in a container).")
    String httpHost;

    @Option(names = "--http-token-file", description = "A file holding the token every HTTP request but /health "
            + "and /ready must carry as 'Authorization: Bearer <token>' (or set STREAMCAST_HTTP_TOKEN). Use it when "
            + "the port is reachable beyond this machine.")
    Path httpTokenFile;

    @Option(names = "--advertised-host", description = "Host name or IP the other instances reach this one's HTTP "
            + "port at, for interactive queries (default: the spec's processing.advertisedHost, else the HTTP host).")
    String advertisedHost;

    @Option(names = "--app", defaultValue = "forecast", description = "Which application: forecast, training "
            + "or both (default: ${DEFAULT-VALUE}). Each has its own application id, so they scale apart.")
    String app;

    @Option(names = "--embedded-port", defaultValue = "9092", description = "Port of the embedded broker (default: ${DEFAULT-VALUE}).")
    int embeddedPort;

    @Override
    public Integer call() throws Exception {
        PipelineSpec spec = SpecLoader.load(specFile);
        var weights = ModelLoader.initial(spec, specFile.getParent());
        // Each forecast task reads the head file as it starts: read it once here, so a missing or mismatched file
        // stops the run before anything starts rather than a stream thread later.
        if (ModelLoader.directHead(spec) == null && spec.modelConfig().combination().direct().enabled()) {
            System.out.println("warning: the spec has forecast.direct but no forecast.direct.file: forecasts ahead "
                    + "go without the direct head (fit one with `streamcast train ... --direct-out <file>`)");
        }
        Map<String, String> client = kafka.clientProps();
        EmbeddedKafkaBroker broker = null;
        String bootstrap = kafka.bootstrapServers;
        if (bootstrap == null) {
            broker = EmbeddedKafkaBroker.start(Path.of("streamcast-data", "broker"), embeddedPort);
            bootstrap = broker.bootstrapServers();
            System.out.println("embedded Kafka broker at " + bootstrap + " (data in streamcast-data/broker)");
        }
        boolean forecast = app.equals("forecast") || app.equals("both");
        boolean training = app.equals("training") || app.equals("both");
        if (!forecast && !training) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--app must be forecast, training or both, got '" + app + "'");
        }
        Path state = stateDir != null ? stateDir : Path.of("streamcast-data", "state");
        StopSignal stop = new StopSignal();
        try {
            try {
                PipelineTopics.create(bootstrap, client, spec);
            } catch (PipelineTopics.NotAuthorized e) {
                // A least-privilege principal sees only its own topics: carry on with what an administrator made;
                // if its rights fall short, the application stops at start and says which.
                System.out.println("not creating topics (the principal may not; an administrator makes them with "
                        + "`./streamcast acls --apply`)");
            }
            boolean mayAbort = mayAbortTransactions(bootstrap, client);
            if (mayAbort) {
                abortHanging(bootstrap, client, spec);
            }
            PrometheusMeterRegistry registry = MetricsServer.newRegistry();
            PipelineSpec.Processing http = spec.processing().withHttp(httpHost, advertisedHost);
            int port = metricsPort != null ? metricsPort : http.metricsPort();
            List<PipelineRunner> runners = new ArrayList<>();
            try (MetricsServer server = MetricsServer.start(registry, http.httpHost(), port);
                 TransactionJanitor janitor = mayAbort ? TransactionJanitor.start(bootstrap, client, spec,
                         System.out::println) : null) {
                HttpToken.apply(server, httpTokenFile, http.httpHost());
                HostInfo self = new HostInfo(http.advertisedHost(), server.port());
                if (forecast) {
                    if (http.advertisedHost().matches("0\\.0\\.0\\.0|\\[::0*]")) {
                        System.err.println("warning: other instances cannot reach " + http.advertisedHost()
                                + "; set --advertised-host (or processing.advertisedHost) when running several");
                    }
                    RecentHistory history = RecentHistory.of(spec);
                    runners.add(PipelineRunner.start(ForecastTopology.build(spec, WeightsSource.fixed(weights),
                                    new PipelineMetrics(registry, spec.name()), history),
                            StreamsSettings.serving(StreamsSettings.forecast(spec, bootstrap, state, client),
                                    self.host(), self.port()), registry, Duration.ofSeconds(120),
                            streams -> SeriesHandler.install(server, spec, streams, self, history)));
                    System.out.printf("forecast application '%s' running: %s -> %s, %s, %s%n", spec.applicationId(),
                            spec.topics().observations(), spec.topics().forecasts(), spec.topics().alerts(),
                            spec.topics().deadLetters());
                }
                if (training) {
                    runners.add(PipelineRunner.start(TrainingTopology.build(spec, WeightsSource.fixed(weights),
                                    new TrainingMetrics(registry, spec.name())),
                            StreamsSettings.training(spec, bootstrap, state, client), registry, Duration.ofSeconds(120),
                            streams -> server.health().register("training", streams)));
                    System.out.printf("training application '%s' running: %s -> %s (versions every %d windows or "
                                    + "%d s)%n", StreamsSettings.trainingApplicationId(spec), spec.topics().forecasts(),
                            spec.topics().models(), spec.training().publishEvery(),
                            spec.training().publishIntervalMs() / 1000);
                }
                String base = "http://" + http.httpHost() + ":" + server.port();
                System.out.printf("model %s, initial version %d; Ctrl-C stops%n", spec.modelConfig().shape(),
                        weights.version());
                System.out.printf("HTTP: %s/metrics, %s/health, %s/ready%s%n", base, base, base,
                        forecast ? ", " + base + "/series?prefix= and " + base + "/series/{key}; web console: " + base
                                + "/" : "");
                System.out.printf("feed it: ./streamcast produce --bootstrap-servers %s --topic %s --file "
                        + "sample-streams/sensors.csv%n", bootstrap, spec.topics().observations());
                stop.await();
                System.out.println("stopping...");
            } finally {
                runners.forEach(PipelineRunner::close);
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
            stop.closed();
        }
        return 0;
    }

    /** Whether this principal can free partitions from hanging transactions; says so once when it cannot. */
    private static boolean mayAbortTransactions(String bootstrap, Map<String, String> client) {
        try {
            if (HangingTransactions.permitted(bootstrap, client)) {
                return true;
            }
            System.out.println("note: this principal may not abort transactions a broker crash leaves hanging (that "
                    + "needs ALTER on the cluster); an administrator can: see operations.md, \"A secured cluster\"");
        } catch (Exception e) {
            System.err.println("warning: could not ask the cluster what this principal may do (" + e + ")");
        }
        return false;
    }

    /** Frees partitions a crash left inside a transaction nobody will end; never stops the start. */
    private static void abortHanging(String bootstrap, Map<String, String> client, PipelineSpec spec) {
        try {
            for (HangingTransactions.Open o : HangingTransactions.abortForPipeline(bootstrap, client, spec)) {
                System.out.printf("aborted a transaction a crash left open on %s (producer %d, epoch %d, from offset "
                        + "%d)%n", o.partition(), o.producerId(), o.producerEpoch(), o.startOffset());
            }
        } catch (Exception e) {
            System.err.println("warning: could not check " + spec.name() + "'s topics for transactions a crash left "
                    + "open (" + e + "); if the application stays REBALANCING, see operations.md");
        }
    }
}
