package org.provhooks.airflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.provhooks.airflow.client.ApiClient;
import org.provhooks.airflow.client.ApiException;

/**
 * A connection to Airflow's REST API: Airflow 3 ({@code /api/v2}, a JWT from {@code POST /auth/token} sent as
 * a bearer token, renewed once on 401) or Airflow 2 ({@code /api/v1}, HTTP basic auth), detected from
 * {@code /version} or configured; the generated client; one-line errors.
 *
 * <!-- given: | import org.provhooks.airflow.client.api.DagRunApi, org.provhooks.airflow.client.model.DAGRunResponse -->
 * <pre>{@code
 * AirflowConnection af = AirflowConnection.open("http://localhost:8080", "admin", "secret");
 * DAGRunResponse run = af.call(() -> new DagRunApi(af.client()).getDagRun("etl", "manual__2025-01-01T10:00:00+00:00"));
 * }</pre>
 *
 * Credentials never appear in messages or documents.
 */
public final class AirflowConnection {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The two API generations. */
    public enum ApiVersion {
        V2("/api/v2"),
        V1("/api/v1");

        final String path;

        ApiVersion(String path) {
            this.path = path;
        }
    }

    private final URI base;
    private volatile ApiVersion version;
    private final String user;
    private final String password;
    private final HttpClient http;
    private final ApiClient client;
    private volatile String token;

    private AirflowConnection(URI base, String user, String password, String token, ApiVersion version) {
        this.base = base;
        this.version = version;
        this.user = user;
        this.password = password;
        this.token = token;
        // HTTP/1.1: Airflow's API servers speak it, and the JDK client's cleartext h2c upgrade was seen to stall
        // a request for the whole read timeout against such servers.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        this.client = new ApiClient();
        client.setHttpClientBuilder(
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)));
        client.setReadTimeout(Duration.ofSeconds(60));
        client.setRequestInterceptor(b -> {
            String auth = authorization();
            if (auth != null) {
                b.header("Authorization", auth);
            }
        });
        if (version != null) {
            client.updateBaseUri(root() + version.path);
        }
    }

    private String root() {
        return base.toString().replaceAll("/+$", "");
    }

    /** Bearer token for Airflow 3, basic credentials for Airflow 2. */
    private String authorization() {
        if (version == ApiVersion.V1) {
            return user == null
                    ? null
                    : "Basic "
                            + Base64.getEncoder()
                                    .encodeToString((user + ":" + (password == null ? "" : password))
                                            .getBytes(StandardCharsets.UTF_8));
        }
        String t = token;
        return t == null ? null : "Bearer " + t;
    }

    /** The API generation, detected on first use unless configured. */
    public ApiVersion version() throws AirflowException {
        if (version == null) {
            detect();
        }
        return version;
    }

    /** Asks {@code /api/v2/version}, then {@code /api/v1/version}: the first that answers decides. */
    private synchronized void detect() throws AirflowException {
        if (version != null) {
            return;
        }
        for (ApiVersion v : ApiVersion.values()) {
            HttpRequest req = HttpRequest.newBuilder(URI.create(root() + v.path + "/version"))
                    .timeout(Duration.ofSeconds(30))
                    .GET()
                    .build();
            HttpResponse<String> r = send(req);
            if (r.statusCode() != 404) {
                version = v;
                client.updateBaseUri(root() + v.path);
                return;
            }
        }
        throw new AirflowException(
                404, "no Airflow REST API at " + base + " (tried /api/v2 and /api/v1); check the URL", null);
    }

    private HttpResponse<String> send(HttpRequest req) throws AirflowException {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new AirflowException(
                    0, "cannot connect to Airflow at " + base + " (is it running and the URL right?)", e);
        } catch (HttpTimeoutException e) {
            throw new AirflowException(0, "Airflow at " + base + " did not answer within 30 s", e);
        } catch (IOException e) {
            throw new AirflowException(0, "connection to Airflow at " + base + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AirflowException(0, "interrupted", e);
        }
    }

    /**
     * @param url      Airflow's base URL, e.g. {@code http://localhost:8080}
     * @param user     user for {@code /auth/token}, or null with {@code token}
     * @param password its password
     * @throws AirflowException (one line) when the URL is malformed
     */
    public static AirflowConnection open(String url, String user, String password) throws AirflowException {
        return open(url, user, password, null, null);
    }

    /** As {@link #open(String, String, String)} with a ready token and a fixed API version (null: detect). */
    public static AirflowConnection open(String url, String user, String password, String token, ApiVersion version)
            throws AirflowException {
        URI u;
        try {
            u = URI.create(url.trim());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new AirflowException(
                    0, "malformed Airflow URL '" + url + "' (expected e.g. http://localhost:8080)", e);
        }
        if (u.getScheme() == null
                || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
                || u.getHost() == null) {
            throw new AirflowException(
                    0,
                    "malformed Airflow URL '" + url
                            + "': use http:// or https:// with a host, e.g. http://localhost:8080",
                    null);
        }
        return new AirflowConnection(u, user, password, token, version);
    }

    public ApiClient client() {
        return client;
    }

    public URI base() {
        return base;
    }

    /** A call to the API. */
    @FunctionalInterface
    public interface Call<T> {
        T run() throws ApiException;
    }

    /** Runs {@code call}, logging in first if needed and once more on 401; errors become one line. */
    public <T> T call(Call<T> call) throws AirflowException {
        if (version() == ApiVersion.V2 && token == null && user != null) {
            login();
        }
        for (int attempt = 0; ; attempt++) {
            try {
                return call.run();
            } catch (ApiException e) {
                if (e.getCode() == 401 && attempt == 0 && user != null && version == ApiVersion.V2) {
                    login();
                    continue;
                }
                throw describe(e);
            }
        }
    }

    /** Gets a new JWT from {@code POST /auth/token}. */
    public synchronized void login() throws AirflowException {
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("username", user, "password", password == null ? "" : password));
        } catch (IOException e) {
            throw new AirflowException(0, "cannot encode credentials", e);
        }
        HttpRequest req = HttpRequest.newBuilder(URI.create(root() + "/auth/token"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> r = send(req);
        if (r.statusCode() == 200 || r.statusCode() == 201) {
            try {
                JsonNode n = JSON.readTree(r.body());
                token = n.path("access_token").asText(null);
            } catch (IOException e) {
                token = null;
            }
            if (token == null) {
                throw new AirflowException(
                        r.statusCode(), "Airflow's /auth/token answered without an access_token", null);
            }
            return;
        }
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            throw new AirflowException(
                    r.statusCode(),
                    "Airflow at " + base + " refused user '" + user + "': wrong user or password (" + detail(r.body())
                            + ")",
                    null);
        }
        throw new AirflowException(
                r.statusCode(),
                "Airflow's /auth/token answered " + r.statusCode() + " (" + detail(r.body()) + ")",
                null);
    }

    private AirflowException describe(ApiException e) {
        int code = e.getCode();
        if (code == 0) {
            Throwable c = e.getCause();
            String what = c instanceof ConnectException
                    ? "cannot connect to Airflow at " + base + " (is it running and the URL right?)"
                    : c instanceof HttpTimeoutException
                            ? "Airflow at " + base + " did not answer in time"
                            : "connection to Airflow at " + base + " failed: "
                                    + (c == null ? e.getMessage() : c.toString());
            return new AirflowException(0, what, e);
        }
        String d = detail(e.getResponseBody());
        String msg = switch (code) {
            case 401 ->
                version == ApiVersion.V1
                        ? "Airflow refused user '" + user
                                + "': wrong user or password, or basic auth is not enabled in [api] auth_backends (401: "
                                + d + ")"
                        : "Airflow refused the credentials (401: " + d + "); check the user and password";
            case 403 -> "Airflow says this user may not read that (403: " + d + ")";
            case 404 -> "not found in Airflow (404: " + d + "); check the DAG id and run id";
            case 422 -> "Airflow rejected the request (422: " + d + ")";
            default -> "Airflow answered " + code + " (" + d + ")";
        };
        return new AirflowException(code, msg, e);
    }

    /** The {@code detail} of an error body: a string, or the first validation message. */
    static String detail(String body) {
        if (body == null || body.isBlank()) {
            return "no detail";
        }
        try {
            JsonNode d = JSON.readTree(body).path("detail");
            if (d.isTextual()) {
                return d.asText();
            }
            if (d.isArray() && d.size() > 0) {
                return d.get(0).path("msg").asText(d.get(0).toString()) + " at "
                        + d.get(0).path("loc");
            }
            if (!d.isMissingNode()) {
                return d.toString();
            }
        } catch (IOException e) {
            // not JSON: shown shortened below
        }
        String b = body.strip().replace('\n', ' ');
        return b.length() > 200 ? b.substring(0, 200) + "…" : b;
    }
}
