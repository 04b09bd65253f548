package org.provhooks.core.yprov;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.provhooks.core.workflow.DocumentIds;

/**
 * Client of the yProv v0 REST API (Flask + Neo4j service): login, and PUT / GET / list / DELETE of documents.
 * Uses the JDK's HTTP client (TLS verification on, timeouts set). Handles the server's quirks: the
 * {@code Content-Type} is exactly {@code application/json} (no charset), document ids are checked against the
 * server's rules before sending, the token is renewed once on 401, and {@link #replace} gives
 * replace-semantics on a server whose PUT merges.
 *
 * <pre>{@code
 * YProvClient yprov = new YProvClient(YProvConfig.of("http://localhost:3000", "jdoe", "secret", null));
 * yprov.replace("happy-turing-1a2b3c4d", Path.of("provenance/happy_turing.prov.json"));
 * }</pre>
 *
 * Thread-safe. The token and password are never logged nor put into exception messages.
 */
public final class YProvClient {
    private static final JsonFactory JSON = YProvHttp.JSON;
    private static final String CONTENT_TYPE = "application/json";

    private final YProvConfig config;
    private final YProvHttp http;
    private volatile String token;

    public YProvClient(YProvConfig config) {
        this.config = config;
        this.token = config.token();
        this.http = new YProvHttp(config);
    }

    public YProvConfig config() {
        return config;
    }

    /** Logs in with the configured user and password and keeps the token. */
    public synchronized void login() throws YProvException {
        if (config.user() == null || config.password() == null) {
            if (config.token() != null) {
                throw new YProvException(
                        YProvException.Kind.AUTH,
                        401,
                        "the yProv token was refused and no user/password is " + "configured to get a new one; set "
                                + YProvConfig.ENV_USER + " and " + YProvConfig.ENV_PASSWORD,
                        null,
                        null);
            }
            throw new YProvException(YProvException.Kind.AUTH, 0, "no yProv credentials configured", null, null);
        }
        HttpResponse<String> r = send(
                HttpRequest.newBuilder(resolve("auth/login"))
                        .header("Content-Type", CONTENT_TYPE)
                        .POST(HttpRequest.BodyPublishers.ofString(credentialsJson(), StandardCharsets.UTF_8)),
                "login");
        if (r.statusCode() == 200) {
            String t = field(r.body(), "result");
            if (t == null) {
                throw new YProvException(
                        YProvException.Kind.RETRYABLE, 200, "yProv login answered without a token", r.body(), null);
            }
            token = t;
            return;
        }
        if (r.statusCode() == 401 || r.statusCode() == 400 || r.statusCode() == 403) {
            throw new YProvException(
                    YProvException.Kind.AUTH,
                    r.statusCode(),
                    "yProv at " + config.apiBase() + " refused user '" + config.user()
                            + "': wrong user or password (server said: " + serverMessage(r) + ")",
                    r.body(),
                    null);
        }
        throw failure(r, "login");
    }

    /**
     * Uploads a PROV-JSON file as document {@code id}; the file is streamed from disk, not loaded into memory.
     * On the v0 server a PUT to an existing id merges into it; use {@link #replace} to replace.
     */
    public void put(String id, Path file) throws YProvException {
        checkId(id);
        authorized(
                () -> {
                    try {
                        return HttpRequest.newBuilder(document(id))
                                .header("Content-Type", CONTENT_TYPE)
                                .PUT(HttpRequest.BodyPublishers.ofFile(file));
                    } catch (FileNotFoundException e) {
                        throw new YProvException(
                                YProvException.Kind.REJECTED, 0, "document file " + file + " is missing", null, e);
                    }
                },
                "upload of " + id,
                201);
    }

    /**
     * Replaces document {@code id} with the file: DELETE (a missing document is fine), then PUT. Re-pushing the
     * same run therefore never duplicates or mixes content.
     */
    public void replace(String id, Path file) throws YProvException {
        delete(id);
        put(id, file);
    }

    /** Deletes document {@code id}; returns false when it did not exist. */
    public boolean delete(String id) throws YProvException {
        checkId(id);
        HttpResponse<String> r =
                authorized(() -> HttpRequest.newBuilder(document(id)).DELETE(), "delete of " + id, 200, 404);
        return r.statusCode() == 200;
    }

    /** The document's PROV-JSON text (the server wraps it in a JSON string, unwrapped here). */
    public String get(String id) throws YProvException {
        checkId(id);
        HttpResponse<String> r = send(HttpRequest.newBuilder(document(id)).GET(), "fetch of " + id);
        if (r.statusCode() != 200) {
            throw failure(r, "fetch of " + id);
        }
        return field(r.body(), "result");
    }

    /** Ids of the documents on the server. */
    public List<String> list() throws YProvException {
        HttpResponse<String> r =
                send(HttpRequest.newBuilder(resolve("documents")).GET(), "list");
        if (r.statusCode() != 200) {
            throw failure(r, "list");
        }
        List<String> ids = new ArrayList<>();
        try (JsonParser p = JSON.createParser(r.body())) {
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME
                        && p.currentName().equals("result")
                        && p.nextToken() == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.VALUE_STRING) {
                        ids.add(p.getText());
                    }
                }
            }
        } catch (IOException e) {
            throw new YProvException(YProvException.Kind.RETRYABLE, 200, "yProv list answer is not JSON", r.body(), e);
        }
        return ids;
    }

    /**
     * @throws YProvException (REJECTED) when {@code id} breaks the server's id rules
     */
    public static void checkId(String id) throws YProvException {
        if (!DocumentIds.isValid(id)) {
            throw new YProvException(
                    YProvException.Kind.REJECTED,
                    0,
                    "document id '" + id + "' is not valid for yProv: use 3-63 "
                            + "characters a-z, 0-9, '.', '-', starting with a letter (e.g. '"
                            + DocumentIds.derive(String.valueOf(id)) + "')",
                    null,
                    null);
        }
    }

    @FunctionalInterface
    private interface RequestFactory {
        HttpRequest.Builder build() throws YProvException;
    }

    /** Sends with the bearer token, logging in first if needed and once more on 401. */
    private HttpResponse<String> authorized(RequestFactory request, String what, int... ok) throws YProvException {
        if (token == null) {
            login();
        }
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> r = send(request.build().header("Authorization", "Bearer " + token), what);
            for (int code : ok) {
                if (r.statusCode() == code) {
                    return r;
                }
            }
            if (r.statusCode() == 401 && attempt == 0) {
                login();
                continue;
            }
            if (r.statusCode() == 401) {
                throw new YProvException(
                        YProvException.Kind.AUTH,
                        401,
                        what + ": yProv refused the token even after a " + "new login (server said: " + serverMessage(r)
                                + ")",
                        r.body(),
                        null);
            }
            if ((r.statusCode() == 404 || r.statusCode() == 405)
                    && r.request().method().equals("PUT")) {
                throw new YProvException(
                        YProvException.Kind.ENDPOINT,
                        r.statusCode(),
                        what + ": " + host() + " answered " + r.statusCode()
                                + " to an upload; is the URL that of a yProv v0 service (…:3000)?",
                        r.body(),
                        null);
            }
            throw failure(r, what);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder b, String what) throws YProvException {
        return http.send(b, what);
    }

    private YProvException failure(HttpResponse<String> r, String what) {
        int s = r.statusCode();
        YProvException.Kind kind = YProvHttp.kindOf(s);
        return new YProvException(
                kind, s, what + ": yProv answered " + s + " (" + serverMessage(r) + ")", r.body(), null);
    }

    private static String serverMessage(HttpResponse<String> r) {
        String m = field(r.body(), "error");
        if (m == null) {
            m = field(r.body(), "message");
        }
        if (m == null) {
            m = YProvHttp.excerpt(r.body());
        }
        return m.replace('\n', ' ');
    }

    private String host() {
        return http.host();
    }

    private URI resolve(String path) {
        return config.apiBase().resolve(path);
    }

    private URI document(String id) {
        return resolve("documents/" + id);
    }

    private String credentialsJson() {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("user", config.user());
            g.writeStringField("password", config.password());
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }

    /** The string value of a top-level field of a JSON object, or null. */
    static String field(String body, String name) {
        return YProvHttp.field(body, name);
    }
}
