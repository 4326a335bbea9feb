package io.streamcast.observe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instance's one HTTP port, on the JDK's own HTTP server (bound to localhost unless configured):
 * {@code GET /metrics} for Prometheus, {@code /health} and {@code /ready} for probes, and whatever else is
 * routed to it ({@code /series} on the forecast application). Every request is timed as
 * {@code streamcast.http.requests} by endpoint, status and how it was served.
 */
public final class MetricsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);
    private final PrometheusMeterRegistry registry;
    private final HttpServer server;
    private final ExecutorService executor;
    private final StreamsHealth health;
    /** The bearer token every request but the probes must carry, or null for none. */
    private volatile String token;
    /** What / serves: nothing until an application installs the console. */
    private volatile Route home = (ex, tags) -> notFound(ex, "/");
    /** Paths served without the token: the probes, and static files that hold no data (the console's page). */
    private final java.util.Set<String> open = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private MetricsServer(PrometheusMeterRegistry registry, HttpServer server, ExecutorService executor) {
        this.registry = registry;
        this.server = server;
        this.executor = executor;
        this.health = new StreamsHealth(registry);
        open.add("/health");
        open.add("/ready");
    }

    static {
        // The JDK server waits for a request's headers and a response's reader without end, so four clients
        // that connect and stall hold all four workers and freeze every endpoint: bound both, and idle
        // keep-alive connections too. Settings given on the command line win.
        defaultProperty("sun.net.httpserver.maxReqTime", "10");
        defaultProperty("sun.net.httpserver.maxRspTime", "30");
        defaultProperty("sun.net.httpserver.idleInterval", "30");
    }

    private static void defaultProperty(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }

    public static PrometheusMeterRegistry newRegistry() {
        PrometheusMeterRegistry r = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(r);
        new JvmGcMetrics().bindTo(r);
        new ProcessorMetrics().bindTo(r);
        return r;
    }

    /** @param port 0 picks a free port */
    public static MetricsServer start(PrometheusMeterRegistry registry, String host, int port) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (BindException e) {
            throw new BindException("cannot serve HTTP on " + host + ":" + port + " (" + e.getMessage() + "): another "
                    + "process has the port, perhaps another streamcast; choose another with --http-port (or "
                    + "processing.metricsPort in the spec)");
        }
        // A few threads: a slow proxied query must not hold up a probe or a scrape.
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "streamcast-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        MetricsServer m = new MetricsServer(registry, server, executor);
        m.route("/metrics", "metrics", (ex, tags) -> {
            HttpJson.send(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
                    registry.scrape().getBytes(StandardCharsets.UTF_8));
        });
        StreamsHealth h = m.health;
        m.route("/health", "health", (ex, tags) -> h.send(ex, false));
        m.route("/ready", "ready", (ex, tags) -> h.send(ex, true));
        m.route("/", "home", (ex, tags) -> m.home.handle(ex, tags));
        server.start();
        return m;
    }

    /**
     * Requires {@code Authorization: Bearer <token>} on every endpoint but /health and /ready (probes carry no
     * secrets and those say only whether the applications run). For a port bound beyond localhost.
     */
    public void requireToken(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the HTTP token is empty");
        }
        this.token = token.strip();
    }

    /** Serves {@code path} without the token: for files that hold no data, never for an API. */
    public void withoutToken(String path) {
        open.add(path);
    }

    /** The token requests must carry, or null: forwarded requests carry it too. */
    public String token() {
        return token;
    }

    private boolean authorized(HttpExchange ex, String path) {
        String t = token;
        if (t == null || open.contains(path)) {
            return true;
        }
        String given = ex.getRequestHeaders().getFirst("Authorization");
        byte[] expected = ("Bearer " + t).getBytes(StandardCharsets.UTF_8);
        return given != null && java.security.MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8));
    }

    /** A GET handler; it may refine how its request is counted. */
    public interface Route {
        void handle(HttpExchange ex, Tags tags) throws IOException;
    }

    /**
     * The tags of one request's timer: endpoint, and how it was served (local, proxied, gathered). Not
     * exchange attributes: the JDK server keeps those per context, shared by concurrent requests.
     */
    public static final class Tags {
        private String endpoint;
        private String served = "local";

        Tags(String endpoint) {
            this.endpoint = endpoint;
        }

        public void endpoint(String name) {
            endpoint = name;
        }

        public void served(String how) {
            served = how;
        }
    }

    /** Serves / with the handler (every other unknown path stays 404). */
    public void home(Route handler) {
        home = handler;
    }

    /** Serves GET requests for exactly {@code path} with the handler. */
    public void route(String path, String endpoint, Route handler) {
        route(path, endpoint, false, handler);
    }

    /** Serves GET requests for {@code path} and every path under it ({@code path/...}): the handler sorts them. */
    public void routeTree(String path, String endpoint, Route handler) {
        route(path, endpoint, true, handler);
    }

    private void route(String path, String endpoint, boolean tree, Route handler) {
        // The JDK server picks the context whose path is the longest string prefix: "/ready" gets "/readyz" too.
        server.createContext(path, ex -> {
            long start = System.nanoTime();
            Tags tags = new Tags(endpoint);
            try {
                String p = ex.getRequestURI().getRawPath();
                if (!authorized(ex, p)) {
                    tags.endpoint("unauthorized");
                    ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"streamcast\"");
                    HttpJson.error(ex, 401, "unauthorized", "this port requires 'Authorization: Bearer <token>', the "
                            + "token set with STREAMCAST_HTTP_TOKEN or --http-token-file where the instance runs "
                            + "(/health and /ready need none)");
                } else if (!(p.equals(path) || tree && p.startsWith(path + "/"))) {
                    tags.endpoint("other");
                    notFound(ex, p);
                } else if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                    ex.getResponseHeaders().set("Allow", "GET, HEAD");
                    HttpJson.error(ex, 405, "method not allowed", ex.getRequestMethod() + " " + p + ": only GET and HEAD");
                } else {
                    handler.handle(ex, tags);
                }
            } catch (IOException | RuntimeException e) {
                if (e instanceof IOException && ex.getResponseCode() != -1) {
                    // The response was under way and the client went away (a broken pipe, a reset): theirs
                    // to retry, not a line in our log each time.
                    tags.served("aborted");
                    LOG.debug("{} {}: the client went away: {}", ex.getRequestMethod(), ex.getRequestURI(), e.toString());
                } else {
                    LOG.warn("{} {} failed: {}", ex.getRequestMethod(), ex.getRequestURI(), e.toString());
                    if (ex.getResponseCode() == -1) {
                        try {
                            HttpJson.error(ex, 500, "internal error", e.toString());
                        } catch (IOException | RuntimeException ignored) {
                            // the client went away
                        }
                    }
                }
            } finally {
                Timer.builder("streamcast.http.requests").description("HTTP requests served, by endpoint and status")
                        .tag("endpoint", tags.endpoint).tag("status", Integer.toString(ex.getResponseCode()))
                        .tag("served", tags.served).register(registry)
                        .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                ex.close();
            }
        });
    }

    private static void notFound(HttpExchange ex, String path) throws IOException {
        HttpJson.error(ex, 404, "not found", "no endpoint " + path + " here; endpoints: /metrics, /health, /ready, "
                + "and on the forecast application the web console at /, /series/{key} and /series?prefix=");
    }

    /** Liveness and readiness: register the Kafka Streams applications this process runs. */
    public StreamsHealth health() {
        return health;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public synchronized void close() {
        if (!executor.isShutdown()) {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
