package io.streamcast.cli;

import io.streamcast.observe.MetricsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The HTTP port's bearer token: from a file or STREAMCAST_HTTP_TOKEN; a warning when an open port is exposed. */
final class HttpToken {
    static final String ENV = "STREAMCAST_HTTP_TOKEN";

    private HttpToken() {
    }

    static void apply(MetricsServer server, Path file, String host) throws IOException {
        String token = file != null ? read(file) : System.getenv(ENV);
        if (token != null && !token.isBlank()) {
            server.requireToken(token);
            System.out.println("HTTP requests need 'Authorization: Bearer <token>' (all but /health and /ready)");
        } else if (!loopback(host)) {
            System.err.println("warning: the HTTP port is bound to " + host + " with no token: anyone who reaches it "
                    + "can read every series and metric; set " + ENV + " or --http-token-file");
        }
    }

    private static String read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--http-token-file " + file + ": no such file");
        }
        String t = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("--http-token-file " + file + " is empty; put the token in it");
        }
        return t;
    }

    static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }
}
