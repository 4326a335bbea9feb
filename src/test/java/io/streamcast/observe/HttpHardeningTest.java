package io.streamcast.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.OutputStream;
import java.net.BindException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What hostile or careless clients do to the HTTP port: HEAD, other methods, a taken port, stalled requests. */
class HttpHardeningTest {
    /** One client: each new one holds descriptors of its own (a selector) until it is collected. */
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> call(MetricsServer s, String method, String path, Duration timeout)
            throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(timeout).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void headAnswersLikeGetWithoutABodyAndOtherMethodsAreRefused() throws Exception {
        try (MetricsServer s = MetricsServer.start(MetricsServer.newRegistry(), "127.0.0.1", 0)) {
            for (String path : List.of("/health", "/ready", "/metrics")) {
                HttpResponse<String> get = call(s, "GET", path, Duration.ofSeconds(10));
                HttpResponse<String> head = call(s, "HEAD", path, Duration.ofSeconds(10));
                assertEquals(get.statusCode(), head.statusCode(), path);
                assertEquals("", head.body(), path);
                assertEquals(get.headers().firstValue("Content-Type"), head.headers().firstValue("Content-Type"));
            }
            HttpResponse<String> post = call(s, "POST", "/health", Duration.ofSeconds(10));
            assertEquals(405, post.statusCode());
            assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(""));
        }
    }

    @Test
    void aTakenPortIsNamedWithWhatToDo() throws Exception {
        try (MetricsServer first = MetricsServer.start(MetricsServer.newRegistry(), "127.0.0.1", 0)) {
            BindException e = assertThrows(BindException.class,
                    () -> MetricsServer.start(MetricsServer.newRegistry(), "127.0.0.1", first.port()));
            assertTrue(e.getMessage().contains("127.0.0.1:" + first.port()) && e.getMessage().contains("--http-port"),
                    e.getMessage());
        }
    }

    /**
     * More stalled clients than workers (each sends half a request and waits) used to hold every worker for good:
     * the server now drops a request whose headers have not arrived in time, so probes get through.
     */
    @Test
    void clientsThatStallMidRequestDoNotFreezeTheProbes() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try (MetricsServer s = MetricsServer.start(MetricsServer.newRegistry(), "127.0.0.1", 0)) {
            for (int i = 0; i < 6; i++) {
                Socket c = new Socket("127.0.0.1", s.port());
                OutputStream out = c.getOutputStream();
                out.write("GET /health HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                stalled.add(c);
            }
            // Liveness, not speed: without the bound this request never gets a worker.
            HttpResponse<String> r = call(s, "GET", "/health", Duration.ofSeconds(60));
            assertEquals(200, r.statusCode(), r.body());
        } finally {
            for (Socket c : stalled) {
                c.close();
            }
        }
    }

    /**
     * Clients that send a request and go away before reading the answer (closing, or resetting, their end):
     * each used to keep one file descriptor open in the server for good, until the process ran out of them.
     */
    @Test
    void clientsThatGoAwayMidResponseLeaveNoFileDescriptorBehind() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "skipped: no /proc/self/fd to count descriptors");
        try (MetricsServer s = MetricsServer.start(MetricsServer.newRegistry(), "127.0.0.1", 0)) {
            call(s, "GET", "/metrics", Duration.ofSeconds(10)); // classes loaded, pools started
            long before = openFileDescriptors();
            for (int i = 0; i < 200; i++) {
                try (Socket c = new Socket("127.0.0.1", s.port())) {
                    c.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    if (i % 2 == 0) {
                        c.setSoLinger(true, 0); // a reset rather than a close
                    }
                }
            }
            // Every exchange has finished once a last, well-behaved request has been answered by each worker.
            for (int i = 0; i < 8; i++) {
                assertEquals(200, call(s, "GET", "/health", Duration.ofSeconds(30)).statusCode());
            }
            long after = waitForFewer(before + 20, Duration.ofSeconds(20));
            assertTrue(after < before + 20, "open sockets " + before + " -> " + after + " after 200 clients left early");
        }
    }

    private static long waitForFewer(long bound, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        long n = openFileDescriptors();
        while (n >= bound && System.nanoTime() < deadline) {
            Thread.sleep(100);
            n = openFileDescriptors();
        }
        return n;
    }

    /** Open sockets of this process (what a leaked connection holds); other files come and go with other tests. */
    private static long openFileDescriptors() throws Exception {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith("socket:");
                } catch (java.io.IOException gone) {
                    return false; // closed while we looked
                }
            }).count();
        }
    }
}
