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
import java.time.Duration;
import org.provhooks.airflow.client.ApiClient;
import org.provhooks.airflow.client.ApiException;

/**
 * A connection to Airflow 3's REST API (v2): the generated client, a JWT from {@code POST /auth/token} sent as
 * a bearer token, renewed once on 401, and one-line errors.
 *
 * <pre>{@code
 * AirflowConnection af = AirflowConnection.open("http://localhost:8080", "admin", "secret");
 * DAGRunResponse run = af.call(() -> new DagRunApi(af.client()).getDagRun("etl", "manual__2025-01-01T10:00:00+00:00"));
 * }</pre>
 *
 * Credentials never appear in messages or documents.
 */
public final class AirflowConnection {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String user;
    private final String password;
    private final HttpClient http;
    private final ApiClient client;
    private volatile String token;

    private AirflowConnection(URI base, String user, String password, String token) {
        this.base = base;
        this.user = user;
        this.password = password;
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.client = new ApiClient();
        client.updateBaseUri(base.toString().replaceAll("/+$", ""));
        client.setReadTimeout(Duration.ofSeconds(60));
        client.setRequestInterceptor(b -> {
            String t = this.token;
            if (t != null) {
                b.header("Authorization", "Bearer " + t);
            }
        });
    }

    /**
     * @param url      Airflow's base URL, e.g. {@code http://localhost:8080}
     * @param user     user for {@code /auth/token}, or null with {@code token}
     * @param password its password
     * @throws AirflowException (one line) when the URL is malformed
     */
    public static AirflowConnection open(String url, String user, String password) throws AirflowException {
        return open(url, user, password, null);
    }

    public static AirflowConnection open(String url, String user, String password, String token) throws AirflowException {
        URI u;
        try {
            u = URI.create(url.trim());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new AirflowException(0, "malformed Airflow URL '" + url + "' (expected e.g. http://localhost:8080)", e);
        }
        if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https")) || u.getHost() == null) {
            throw new AirflowException(0, "malformed Airflow URL '" + url + "': use http:// or https:// with a host, e.g. http://localhost:8080", null);
        }
        return new AirflowConnection(u, user, password, token);
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
        if (token == null && user != null) {
            login();
        }
        for (int attempt = 0; ; attempt++) {
            try {
                return call.run();
            } catch (ApiException e) {
                if (e.getCode() == 401 && attempt == 0 && user != null) {
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
            body = JSON.writeValueAsString(java.util.Map.of("username", user, "password", password == null ? "" : password));
        } catch (IOException e) {
            throw new AirflowException(0, "cannot encode credentials", e);
        }
        HttpRequest req = HttpRequest.newBuilder(base.resolve("/auth/token")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> r;
        try {
            r = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new AirflowException(0, "cannot connect to Airflow at " + base + " (is it running and the URL right?)", e);
        } catch (HttpTimeoutException e) {
            throw new AirflowException(0, "Airflow at " + base + " did not answer within 30 s", e);
        } catch (IOException e) {
            throw new AirflowException(0, "connection to Airflow at " + base + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AirflowException(0, "interrupted", e);
        }
        if (r.statusCode() == 200 || r.statusCode() == 201) {
            try {
                JsonNode n = JSON.readTree(r.body());
                token = n.path("access_token").asText(null);
            } catch (IOException e) {
                token = null;
            }
            if (token == null) {
                throw new AirflowException(r.statusCode(), "Airflow's /auth/token answered without an access_token", null);
            }
            return;
        }
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            throw new AirflowException(r.statusCode(), "Airflow at " + base + " refused user '" + user
                    + "': wrong user or password (" + detail(r.body()) + ")", null);
        }
        throw new AirflowException(r.statusCode(), "Airflow's /auth/token answered " + r.statusCode() + " (" + detail(r.body()) + ")", null);
    }

    private AirflowException describe(ApiException e) {
        int code = e.getCode();
        if (code == 0) {
            Throwable c = e.getCause();
            String what = c instanceof ConnectException ? "cannot connect to Airflow at " + base + " (is it running and the URL right?)"
                    : c instanceof HttpTimeoutException ? "Airflow at " + base + " did not answer in time"
                    : "connection to Airflow at " + base + " failed: " + (c == null ? e.getMessage() : c.toString());
            return new AirflowException(0, what, e);
        }
        String d = detail(e.getResponseBody());
        String msg = switch (code) {
            case 401 -> "Airflow refused the credentials (401: " + d + "); check the user and password";
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
                return d.get(0).path("msg").asText(d.get(0).toString()) + " at " + d.get(0).path("loc");
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
