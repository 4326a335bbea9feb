package io.streamcast.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamcast.cli.Main;
import io.streamcast.observe.MetricsServer;
import io.streamcast.observe.SeriesHandler;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.spec.SpecLoader;
import io.streamcast.streams.forecast.ForecastTopology;
import io.streamcast.engine.ModelLoader;
import io.streamcast.streams.forecast.PipelineMetrics;
import io.streamcast.streams.StreamsSettings;
import io.streamcast.streams.training.TrainingMetrics;
import io.streamcast.streams.training.TrainingTopology;
import io.streamcast.engine.WeightsSource;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * What can be checked of deploy/ without a Docker engine or a cluster: every YAML and JSON file parses; the
 * dashboard's PromQL names only metrics (and labels) the application really exports; the Dockerfile, compose
 * and Kubernetes files run the real command line (parsed by the application's own picocli model, HTTP
 * addresses included), on the port of the spec they mount, with the probe paths of the HTTP interface, and
 * agree with each other; the entrypoint and the health-check script work.
 */
class DeployFilesTest {
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path DEPLOY = ROOT.resolve("deploy");
    static final Path SENSORS = ROOT.resolve("topologies/sensors.yaml");
    static final Path EXPORTED = ROOT.resolve("src/test/resources/deploy/exported-metrics.txt");
    static final ObjectMapper YAML = new YAMLMapper();
    static final ObjectMapper JSON = new ObjectMapper();
    /** Labels Prometheus adds at scrape time (job, instance) and the static ones deploy/prometheus.yml sets. */
    static final Set<String> SCRAPE_LABELS = Set.of("job", "instance", "app");
    static final String PROMETHEUS_UID = "prometheus";
    static final String IQ_UID = "streamcast-iq";

    /** Sample name to label names, scraped from a registry built as the run command builds it. */
    static Map<String, Set<String>> live;
    /** Sample name to label names, scraped from a real `run --app both` (deploy/scrape-metrics.sh). */
    static Map<String, Set<String>> scraped;
    static PipelineSpec sensors;
    static JsonNode compose;
    static List<JsonNode> k8s;
    static JsonNode dashboard;

    @BeforeAll
    static void load() throws Exception {
        sensors = SpecLoader.load(SENSORS);
        live = parseExposition(liveScrape());
        scraped = readExported(EXPORTED);
        compose = YAML.readTree(DEPLOY.resolve("compose.yaml").toFile());
        k8s = new ArrayList<>();
        try (Stream<Path> files = Files.list(DEPLOY.resolve("k8s"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                if (!f.getFileName().toString().equals("kustomization.yaml")) {
                    k8s.addAll(yamlDocuments(f));
                }
            }
        }
        dashboard = JSON.readTree(DEPLOY.resolve("grafana/streamcast.json").toFile());
    }

    /**
     * /metrics of a registry built as `run --app both` builds it: both meter sets bound, the HTTP server on it
     * with the forecast application installed (SeriesHandler.install: /series, its health and its
     * streamcast_application_running gauge) and the training one registered for health, a few requests
     * answered (each endpoint's streamcast_http_requests_seconds series appears on its first request), and
     * 150 events through the forecast topology of topologies/sensors.yaml under TopologyTestDriver. The two
     * KafkaStreams instances are created, never started (no broker).
     */
    static String liveScrape() throws Exception {
        PrometheusMeterRegistry registry = MetricsServer.newRegistry();
        PipelineMetrics metrics = new PipelineMetrics(registry, sensors.name());
        TrainingMetrics trainingMetrics = new TrainingMetrics(registry, sensors.name());
        WeightsSource weights = WeightsSource.fixed(ModelLoader.initial(sensors, SENSORS.getParent()));
        String body;
        try (MetricsServer server = MetricsServer.start(registry, "127.0.0.1", 0);
             KafkaStreams forecast = new KafkaStreams(
                     ForecastTopology.build(sensors, weights, PipelineMetrics.detached(sensors.name())),
                     StreamsSettings.serving(StreamsSettings.forecast(sensors, "127.0.0.1:1",
                             Files.createTempDirectory("deploy-forecast"), Map.of()), "127.0.0.1", server.port()));
             KafkaStreams training = new KafkaStreams(TrainingTopology.build(sensors, weights, trainingMetrics),
                     StreamsSettings.training(sensors, "127.0.0.1:1", Files.createTempDirectory("deploy-training"),
                             Map.of()))) {
            SeriesHandler.install(server, sensors, forecast, new HostInfo("127.0.0.1", server.port()));
            server.health().register("training", training);
            HttpClient http = HttpClient.newHttpClient();
            for (String path : List.of("/health", "/ready", "/series/boiler-temp")) {
                http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                        HttpResponse.BodyHandlers.discarding());
            }
            // The timer is recorded after the answer is sent: wait for the last request's.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (registry.find("streamcast.http.requests").tag("endpoint", "series").timer() == null
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Properties p = StreamsSettings.forecast(sensors, "unused:9092", Files.createTempDirectory("deploy-metrics"),
                    Map.of());
            p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
            pipeEvents(p, metrics, weights);
            body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
        }
        assertTrue(body.contains("streamcast_events_total{pipeline=\"sensors\"} 150.0"), body);
        assertTrue(body.contains("streamcast_application_running{application=\"training\"} 0.0"), body);
        assertTrue(body.contains("streamcast_http_requests_seconds_count{endpoint=\"series\",served=\"local\","
                + "status=\"503\"} 1"), body);
        return body;
    }

    private static void pipeEvents(Properties p, PipelineMetrics metrics, WeightsSource weights) {
        try (TopologyTestDriver driver = new TopologyTestDriver(ForecastTopology.build(sensors, weights, metrics), p)) {
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic(sensors.topics().observations(),
                    new ByteArraySerializer(), new ByteArraySerializer());
            byte[] key = "boiler-temp".getBytes(StandardCharsets.UTF_8);
            for (int t = 0; t < 150; t++) {
                in.pipeInput(key, ("{\"ts\":" + (1_000_000L + t * 300_000L) + ",\"value\":" + (60 + Math.sin(t / 9.0))
                        + "}").getBytes(StandardCharsets.UTF_8));
            }
            in.pipeInput(key, "not json".getBytes(StandardCharsets.UTF_8));
        }
    }

    // ---------------------------------------------------------------- every file parses

    @Test
    void everyYamlAndJsonFileInDeployParses() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(DEPLOY)) {
            files = s.filter(Files::isRegularFile).filter(f -> f.toString().matches(".*\\.(ya?ml|json)$")).sorted()
                    .toList();
        }
        Set<String> names = files.stream().map(f -> DEPLOY.relativize(f).toString()).collect(Collectors.toSet());
        for (String expected : List.of("compose.yaml", "prometheus.yml", "grafana/streamcast.json",
                "k8s/kustomization.yaml", "grafana/provisioning/datasources/streamcast.yaml",
                "grafana/provisioning/dashboards/streamcast.yaml")) {
            assertTrue(names.contains(expected), "deploy/" + expected + " is missing; found " + names);
        }
        for (Path f : files) {
            List<JsonNode> docs = f.toString().endsWith(".json") ? List.of(JSON.readTree(f.toFile())) : yamlDocuments(f);
            assertFalse(docs.isEmpty(), f + " is empty");
            for (JsonNode d : docs) {
                assertTrue(d.isObject(), f + ": a document is not a mapping: " + d);
            }
        }
    }

    // ---------------------------------------------------------------- the dashboard against the real metrics

    @Test
    void exportedMetricsFileIsCurrentForStreamcastsOwnMeters() {
        Map<String, Set<String>> ours = streamcastOnly(live);
        Map<String, Set<String>> inFile = streamcastOnly(scraped);
        assertTrue(ours.size() >= 20, "too few streamcast meters scraped: " + ours.keySet());
        assertEquals(ours, inFile, "src/test/resources/deploy/exported-metrics.txt is stale against the meters "
                + "PipelineMetrics, TrainingMetrics, MetricsServer and StreamsHealth register: rerun "
                + "deploy/scrape-metrics.sh");
        assertTrue(scraped.keySet().stream().anyMatch(n -> n.startsWith("kafka_stream_")),
                "the scraped file lacks Kafka Streams' own metrics");
    }

    @Test
    void everyDashboardQueryUsesExportedMetricsAndLabels() {
        List<String> exprs = prometheusExpressions(dashboard);
        assertTrue(exprs.size() >= 15, "too few PromQL queries: " + exprs);
        List<String> problems = new ArrayList<>();
        for (String e : exprs) {
            problems.addAll(checkExpression(e));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void theCheckerCatchesWrongNamesAndLabels() {
        // Without Prometheus' suffixes, a wrong label, an unknown family: each must be reported.
        assertFalse(checkExpression("rate(streamcast_events{pipeline=\"$pipeline\"}[5m])").isEmpty());
        assertFalse(checkExpression("sum by (reason) (rate(streamcast_alerts_total[5m]))").isEmpty());
        assertFalse(checkExpression("streamcast_model_version{model=\"x\"}").isEmpty());
        assertFalse(checkExpression("kafka_streams_records_lag").isEmpty());
        assertEquals(List.of(), checkExpression(
                "sum by (reason) (increase(streamcast_dead_letters_total{pipeline=\"$pipeline\", job=~\"a|b\"}[$__rate_interval]))"));
        assertEquals(Set.of("streamcast_interval_covered_total", "streamcast_interval_scored_total"), metricNames(
                "sum(rate(streamcast_interval_covered_total{pipeline=\"x\"}[1m])) / sum(rate(streamcast_interval_scored_total[1m]))"));
        assertEquals(Set.of("a_total"), metricNames("max by (instance, quantile) (a_total offset 5m) > bool 0"));
        // And a dashboard with one name mistyped fails the real check.
        String broken = dashboard.toString().replace("streamcast_training_loss", "streamcast_training_loss_total");
        assertNotEquals(dashboard.toString(), broken);
        List<String> problems = new ArrayList<>();
        try {
            for (String e : prometheusExpressions(JSON.readTree(broken))) {
                problems.addAll(checkExpression(e));
            }
        } catch (IOException ex) {
            fail(ex);
        }
        assertTrue(problems.stream().anyMatch(p -> p.contains("streamcast_training_loss_total")), problems.toString());
    }

    @Test
    void dashboardShowsEveryStreamcastMeterAndTheRequiredPanels() {
        Set<String> used = new TreeSet<>();
        for (String e : prometheusExpressions(dashboard)) {
            used.addAll(metricNames(e));
        }
        // Every meter family the application registers is on the dashboard (a new meter needs a panel).
        Set<String> families = live.keySet().stream().filter(n -> n.startsWith("streamcast_"))
                .map(DeployFilesTest::family).collect(Collectors.toCollection(TreeSet::new));
        Set<String> usedFamilies = used.stream().map(DeployFilesTest::family).collect(Collectors.toSet());
        Set<String> missing = new TreeSet<>(families);
        missing.removeAll(usedFamilies);
        assertEquals(Set.of(), missing, "streamcast meters with no panel");
        // The panels the issue asks for, by what they query.
        Map<String, String> required = new LinkedHashMap<>();
        required.put("events/s", "rate(streamcast_events_total");
        required.put("latency", "streamcast_event_latency_seconds");
        required.put("coverage", "streamcast_interval_covered_total");
        required.put("alerts", "streamcast_alerts_total");
        required.put("dead letters by reason", "by (reason)");
        required.put("model version", "streamcast_model_version");
        required.put("training loss", "streamcast_training_loss");
        required.put("rejected updates", "streamcast_training_rejected_total");
        required.put("applications running", "max by (instance, application) (streamcast_application_running");
        required.put("HTTP requests by endpoint and status",
                "sum by (endpoint, status) (rate(streamcast_http_requests_seconds_count");
        required.put("HTTP mean latency by endpoint", "sum by (endpoint) (rate(streamcast_http_requests_seconds_sum");
        required.put("HTTP max latency by endpoint", "max by (endpoint) (streamcast_http_requests_seconds_max");
        String all = String.join("\n", prometheusExpressions(dashboard));
        required.forEach((what, needle) -> assertTrue(all.contains(needle), what + ": no query contains " + needle));
        assertTrue(all.contains("by (reason) (increase(streamcast_dead_letters_total"), all);

        // Panel ids are unique; Prometheus panels go through the datasource variable or the provisioned uid.
        Set<Integer> ids = new HashSet<>();
        for (JsonNode p : panels(dashboard)) {
            assertTrue(ids.add(p.path("id").asInt()), "duplicate panel id " + p.path("id"));
        }
        JsonNode vars = dashboard.path("templating").path("list");
        Map<String, JsonNode> byName = new HashMap<>();
        vars.forEach(v -> byName.put(v.path("name").asText(), v));
        assertEquals("prometheus", byName.get("datasource").path("query").asText());
        assertEquals(PROMETHEUS_UID, byName.get("datasource").path("current").path("value").asText());
        assertEquals("textbox", byName.get("key").path("type").asText(), "the chosen key is a templated variable");
        String pipelineQuery = byName.get("pipeline").path("definition").asText();
        assertEquals(List.of(), checkExpression(pipelineQuery.replaceAll("^label_values\\((\\w+),\\s*(\\w+)\\)$",
                "sum by ($2) ($1)")), pipelineQuery);
    }

    @Test
    void perKeyPanelReadsTheSeriesEndpointOfTheForecastService() throws IOException {
        JsonNode panel = null;
        for (JsonNode p : panels(dashboard)) {
            if (IQ_UID.equals(p.path("datasource").path("uid").asText())) {
                panel = p;
            }
        }
        assertNotNull(panel, "no panel on the interactive-query data source");
        String url = panel.path("targets").get(0).path("url").asText();
        URI u = URI.create(url.replace("${key}", "k"));
        assertEquals("/series/k", u.getPath(), url);
        assertTrue(url.endsWith("/series/${key}"), url);
        assertEquals(sensors.processing().metricsPort(), u.getPort());
        JsonNode forecast = compose.path("services").path(u.getHost());
        assertEquals("forecast", opt(runArgs(command(forecast)), "--app"),
                "the per-key panel must ask the forecast application: " + url);
        // The data source it names is provisioned, on the same host and port.
        Map<String, JsonNode> ds = provisionedDatasources();
        assertTrue(ds.containsKey(IQ_UID), ds.keySet().toString());
        assertEquals("yesoreyeram-infinity-datasource", ds.get(IQ_UID).path("type").asText());
        assertEquals(u.getScheme() + "://" + u.getHost() + ":" + u.getPort(), ds.get(IQ_UID).path("url").asText());
        assertTrue(compose.path("services").path("grafana").path("environment").path("GF_PLUGINS_PREINSTALL")
                .asText().contains("yesoreyeram-infinity-datasource"));
    }

    // ---------------------------------------------------------------- Dockerfile

    @Test
    void dockerfileIsMultiStageNonRootAndRunsTheRealCommand() throws IOException {
        List<String> lines = dockerfileInstructions();
        List<String> froms = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertEquals(2, froms.size(), froms.toString());
        assertTrue(froms.get(0).matches("FROM maven:3\\.9-eclipse-temurin-17 AS build"), froms.get(0));
        assertTrue(froms.get(1).matches("FROM eclipse-temurin:17-jre"), froms.get(1));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("RUN ") && l.contains("mvn -B -DskipTests package")),
                "the build stage builds the shaded jar");
        String jar = "target/" + pomValue("artifactId") + "-" + pomValue("version") + "-all.jar";
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("COPY --from=build ") && l.contains("/" + jar + " ")),
                "the runtime stage copies " + jar);

        // Non-root: a numeric USER, the uid the useradd line creates, and the k8s pods run as it.
        String user = lines.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElseThrow();
        String uid = user.substring(5).split(":")[0].trim();
        assertTrue(uid.matches("\\d+") && !uid.equals("0"), user);
        assertTrue(lines.stream().anyMatch(l -> l.contains("useradd") && l.contains("--uid " + uid)), "useradd --uid " + uid);
        for (JsonNode pod : podSpecs()) {
            assertEquals(uid, pod.path("securityContext").path("runAsUser").asText());
            assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean());
        }

        assertTrue(lines.contains("EXPOSE " + sensors.processing().metricsPort()), "EXPOSE the spec's metricsPort");
        String volume = lines.stream().filter(l -> l.startsWith("VOLUME ")).findFirst().orElseThrow();
        JsonNode volumes = JSON.readTree(volume.substring(7));
        assertEquals("/var/lib/streamcast", volumes.get(0).asText());

        // ENTRYPOINT is the entrypoint script; CMD parses with the real command line and points into the image.
        JsonNode entrypoint = JSON.readTree(instruction(lines, "ENTRYPOINT"));
        String script = entrypoint.get(0).asText();
        assertEquals("deploy/docker-entrypoint.sh", copySource(lines, script));
        assertTrue(Files.isExecutable(ROOT.resolve("deploy/docker-entrypoint.sh")));
        List<String> cmd = new ArrayList<>();
        JSON.readTree(instruction(lines, "CMD")).forEach(n -> cmd.add(n.asText()));
        ParseResult run = runArgs(cmd);
        String spec = opt(run, "--spec");
        assertEquals("topologies/sensors.yaml", copySource(lines, spec), "CMD's --spec is a file the image holds");
        assertTrue(opt(run, "--state-dir").startsWith(volumes.get(0).asText() + "/"));
        String health = instruction(lines, "HEALTHCHECK");
        assertTrue(health.contains("/health") && health.contains("" + sensors.processing().metricsPort()), health);
        String healthScript = health.replaceAll(".*CMD \\[\"([^\"]+)\".*", "$1");
        assertEquals("deploy/healthcheck.sh", copySource(lines, healthScript));
        assertEquals("0.0.0.0", opt(run, "--http-host"), "the container binds the HTTP port on every interface");

        // Whatever the build copies from the context exists and is not excluded by the Dockerfile's ignore file.
        List<String> ignore = Files.readAllLines(DEPLOY.resolve("Dockerfile.dockerignore")).stream()
                .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertEquals("*", ignore.get(0), "ignore everything, then allow what the image needs");
        Set<String> allowed = ignore.stream().skip(1).map(l -> l.substring(1)).collect(Collectors.toSet());
        for (String l : lines) {
            if (l.startsWith("COPY ") && !l.startsWith("COPY --from")) {
                String[] parts = l.replaceAll("--chmod=\\S+ ", "").split("\\s+");
                for (int i = 1; i < parts.length - 1; i++) {
                    String src = parts[i].replaceAll("/$", "");
                    assertTrue(Files.exists(ROOT.resolve(src)), l + ": " + src + " does not exist");
                    assertTrue(allowed.contains(src) || allowed.stream().anyMatch(a -> src.startsWith(a + "/")),
                            src + " is excluded from the build context by deploy/Dockerfile.dockerignore");
                }
            }
        }
    }

    // ---------------------------------------------------------------- compose

    @Test
    void composeRunsKafkaInKraftModeAtThePomsVersion() {
        JsonNode kafka = compose.path("services").path("kafka");
        assertEquals("apache/kafka:" + pomValue("kafka.version"), kafka.path("image").asText());
        JsonNode env = kafka.path("environment");
        assertEquals(Set.of("broker", "controller"), Set.of(env.path("KAFKA_PROCESS_ROLES").asText().split(",")));
        String node = env.path("KAFKA_NODE_ID").asText();
        String controller = env.path("KAFKA_CONTROLLER_LISTENER_NAMES").asText();
        assertTrue(env.path("KAFKA_CONTROLLER_QUORUM_VOTERS").asText().startsWith(node + "@kafka:"));
        assertTrue(env.path("KAFKA_LISTENERS").asText().contains(controller + "://"));
        for (String rf : List.of("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
                "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR")) {
            assertEquals(1, env.path(rf).asInt(), rf + " on a single node");
        }
        assertEquals("false", env.path("KAFKA_AUTO_CREATE_TOPICS_ENABLE").asText());
        // Every Streamcast container's --bootstrap-servers is an advertised listener of this broker.
        Set<String> advertised = Arrays.stream(env.path("KAFKA_ADVERTISED_LISTENERS").asText().split(","))
                .map(l -> l.replaceAll("^[A-Z_]+://", "")).collect(Collectors.toSet());
        for (Map.Entry<String, JsonNode> s : streamcastServices().entrySet()) {
            String bootstrap = opt(runOrProduceArgs(command(s.getValue())), "--bootstrap-servers");
            assertTrue(advertised.contains(bootstrap), s.getKey() + ": " + bootstrap + " not in " + advertised);
            assertTrue(s.getValue().path("depends_on").has("kafka") || s.getValue().path("depends_on").has("forecast"),
                    s.getKey() + " starts after Kafka");
        }
    }

    @Test
    void composeRunsBothApplicationsFromTheDockerfileOnTheSpecsPort() throws IOException {
        Map<String, JsonNode> services = streamcastServices();
        Set<String> apps = new HashSet<>();
        String image = null;
        for (Map.Entry<String, JsonNode> e : services.entrySet()) {
            JsonNode s = e.getValue();
            Path dockerfile = DEPLOY.resolve(s.path("build").path("context").asText())
                    .resolve(s.path("build").path("dockerfile").asText()).normalize();
            assertEquals(DEPLOY.resolve("Dockerfile"), dockerfile, e.getKey() + " builds deploy/Dockerfile");
            image = image == null ? s.path("image").asText() : image;
            assertEquals(image, s.path("image").asText(), "one image for every Streamcast service");
            ParseResult r = runOrProduceArgs(command(s));
            if (!r.commandSpec().name().equals("run")) {
                continue;
            }
            String app = opt(r, "--app");
            apps.add(app);
            // The spec it runs: a file of the repository (bind mount) or of the image (Dockerfile COPY).
            String specPath = opt(r, "--spec");
            Path spec = composeHostPath(s, specPath);
            PipelineSpec loaded = SpecLoader.load(spec);
            int port = loaded.processing().metricsPort();
            assertEquals(sensors.processing().metricsPort(), port);
            // The port is published, health-checked on /ready, and the state directory is on a named volume.
            List<String> ports = new ArrayList<>();
            s.path("ports").forEach(p -> ports.add(p.asText()));
            assertTrue(ports.stream().anyMatch(p -> p.endsWith(":" + port)), e.getKey() + " ports " + ports);
            List<String> test = new ArrayList<>();
            s.path("healthcheck").path("test").forEach(t -> test.add(t.asText()));
            assertTrue(test.contains("/ready") && test.contains("" + port), e.getKey() + " healthcheck " + test);
            String stateDir = opt(r, "--state-dir");
            String volume = mountFor(s, stateDir);
            assertNotNull(volume, e.getKey() + ": " + stateDir + " is not on a volume");
            assertTrue(compose.path("volumes").has(volume.split(":")[0]), "named volume " + volume);
            // HTTP on every interface of the container; the forecast application advertises its service name,
            // how the others reach it on the compose network. The application accepts both.
            assertEquals("0.0.0.0", opt(r, "--http-host"), e.getKey());
            if (app.equals("forecast")) {
                assertEquals(e.getKey(), opt(r, "--advertised-host"), e.getKey());
            }
            assertServedAt(loaded, r, opt(r, "--advertised-host").isEmpty() ? "0.0.0.0" : e.getKey());
        }
        assertEquals(Set.of("forecast", "training"), apps);
        assertTrue(services.containsKey("forecast") && services.containsKey("training"), services.keySet().toString());
        assertTrue(compose.path("services").has("prometheus") && compose.path("services").has("grafana"));
    }

    @Test
    void prometheusScrapesBothApplicationsAndGrafanaIsProvisioned() throws IOException {
        JsonNode prom = YAML.readTree(DEPLOY.resolve("prometheus.yml").toFile());
        Map<String, String> targetsToPath = new HashMap<>();
        Set<String> staticLabels = new HashSet<>();
        for (JsonNode job : prom.path("scrape_configs")) {
            for (JsonNode sc : job.path("static_configs")) {
                sc.path("targets").forEach(t -> targetsToPath.put(t.asText(), job.path("metrics_path").asText("/metrics")));
                sc.path("labels").fieldNames().forEachRemaining(staticLabels::add);
            }
        }
        for (Map.Entry<String, JsonNode> e : streamcastServices().entrySet()) {
            ParseResult r = runOrProduceArgs(command(e.getValue()));
            if (r.commandSpec().name().equals("run")) {
                String target = e.getKey() + ":" + sensors.processing().metricsPort();
                assertEquals("/metrics", targetsToPath.get(target), "prometheus.yml scrapes " + target);
            }
        }
        assertTrue(SCRAPE_LABELS.containsAll(staticLabels), "labels the dashboard may use: " + staticLabels);
        JsonNode promService = compose.path("services").path("prometheus");
        assertTrue(volumeList(promService).contains("./prometheus.yml:/etc/prometheus/prometheus.yml:ro"));

        // Grafana: the Prometheus data source is the compose service, the dashboard is where the provider looks.
        Map<String, JsonNode> ds = provisionedDatasources();
        assertEquals("http://prometheus:9090", ds.get(PROMETHEUS_UID).path("url").asText());
        assertTrue(promService.path("ports").toString().contains("9090"));
        JsonNode providers = YAML.readTree(DEPLOY.resolve("grafana/provisioning/dashboards/streamcast.yaml").toFile());
        String path = providers.path("providers").get(0).path("options").path("path").asText();
        List<String> grafanaVolumes = volumeList(compose.path("services").path("grafana"));
        assertTrue(grafanaVolumes.contains("./grafana/streamcast.json:" + path + "/streamcast.json:ro"), grafanaVolumes.toString());
        assertTrue(grafanaVolumes.contains("./grafana/provisioning:/etc/grafana/provisioning:ro"), grafanaVolumes.toString());
    }

    @Test
    void alertingRulesUseExportedMetricsAndSayWhatToDo() throws IOException {
        JsonNode rules = YAML.readTree(DEPLOY.resolve("prometheus-rules.yml").toFile());
        List<String> problems = new ArrayList<>();
        int n = 0;
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                n++;
                String name = rule.path("alert").asText();
                problems.addAll(checkExpression(rule.path("expr").asText()));
                if (!Set.of("critical", "warning").contains(rule.path("labels").path("severity").asText())) {
                    problems.add(name + ": severity must be critical or warning");
                }
                if (rule.path("annotations").path("summary").asText().isBlank()
                        || rule.path("annotations").path("description").asText().isBlank()) {
                    problems.add(name + ": needs a summary and a description saying what to do");
                }
            }
        }
        assertTrue(n >= 6, "rules: " + n);
        assertEquals(List.of(), problems);
        JsonNode prom = YAML.readTree(DEPLOY.resolve("prometheus.yml").toFile());
        assertEquals("/etc/prometheus/prometheus-rules.yml", prom.path("rule_files").get(0).asText());
        assertTrue(volumeList(compose.path("services").path("prometheus"))
                .contains("./prometheus-rules.yml:/etc/prometheus/prometheus-rules.yml:ro"));
    }

    // ---------------------------------------------------------------- Kubernetes

    @Test
    void kustomizationListsEveryManifest() throws IOException {
        JsonNode kz = YAML.readTree(DEPLOY.resolve("k8s/kustomization.yaml").toFile());
        Set<String> listed = new TreeSet<>();
        kz.path("resources").forEach(r -> listed.add(r.asText()));
        Set<String> present;
        try (Stream<Path> s = Files.list(DEPLOY.resolve("k8s"))) {
            present = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .filter(n -> !n.equals("kustomization.yaml")).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(present, listed);
        String image = compose.path("services").path("forecast").path("image").asText();
        assertEquals(image.split(":")[0], kz.path("images").get(0).path("name").asText());
        for (JsonNode c : containers()) {
            assertEquals(image, c.path("image").asText(), "k8s runs the image compose builds");
        }
    }

    @Test
    void forecastStatefulSetHasStateVolumeHeadlessServiceProbesAndAdvertisedHost() {
        JsonNode sts = one("StatefulSet", "streamcast-forecast");
        JsonNode pod = sts.path("spec").path("template");
        JsonNode c = pod.path("spec").path("containers").get(0);
        ParseResult run = runArgs(strings(c.path("args")));
        assertEquals("forecast", opt(run, "--app"));
        int port = checkContainer(c, pod, run);

        // State directory on the volumeClaimTemplate.
        String stateMount = mountOf(c, opt(run, "--state-dir"));
        Set<String> claims = new HashSet<>();
        sts.path("spec").path("volumeClaimTemplates").forEach(v -> claims.add(v.path("metadata").path("name").asText()));
        assertTrue(claims.contains(stateMount), "the state directory is on a volumeClaimTemplate: " + claims);

        // The headless Service the StatefulSet names selects these pods on the HTTP port.
        String serviceName = sts.path("spec").path("serviceName").asText();
        JsonNode svc = one("Service", serviceName);
        assertEquals("None", svc.path("spec").path("clusterIP").asText(), "headless");
        assertSelects(svc.path("spec").path("selector"), pod.path("metadata").path("labels"));
        assertSelects(sts.path("spec").path("selector").path("matchLabels"), pod.path("metadata").path("labels"));
        assertTrue(svc.path("spec").path("ports").toString().contains("\"port\":" + port), svc.toString());

        // It publishes not-ready pods: every instance is briefly not ready in each rebalance, and a query
        // proxied to the key's owner must still resolve its name then.
        assertTrue(svc.path("spec").path("publishNotReadyAddresses").asBoolean(), "publishNotReadyAddresses: true");

        // --advertised-host is this pod's stable name under that Service, from the downward API; expanded as
        // Kubernetes would, the application accepts it as application.server.
        Map<String, JsonNode> env = env(c);
        assertEquals("metadata.name", env.get("POD_NAME").path("valueFrom").path("fieldRef").path("fieldPath").asText());
        assertEquals("metadata.namespace",
                env.get("POD_NAMESPACE").path("valueFrom").path("fieldRef").path("fieldPath").asText());
        assertEquals("$(POD_NAME)." + serviceName + ".$(POD_NAMESPACE).svc", opt(run, "--advertised-host"));
        ParseResult expanded = runArgs(strings(c.path("args")).stream()
                .map(a -> a.replace("$(POD_NAME)", sts.path("metadata").path("name").asText() + "-0")
                        .replace("$(POD_NAMESPACE)", "streamcast")).toList());
        assertServedAt(sensors, expanded, "streamcast-forecast-0." + serviceName + ".streamcast.svc");
        assertTrue(sts.path("spec").path("replicas").asInt() <= sensors.topics().partitions(),
                "more forecast pods than input partitions would sit idle");
    }

    @Test
    void trainingDeploymentRunsTheTrainingApplication() {
        JsonNode dep = one("Deployment", "streamcast-training");
        JsonNode pod = dep.path("spec").path("template");
        JsonNode c = pod.path("spec").path("containers").get(0);
        ParseResult run = runArgs(strings(c.path("args")));
        assertEquals("training", opt(run, "--app"));
        checkContainer(c, pod, run);
        assertSelects(dep.path("spec").path("selector").path("matchLabels"), pod.path("metadata").path("labels"));
        String stateMount = mountOf(c, opt(run, "--state-dir"));
        assertTrue(pod.path("spec").path("volumes").toString().contains("\"name\":\"" + stateMount + "\""));
    }

    @Test
    void specConfigMapIsSensorsYamlWithStandbyReplicas() throws IOException {
        JsonNode cm = one("ConfigMap", "streamcast-spec");
        String text = cm.path("data").path("sensors.yaml").asText();
        PipelineSpec spec = SpecLoader.parse(text, "deploy/k8s/spec-configmap.yaml");
        assertEquals(1, spec.processing().standbyReplicas());
        ObjectNode inConfigMap = (ObjectNode) YAML.readTree(text);
        ObjectNode original = (ObjectNode) YAML.readTree(SENSORS.toFile());
        assertEquals(0, original.at("/processing/standbyReplicas").asInt());
        ((ObjectNode) inConfigMap.at(JsonPointer.compile("/processing"))).remove("standbyReplicas");
        ((ObjectNode) original.at(JsonPointer.compile("/processing"))).remove("standbyReplicas");
        assertEquals(original, inConfigMap, "the ConfigMap's spec differs from topologies/sensors.yaml beyond "
                + "processing.standbyReplicas: copy the file again");
    }

    /** Checks the run arguments, environment, probes, resources and mounts of one container; returns its HTTP port. */
    private static int checkContainer(JsonNode c, JsonNode pod, ParseResult run) {
        Map<String, JsonNode> env = env(c);
        // Every $(VAR) in the arguments is a variable the container defines (Kubernetes leaves others as they are).
        Matcher m = Pattern.compile("\\$\\((\\w+)\\)").matcher(String.join(" ", strings(c.path("args"))));
        while (m.find()) {
            assertTrue(env.containsKey(m.group(1)), "args use $(" + m.group(1) + ") but env does not define it");
        }
        assertEquals("$(KAFKA_BOOTSTRAP_SERVERS)", opt(run, "--bootstrap-servers"));
        assertEquals("0.0.0.0", opt(run, "--http-host"), "HTTP on every interface of the pod");
        JsonNode ref = env.get("KAFKA_BOOTSTRAP_SERVERS").path("valueFrom").path("configMapKeyRef");
        assertTrue(one("ConfigMap", ref.path("name").asText()).path("data").has(ref.path("key").asText()));

        // --spec and --kafka-config are files of the ConfigMap and Secret mounted there.
        JsonNode specCm = one("ConfigMap", volumeSource(pod, mountOf(c, opt(run, "--spec")))
                .path("configMap").path("name").asText());
        String specFile = Path.of(opt(run, "--spec")).getFileName().toString();
        assertTrue(specCm.path("data").has(specFile), specFile + " in " + specCm.path("metadata"));
        int port = SpecLoader.parse(specCm.path("data").path(specFile).asText(), specFile).processing().metricsPort();
        String kafkaConfig = opt(run, "--kafka-config");
        JsonNode secret = one("Secret", volumeSource(pod, mountOf(c, kafkaConfig)).path("secret").path("secretName").asText());
        assertTrue(secret.path("stringData").has(Path.of(kafkaConfig).getFileName().toString()));

        // The HTTP port and the probes: /ready for readiness, /health for liveness.
        Map<String, Integer> ports = new HashMap<>();
        c.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
        assertEquals(port, ports.get("http"));
        assertEquals(List.of("/ready", port), probe(c, "readinessProbe", ports));
        assertEquals(List.of("/health", port), probe(c, "livenessProbe", ports));
        assertEquals(List.of("/health", port), probe(c, "startupProbe", ports));
        assertEquals("" + port, pod.path("metadata").path("annotations").path("prometheus.io/port").asText());
        for (String kind : List.of("requests", "limits")) {
            for (String r : List.of("cpu", "memory")) {
                assertFalse(c.path("resources").path(kind).path(r).asText().isEmpty(), "resources." + kind + "." + r);
            }
        }
        assertTrue(c.path("securityContext").path("readOnlyRootFilesystem").asBoolean());
        assertEquals("/tmp", c.path("volumeMounts").findParents("mountPath").stream()
                .map(v -> v.path("mountPath").asText()).filter("/tmp"::equals).findFirst().orElse(null),
                "a writable /tmp (RocksDB's native library) under a read-only root");
        return port;
    }

    private static List<Object> probe(JsonNode c, String which, Map<String, Integer> ports) {
        JsonNode get = c.path(which).path("httpGet");
        JsonNode port = get.path("port");
        return List.of(get.path("path").asText(), port.isInt() ? port.asInt() : ports.get(port.asText()));
    }

    // ---------------------------------------------------------------- scripts

    @Test
    void entrypointExecsJavaWithTheArgumentsUntouched(@TempDir Path tmp) throws Exception {
        // java gets JAVA_OPTS split into words, the jar, then the arguments exactly as given.
        List<String> args = List.of("run", "--spec", SENSORS.toString(), "--app", "forecast", "--http-host", "0.0.0.0",
                "--advertised-host", "streamcast-forecast-1.streamcast-forecast.ns.svc", "a b", "$(X)", "--spec=*");
        List<String> out = entrypoint(tmp, Map.of("JAVA_OPTS", "-Xmx1g -Da=b"), args.toArray(String[]::new));
        List<String> expected = new ArrayList<>(List.of("-Xmx1g", "-Da=b", "-jar", "/opt/streamcast/streamcast.jar"));
        expected.addAll(args);
        assertEquals(expected, out);
        out = entrypoint(tmp, Map.of("STREAMCAST_JAR", "/x.jar"), "produce", "--help");
        assertEquals(List.of("-jar", "/x.jar", "produce", "--help"), out);

        // The HTTP addresses are command-line flags now: nothing in deploy/ sets the variables the entrypoint
        // once read to rewrite the spec (they would be ignored).
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(f);
                for (String old : List.of("STREAMCAST_HTTP_HOST", "STREAMCAST_ADVERTISED_HOST")) {
                    assertFalse(text.contains(old), DEPLOY.relativize(f) + " still uses " + old
                            + ": pass --http-host / --advertised-host to run instead");
                }
            }
        }
    }

    @Test
    void healthCheckScriptSucceedsOnlyOnA200() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/health", ex -> respond(ex, 200));
        server.createContext("/ready", ex -> respond(ex, 503));
        server.start();
        int port = server.getAddress().getPort();
        try {
            assertEquals(0, healthcheck("/health", port));
            assertEquals(1, healthcheck("/ready", port));
            assertEquals(1, healthcheck("/nothing-here", port));
        } finally {
            server.stop(0);
        }
        assertEquals(1, healthcheck("/health", port), "nothing listening");
    }

    private static void respond(com.sun.net.httpserver.HttpExchange ex, int status) throws IOException {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(body);
        }
    }

    private static int healthcheck(String path, int port) throws Exception {
        Process p = new ProcessBuilder("bash", DEPLOY.resolve("healthcheck.sh").toString(), path, "" + port)
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "healthcheck.sh did not finish");
        return p.exitValue();
    }

    /** Runs deploy/docker-entrypoint.sh with a java that prints its arguments one per line. */
    private static List<String> entrypoint(Path tmp, Map<String, String> env, String... args) throws Exception {
        Path fakeJava = tmp.resolve("fake-java");
        Files.writeString(fakeJava, "#!/bin/sh\nfor a do printf '%s\\n' \"$a\"; done\n");
        fakeJava.toFile().setExecutable(true);
        List<String> cmd = new ArrayList<>(List.of("sh", DEPLOY.resolve("docker-entrypoint.sh").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("STREAMCAST_") || k.equals("JAVA_OPTS"));
        pb.environment().putAll(env);
        pb.environment().put("STREAMCAST_JAVA", fakeJava.toString());
        Process p = pb.start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), stderr);
        return stdout.lines().toList();
    }

    // ---------------------------------------------------------------- PromQL

    private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
    private static final Pattern MATCHERS = Pattern.compile("\\{([^}]*)}");
    private static final Pattern LABEL_MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)");
    private static final Pattern IDENT = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    /** The metric names an expression selects (not functions, keywords, labels, strings or durations). */
    static Set<String> metricNames(String expr) {
        String s = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"");
        s = MATCHERS.matcher(s).replaceAll(" ");
        s = s.replaceAll("\\[[^\\]]*]", " ");
        s = GROUPING.matcher(s).replaceAll(" ");
        s = s.replaceAll("\\b\\d+(\\.\\d+)?([eE][-+]?\\d+)?[a-zA-Z]*\\b", " "); // numbers and durations
        Set<String> names = new TreeSet<>();
        Matcher m = IDENT.matcher(s);
        while (m.find()) {
            String word = m.group();
            String rest = s.substring(m.end()).stripLeading();
            if (rest.startsWith("(") || PROMQL_WORDS.contains(word.toLowerCase())) {
                continue;
            }
            names.add(word);
        }
        return names;
    }

    /** The label names an expression matches on or groups by. */
    static Set<String> labelNames(String expr) {
        String s = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"");
        Set<String> labels = new TreeSet<>();
        Matcher g = GROUPING.matcher(s);
        while (g.find()) {
            for (String l : g.group(2).split(",")) {
                if (!l.isBlank()) {
                    labels.add(l.trim());
                }
            }
        }
        Matcher m = MATCHERS.matcher(s);
        while (m.find()) {
            Matcher lm = LABEL_MATCHER.matcher(m.group(1));
            while (lm.find()) {
                labels.add(lm.group(1));
            }
        }
        return labels;
    }

    /** Problems with one expression: unknown metric names, and labels none of its metrics carries. */
    static List<String> checkExpression(String expr) {
        List<String> problems = new ArrayList<>();
        Set<String> names = metricNames(expr);
        if (names.isEmpty()) {
            problems.add("no metric in: " + expr);
        }
        Set<String> available = new HashSet<>(SCRAPE_LABELS);
        for (String n : names) {
            Set<String> labels = n.startsWith("streamcast_") ? live.get(n) : scraped.getOrDefault(n, live.get(n));
            if (labels == null) {
                problems.add("not exported: " + n + " (in " + expr + ")");
            } else {
                available.addAll(labels);
            }
        }
        for (String l : labelNames(expr)) {
            if (!available.contains(l)) {
                problems.add("no metric of '" + expr + "' has the label '" + l + "' (they have " + available + ")");
            }
        }
        return problems;
    }

    /** The family a sample belongs to: without Prometheus' _total/_count/_sum/_max/_bucket suffixes. */
    static String family(String sample) {
        return sample.replaceAll("_(total|count|sum|max|bucket)$", "");
    }

    static List<JsonNode> panels(JsonNode dash) {
        List<JsonNode> out = new ArrayList<>();
        Iterator<JsonNode> it = dash.path("panels").elements();
        while (it.hasNext()) {
            JsonNode p = it.next();
            out.add(p);
            p.path("panels").forEach(out::add);
        }
        return out;
    }

    /** Every PromQL expression of the dashboard: panel targets, the annotations, and query variables. */
    static List<String> prometheusExpressions(JsonNode dash) {
        List<String> out = new ArrayList<>();
        for (JsonNode p : panels(dash)) {
            boolean prometheus = !p.path("targets").isEmpty() && !IQ_UID.equals(p.path("datasource").path("uid").asText());
            for (JsonNode t : p.path("targets")) {
                if (prometheus) {
                    String uid = t.path("datasource").path("uid").asText();
                    assertTrue(uid.equals("${datasource}") || uid.equals(PROMETHEUS_UID), p.path("title") + ": " + uid);
                    assertFalse(t.path("expr").asText().isBlank(), p.path("title") + " has a target without a query");
                    out.add(t.path("expr").asText());
                }
            }
        }
        dash.path("annotations").path("list").forEach(a -> {
            if (a.has("expr")) {
                out.add(a.path("expr").asText());
            }
        });
        return out;
    }

    // ---------------------------------------------------------------- helpers

    static Map<String, Set<String>> streamcastOnly(Map<String, Set<String>> m) {
        Map<String, Set<String>> out = new HashMap<>();
        m.forEach((k, v) -> {
            if (k.startsWith("streamcast_")) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** Sample name to label names from the Prometheus text format. */
    static Map<String, Set<String>> parseExposition(String text) {
        Map<String, Set<String>> out = new HashMap<>();
        Pattern label = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"(?:[^\"\\\\]|\\\\.)*\"");
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            String name = brace >= 0 && brace < space ? line.substring(0, brace) : line.substring(0, space);
            Set<String> labels = out.computeIfAbsent(name, k -> new TreeSet<>());
            if (brace >= 0 && brace < space) {
                Matcher m = label.matcher(line.substring(brace, line.lastIndexOf('}') + 1));
                while (m.find()) {
                    labels.add(m.group(1));
                }
            }
        }
        return out;
    }

    static Map<String, Set<String>> readExported(Path file) throws IOException {
        Map<String, Set<String>> out = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.trim().split("\\s+");
            Set<String> labels = new TreeSet<>();
            if (parts.length > 1) {
                labels.addAll(Arrays.asList(parts[1].split(",")));
            }
            out.put(parts[0], labels);
        }
        return out;
    }

    static List<JsonNode> yamlDocuments(Path f) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(new YAMLFactory().createParser(f.toFile()))) {
            while (it.hasNext()) {
                JsonNode d = it.next();
                if (d != null && !d.isNull() && !d.isMissingNode()) {
                    docs.add(d);
                }
            }
        }
        return docs;
    }

    /** Compose services that run the Streamcast image (built from the Dockerfile). */
    static Map<String, JsonNode> streamcastServices() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        compose.path("services").fields().forEachRemaining(e -> {
            if (e.getValue().has("build")) {
                out.put(e.getKey(), e.getValue());
            }
        });
        return out;
    }

    static List<String> command(JsonNode service) {
        assertTrue(service.path("command").isArray(), "command as a list: " + service);
        return strings(service.path("command"));
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Parses arguments with the application's own command line; fails on an unknown or missing option. */
    static ParseResult runOrProduceArgs(List<String> args) {
        try {
            ParseResult r = new CommandLine(new Main()).parseArgs(args.toArray(String[]::new));
            assertTrue(r.hasSubcommand(), "no command in " + args);
            return r.subcommand();
        } catch (CommandLine.ParameterException e) {
            throw new AssertionError("the application rejects " + args + ": " + e.getMessage(), e);
        }
    }

    static ParseResult runArgs(List<String> args) {
        ParseResult r = runOrProduceArgs(args);
        assertEquals("run", r.commandSpec().name(), args.toString());
        assertTrue(Set.of("forecast", "training").contains(opt(r, "--app")), "--app set explicitly: " + args);
        assertFalse(opt(r, "--bootstrap-servers").isEmpty(), "no embedded broker in a container: " + args);
        assertFalse(opt(r, "--state-dir").isEmpty(), "the state directory is set explicitly: " + args);
        return r;
    }

    /** The spec's HTTP settings with the parsed --http-host/--advertised-host, as `run` combines them. */
    static void assertServedAt(PipelineSpec spec, ParseResult run, String advertised) {
        PipelineSpec.Processing http = spec.processing().withHttp(opt(run, "--http-host"),
                opt(run, "--advertised-host").isEmpty() ? null : opt(run, "--advertised-host"));
        assertEquals("0.0.0.0", http.httpHost());
        assertEquals(advertised, http.advertisedHost());
    }

    /** An option's value as given, or "" when it was not given. */
    static String opt(ParseResult r, String name) {
        Object v = r.matchedOptionValue(name, null);
        return v == null ? "" : v.toString();
    }

    static List<String> volumeList(JsonNode service) {
        return strings(service.path("volumes"));
    }

    /** The host file behind a container path of a compose service: a bind mount, else the image's COPY. */
    static Path composeHostPath(JsonNode service, String containerPath) throws IOException {
        for (String v : volumeList(service)) {
            String[] parts = v.split(":");
            if (parts[0].startsWith(".") && containerPath.startsWith(parts[1] + "/")) {
                Path p = DEPLOY.resolve(parts[0]).resolve(containerPath.substring(parts[1].length() + 1)).normalize();
                assertTrue(Files.isRegularFile(p), containerPath + " -> " + p);
                String fromImage = copySource(dockerfileInstructions(), containerPath);
                assertEquals(ROOT.relativize(p).toString(), fromImage, "the image holds the same file");
                return p;
            }
        }
        return ROOT.resolve(copySource(dockerfileInstructions(), containerPath));
    }

    /** The named volume (volume:target) a container path of a compose service lies on, or null. */
    static String mountFor(JsonNode service, String containerPath) {
        for (String v : volumeList(service)) {
            String[] parts = v.split(":");
            if (!parts[0].startsWith(".") && (containerPath + "/").startsWith(parts[1] + "/")) {
                return v;
            }
        }
        return null;
    }

    /** Dockerfile instructions with continuation lines joined and comments dropped. */
    static List<String> dockerfileInstructions() throws IOException {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String raw : Files.readAllLines(DEPLOY.resolve("Dockerfile"))) {
            String line = raw.strip();
            if (line.startsWith("#") || (line.isEmpty() && cur.length() == 0)) {
                continue;
            }
            boolean more = line.endsWith("\\");
            cur.append(more ? line.substring(0, line.length() - 1).strip() + " " : line);
            if (!more) {
                out.add(cur.toString().strip());
                cur.setLength(0);
            }
        }
        return out;
    }

    static String instruction(List<String> lines, String keyword) {
        return lines.stream().filter(l -> l.startsWith(keyword + " ")).reduce((a, b) -> b).orElseThrow()
                .substring(keyword.length() + 1).strip();
    }

    /** The build-context path a file in the runtime image comes from (COPY src dest), or fails. */
    static String copySource(List<String> lines, String imagePath) {
        for (String l : lines) {
            if (!l.startsWith("COPY ") || l.startsWith("COPY --from")) {
                continue;
            }
            String[] parts = l.replaceAll("--chmod=\\S+ ", "").split("\\s+");
            String src = parts[1];
            String dest = parts[2];
            if (dest.endsWith("/") && imagePath.startsWith(dest)) {
                String file = src.replaceAll("/$", "") + "/" + imagePath.substring(dest.length());
                if (Files.exists(ROOT.resolve(file))) {
                    return file;
                }
            } else if (dest.equals(imagePath)) {
                return src;
            }
        }
        throw new AssertionError(imagePath + " is not copied into the image by deploy/Dockerfile");
    }

    static String pomValue(String tag) {
        try {
            String pom = Files.readString(ROOT.resolve("pom.xml"));
            if (tag.contains(".")) {
                Matcher m = Pattern.compile("<" + Pattern.quote(tag) + ">([^<]+)</").matcher(pom);
                assertTrue(m.find(), tag);
                return m.group(1).trim();
            }
            // The project's own coordinates: the first occurrence after <modelVersion>.
            String head = pom.substring(pom.indexOf("<modelVersion>"));
            Matcher m = Pattern.compile("<" + tag + ">([^<]+)</").matcher(head);
            assertTrue(m.find(), tag);
            return m.group(1).trim();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static Map<String, JsonNode> provisionedDatasources() throws IOException {
        Map<String, JsonNode> out = new HashMap<>();
        try (Stream<Path> s = Files.list(DEPLOY.resolve("grafana/provisioning/datasources"))) {
            for (Path f : s.toList()) {
                for (JsonNode d : yamlDocuments(f)) {
                    d.path("datasources").forEach(ds -> out.put(ds.path("uid").asText(), ds));
                }
            }
        }
        return out;
    }

    static JsonNode one(String kind, String name) {
        List<JsonNode> found = k8s.stream().filter(d -> d.path("kind").asText().equals(kind))
                .filter(d -> d.path("metadata").path("name").asText().equals(name)).toList();
        assertEquals(1, found.size(), "one " + kind + " named " + name + " in deploy/k8s");
        return found.get(0);
    }

    static List<JsonNode> podSpecs() {
        return k8s.stream().filter(d -> Set.of("StatefulSet", "Deployment").contains(d.path("kind").asText()))
                .map(d -> d.path("spec").path("template").path("spec")).toList();
    }

    static List<JsonNode> containers() {
        List<JsonNode> out = new ArrayList<>();
        podSpecs().forEach(p -> p.path("containers").forEach(out::add));
        assertEquals(2, out.size(), "a forecast and a training container");
        return out;
    }

    static Map<String, JsonNode> env(JsonNode container) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode e : container.path("env")) {
            // A $(VAR) in a value must name a variable defined before it.
            Matcher m = Pattern.compile("\\$\\((\\w+)\\)").matcher(e.path("value").asText());
            while (m.find()) {
                assertTrue(out.containsKey(m.group(1)), e.path("name") + " uses $(" + m.group(1) + ") before it is defined");
            }
            out.put(e.path("name").asText(), e);
        }
        return out;
    }

    /** The name of the volume mounted at the folder holding a container path. */
    static String mountOf(JsonNode container, String path) {
        String best = null;
        int bestLen = -1;
        for (JsonNode m : container.path("volumeMounts")) {
            String mp = m.path("mountPath").asText();
            if ((path + "/").startsWith(mp + "/") && mp.length() > bestLen) {
                best = m.path("name").asText();
                bestLen = mp.length();
            }
        }
        assertNotNull(best, path + " is on no volume of " + container.path("name"));
        return best;
    }

    static JsonNode volumeSource(JsonNode pod, String volumeName) {
        for (JsonNode v : pod.path("spec").path("volumes")) {
            if (v.path("name").asText().equals(volumeName)) {
                return v;
            }
        }
        throw new AssertionError("no volume " + volumeName);
    }

    static void assertSelects(JsonNode selector, JsonNode labels) {
        assertFalse(selector.isEmpty(), "empty selector");
        selector.fields().forEachRemaining(e -> assertEquals(e.getValue().asText(), labels.path(e.getKey()).asText(),
                "selector " + e.getKey()));
    }
}
