package org.provhooks.airflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.provhooks.core.redact.Redactor;

/**
 * The bridge's HTTP endpoint: {@code POST /callbacks} (bodies from {@code provhooks_airflow.py}),
 * {@code POST /api/v1/lineage} (OpenLineage RunEvents from Airflow's OpenLineage provider HTTP transport) and
 * {@code GET /health}. Valid events answer 202; malformed bodies 400 with {@code {"error": "..."}}; a missing or
 * wrong bearer token (when one is configured) 401.
 *
 * <!-- given: String token, EventAggregator aggregator -->
 * <pre>{@code
 * BridgeServer server = BridgeServer.start(new InetSocketAddress("127.0.0.1", 8765), token, aggregator);
 * }</pre>
 */
final class BridgeServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 10 * 1024 * 1024;

    private final HttpServer server;
    private final String token;
    private final EventAggregator events;

    private BridgeServer(HttpServer server, String token, EventAggregator events) {
        this.server = server;
        this.token = token;
        this.events = events;
    }

    static BridgeServer start(InetSocketAddress address, String token, EventAggregator events) throws IOException {
        // Without TCP_NODELAY the JDK server's separate header/body writes meet delayed ACKs (~40 ms per request).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer http = HttpServer.create(address, 64);
        BridgeServer s = new BridgeServer(http, token, events);
        http.setExecutor(Executors.newFixedThreadPool(4));
        http.createContext("/callbacks", ex -> s.handle(ex, true));
        http.createContext("/api/v1/lineage", ex -> s.handle(ex, false));
        http.createContext("/health", ex -> reply(ex, 200, "{\"status\": \"ok\"}"));
        http.start();
        return s;
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex, boolean callback) throws IOException {
        try {
            if (!ex.getRequestMethod().equals("POST")) {
                reply(ex, 405, error("use POST"));
                return;
            }
            if (token != null
                    && !("Bearer " + token).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                reply(ex, 401, error("missing or wrong bearer token (PROVHOOKS_BRIDGE_TOKEN)"));
                return;
            }
            byte[] body = ex.getRequestBody().readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                reply(ex, 413, error("body larger than 10 MiB"));
                return;
            }
            String text = new String(body, StandardCharsets.UTF_8);
            String problem = callback ? EventBodies.callback(text, events) : EventBodies.lineage(text, events);
            if (problem != null) {
                reply(ex, 400, error(problem));
            } else {
                reply(ex, 202, "{\"accepted\": true}");
            }
        } catch (RuntimeException e) {
            reply(ex, 500, error(Redactor.redactValue("the bridge failed on this event: " + e)));
        }
    }

    private static String error(String message) {
        try {
            return JSON.writeValueAsString(Map.of("error", message));
        } catch (JsonProcessingException e) {
            return "{\"error\": \"bad request\"}";
        }
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(1);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }
}
