package org.provhooks.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small HTTP server that answers like Airflow 3's REST API from recorded responses in a folder
 * ({@code examples/airflow/replay}), so {@code airflow-bridge collect} runs without an Airflow. Loopback only.
 *
 * <!-- given: | import org.provhooks.airflow.AirflowBridgeCli -->
 * <pre>{@code
 * try (AirflowReplay replay = AirflowReplay.start(Path.of("examples/airflow/replay"))) {
 *     AirflowBridgeCli.main(new String[] {"collect", "--airflow-url", replay.url(), "--dag-id", "etl", "--run-id", "manual__1"});
 * }
 * }</pre>
 */
public final class AirflowReplay implements AutoCloseable {
    private final HttpServer server;
    private final Path dir;

    private AirflowReplay(HttpServer server, Path dir) {
        this.server = server;
        this.dir = dir;
    }

    public static AirflowReplay start(Path recorded) throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        AirflowReplay r = new AirflowReplay(s, recorded);
        s.setExecutor(Executors.newFixedThreadPool(2));
        s.createContext("/", r::answer);
        s.start();
        return r;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The recorded file for a request path, or null. */
    static String fileFor(String method, String path) {
        if (method.equals("POST") && path.equals("/auth/token")) {
            return "token";
        }
        if (path.equals("/api/v2/version")) {
            return "version.json";
        }
        if (path.equals("/api/v2/dags/etl/tasks")) {
            return "tasks.json";
        }
        if (path.equals("/api/v2/dags/etl")) {
            return "dag.json";
        }
        if (path.equals("/api/v2/dagSources/etl")) {
            return "source";
        }
        if (path.equals("/api/v2/assets/events")) {
            return "assetEvents.json";
        }
        if (!path.startsWith("/api/v2/dags/etl/dagRuns/")) {
            return null;
        }
        String rest = path.substring("/api/v2/dags/etl/dagRuns/".length());
        int slash = rest.indexOf('/');
        String tail = slash < 0 ? "" : rest.substring(slash);
        return switch (tail) {
            case "" -> "dagRun.json";
            case "/taskInstances" -> "taskInstances.json";
            case "/taskInstances/load/tries" -> "tries-load.json";
            case "/taskInstances/extract/xcomEntries" -> "xcom-extract.json";
            case "/upstreamAssetEvents" -> "upstreamAssetEvents.json";
            default -> tail.endsWith("/xcomEntries") ? "xcom-empty.json" : null;
        };
    }

    private void answer(HttpExchange ex) throws IOException {
        String file = fileFor(ex.getRequestMethod(), ex.getRequestURI().getPath());
        byte[] body;
        int status = 200;
        if (file == null) {
            status = 404;
            body = "{\"detail\": \"Not Found\"}".getBytes();
        } else if (file.equals("token")) {
            status = 201;
            body = "{\"access_token\": \"replay-token\"}".getBytes();
        } else if (file.equals("source")) {
            // The DAG's code as /dagSources returns it: the example DAG file itself, so the two cannot drift.
            Path dag = dir.resolveSibling("dags").resolve("etl_with_provenance.py");
            body = new com.fasterxml.jackson.databind.ObjectMapper()
                    .writeValueAsBytes(
                            java.util.Map.of("dag_id", "etl", "version_number", 1, "content", Files.readString(dag)));
        } else {
            body = Files.readAllBytes(dir.resolve(file));
        }
        ex.getRequestBody().readAllBytes();
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }
}
