package org.provhooks.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal stand-in for the yProv v0 service on loopback, for benchmarks: login, DELETE, and PUT with the
 * server's merge semantics (a PUT to an existing id adds to it). Its state survives stop/start, like a real
 * server's database.
 */
final class FakeYProvServer {
    /** How many uploads each stored document received since it was last deleted (more than 1 = content merged twice). */
    final Map<String, AtomicInteger> stored = new ConcurrentHashMap<>();

    final AtomicInteger accepted = new AtomicInteger();
    private final int port;
    private HttpServer server;

    FakeYProvServer(int port) {
        // Without TCP_NODELAY the JDK server's separate header/body writes meet delayed ACKs: ~40 ms per request.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        this.port = port;
    }

    synchronized void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/api/v0/auth/login", ex -> reply(ex, 200, "{\"result\": \"bench-token\"}"));
        server.createContext("/api/v0/documents/", this::document);
        server.start();
    }

    synchronized void stop() {
        if (server != null) {
            server.stop(0);
            ((ExecutorService) server.getExecutor()).shutdownNow();
            server = null;
        }
    }

    private void document(HttpExchange ex) throws IOException {
        String id = ex.getRequestURI().getPath().substring("/api/v0/documents/".length());
        if (!"Bearer bench-token".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            reply(ex, 401, "{\"error\": \"Token is missing!\"}");
            return;
        }
        switch (ex.getRequestMethod()) {
            case "DELETE" -> reply(ex, stored.remove(id) != null ? 200 : 404, "{}");
            case "PUT" -> {
                if (!"application/json".equals(ex.getRequestHeaders().getFirst("Content-Type"))) {
                    reply(ex, 400, "{\"error\": \"Content-Type not supported!\"}");
                    return;
                }
                ex.getRequestBody().readAllBytes();
                stored.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                accepted.incrementAndGet();
                reply(ex, 201, "{\"message\": \"Document uploaded\"}");
            }
            default -> reply(ex, 405, "{}");
        }
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }
}
