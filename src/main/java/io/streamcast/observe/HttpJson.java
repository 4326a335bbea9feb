package io.streamcast.observe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;

/** JSON responses of the HTTP API: bodies, and errors as {@code {"status": 404, "error": ..., "detail": ...}}. */
final class HttpJson {
    static final ObjectMapper JSON = new ObjectMapper();

    private HttpJson() {
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** JSON has no NaN or infinity: a number that does not exist yet is null. */
    static void number(ObjectNode node, String field, double v) {
        if (Double.isFinite(v)) {
            node.put(field, v);
        } else {
            node.putNull(field);
        }
    }

    static void send(HttpExchange ex, int status, Object body) throws IOException {
        send(ex, status, JSON.writeValueAsBytes(body));
    }

    static void send(HttpExchange ex, int status, byte[] json) throws IOException {
        send(ex, status, "application/json", json);
    }

    /** Sends a response; to a HEAD request, its status and headers without the body, as HTTP wants. */
    static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length);
        // Not try-with-resources: closing the body after a failed write marks it done without closing the
        // connection (JDK 17's server), which leaked one file descriptor per client that went away mid-response.
        // Left open, the exchange's close sees the short body and closes the connection.
        OutputStream out = ex.getResponseBody();
        out.write(body);
        out.close();
    }

    static void error(HttpExchange ex, int status, String error, String detail) throws IOException {
        ObjectNode n = object();
        n.put("status", status);
        n.put("error", error);
        n.put("detail", detail);
        send(ex, status, n);
    }
}
