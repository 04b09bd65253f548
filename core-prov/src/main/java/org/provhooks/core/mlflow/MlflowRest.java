package org.provhooks.core.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The few calls of MLflow's REST API (2.0) an import needs, with their pagination: experiment by name, runs of an
 * experiment ({@code runs/search}), one run, a metric's whole history ({@code metrics/get-history}) and a run's
 * artifacts ({@code artifacts/list}, walked into directories). Every failure is a one-line {@link MlflowException}.
 * The token, when given ({@code MLFLOW_TRACKING_TOKEN}), goes as a bearer header; user and password
 * ({@code MLFLOW_TRACKING_USERNAME/PASSWORD}) as basic authentication, as MLflow's own clients do.
 *
 * <pre>{@code
 * MlflowRest mlflow = new MlflowRest(URI.create("http://localhost:5000"), null, null, null);
 * JsonNode experiment = mlflow.experimentByName("churn");
 * }</pre>
 */
public final class MlflowRest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int PAGE = 1000;

    private final URI base;
    private final String authorization;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** A problem talking to MLflow, in one line. */
    public static final class MlflowException extends IOException {
        public MlflowException(String message) {
            super(message);
        }
    }

    public MlflowRest(URI trackingUri, String token, String user, String password) {
        String s = trackingUri.toString();
        this.base = URI.create(s.endsWith("/") ? s : s + "/");
        if (token != null && !token.isBlank()) {
            authorization = "Bearer " + token;
        } else if (user != null && password != null) {
            authorization = "Basic "
                    + java.util.Base64.getEncoder()
                            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        } else {
            authorization = null;
        }
    }

    /** The experiment named {@code name} ({@code experiment_id}, {@code artifact_location}, …). */
    public JsonNode experimentByName(String name) throws MlflowException {
        JsonNode r = get("api/2.0/mlflow/experiments/get-by-name?experiment_name=" + enc(name), "experiment " + name);
        return r.path("experiment");
    }

    /** Every run of an experiment, deleted ones included when {@code all}; pages followed. */
    public List<JsonNode> runs(String experimentId, boolean all) throws MlflowException {
        List<JsonNode> runs = new ArrayList<>();
        String token = null;
        do {
            ObjectNode body = JSON.createObjectNode();
            body.putArray("experiment_ids").add(experimentId);
            body.put("max_results", PAGE);
            body.put("run_view_type", all ? "ALL" : "ACTIVE_ONLY");
            if (token != null) {
                body.put("page_token", token);
            }
            JsonNode r = post("api/2.0/mlflow/runs/search", body, "runs of experiment " + experimentId);
            r.path("runs").forEach(runs::add);
            token = text(r, "next_page_token");
        } while (token != null);
        return runs;
    }

    /** One run ({@code info}, {@code data}). */
    public JsonNode run(String runId) throws MlflowException {
        return get("api/2.0/mlflow/runs/get?run_id=" + enc(runId), "run " + runId)
                .path("run");
    }

    /** All values of a metric, in the order MLflow gives them; pages followed. */
    public List<JsonNode> metricHistory(String runId, String key) throws MlflowException {
        List<JsonNode> points = new ArrayList<>();
        String token = null;
        do {
            JsonNode r = get(
                    "api/2.0/mlflow/metrics/get-history?run_id=" + enc(runId) + "&metric_key=" + enc(key)
                            + "&max_results=" + PAGE + (token == null ? "" : "&page_token=" + enc(token)),
                    "history of metric " + key + " of run " + runId);
            r.path("metrics").forEach(points::add);
            token = text(r, "next_page_token");
        } while (token != null);
        return points;
    }

    /** Every artifact file of a run (directories walked), with its size, as {@code path}, {@code file_size}. */
    public void artifacts(String runId, Consumer<JsonNode> file) throws MlflowException {
        walk(runId, null, file, 0);
    }

    private void walk(String runId, String path, Consumer<JsonNode> file, int depth) throws MlflowException {
        String token = null;
        do {
            JsonNode r = get(
                    "api/2.0/mlflow/artifacts/list?run_id=" + enc(runId) + (path == null ? "" : "&path=" + enc(path))
                            + (token == null ? "" : "&page_token=" + enc(token)),
                    "artifacts of run " + runId);
            for (JsonNode f : r.path("files")) {
                if (f.path("is_dir").asBoolean(false)) {
                    if (depth < 32) {
                        walk(runId, f.path("path").asText(), file, depth + 1);
                    }
                } else {
                    file.accept(f);
                }
            }
            token = text(r, "next_page_token");
        } while (token != null);
    }

    private JsonNode get(String path, String what) throws MlflowException {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), what);
    }

    private JsonNode post(String path, JsonNode body, String what) throws MlflowException {
        return send(
                HttpRequest.newBuilder(base.resolve(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())),
                what);
    }

    private JsonNode send(HttpRequest.Builder b, String what) throws MlflowException {
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        HttpResponse<String> r;
        try {
            r = http.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new MlflowException("cannot connect to MLflow at " + host() + " (is the tracking server running"
                    + " and --tracking-uri right?)");
        } catch (HttpTimeoutException e) {
            throw new MlflowException("MLflow at " + host() + " did not answer within 60 s (" + what + ")");
        } catch (IOException e) {
            throw new MlflowException("cannot reach MLflow at " + host() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlflowException("interrupted while reading " + what);
        }
        JsonNode body;
        try {
            body = r.body() == null || r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new MlflowException(what + ": MLflow at " + host() + " answered " + r.statusCode()
                    + " with something that is not JSON; is the URL that of a tracking server?");
        }
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            throw new MlflowException(what + ": MLflow refused the credentials (" + r.statusCode()
                    + "); set MLFLOW_TRACKING_TOKEN or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD");
        }
        if (r.statusCode() != 200) {
            String code = text(body, "error_code");
            String message = text(body, "message");
            throw new MlflowException(what + ": MLflow answered " + r.statusCode() + (code == null ? "" : " " + code)
                    + (message == null ? "" : " (" + message + ")"));
        }
        return body;
    }

    private String host() {
        return base.getScheme() + "://" + base.getAuthority();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
