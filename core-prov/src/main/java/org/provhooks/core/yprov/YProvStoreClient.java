package org.provhooks.core.yprov;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.airlift.compress.zstd.ZstdOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * Client of yProvStore ("yProv 2", the FastAPI service): login with email and password, upload of PROV-JSON documents
 * (the server assigns a persistent identifier; {@code parent_document_pid} makes an upload the next version of a
 * lineage), links between documents ({@code PATCH /documents/{pid}/related}) and descriptive metadata.
 *
 * <p>Uploads are streamed from disk: a JSON body {@code {"document_data": …}} up to {@link #MULTIPART_ABOVE}, a
 * multipart {@code document_file} above. Bodies over {@link #COMPRESS_ABOVE} go zstd-compressed
 * ({@code Content-Encoding: zstd}); a server that does not take it (400, 415 or 422 to a compressed body) gets the
 * same request again uncompressed, and this client stops compressing. The token is renewed once on 401. Every failure
 * is a one-line {@link YProvException} with the server's {@code description} and {@code details}; credentials never
 * appear in one.
 *
 * <pre>{@code
 * YProvStoreClient store = new YProvStoreClient(YProvConfig.of("http://localhost:8000", "jdoe@example.org", "secret", null));
 * StoredDocument first = store.upload(Path.of("provenance/happy_turing.prov.json"), null);
 * StoredDocument next = store.upload(Path.of("provenance/happy_turing.prov.json"), first.pid());   // version 2
 * }</pre>
 *
 * Thread-safe.
 */
public final class YProvStoreClient {
    /** Documents larger than this go as a multipart file rather than inside a JSON body. */
    public static final long MULTIPART_ABOVE = 8L * 1024 * 1024;
    /** Bodies larger than this are zstd-compressed (smaller ones gain little). */
    public static final long COMPRESS_ABOVE = 256L * 1024;

    private static final String JSON_TYPE = "application/json";

    private final YProvConfig config;
    private final YProvHttp http;
    private final long multipartAbove;
    private final long compressAbove;
    private volatile String token;
    private volatile boolean compress = true;

    public YProvStoreClient(YProvConfig config) {
        this(config, MULTIPART_ABOVE, COMPRESS_ABOVE);
    }

    /** With other thresholds for multipart uploads and compression (tests, servers with small limits). */
    public YProvStoreClient(YProvConfig config, long multipartAbove, long compressAbove) {
        this.config = config;
        this.http = new YProvHttp(config);
        this.token = config.token();
        this.multipartAbove = multipartAbove;
        this.compressAbove = compressAbove;
    }

    public YProvConfig config() {
        return config;
    }

    /** Whether bodies are still compressed (false once the server refused a compressed one). */
    public boolean compresses() {
        return compress;
    }

    /** Logs in with the configured email and password and keeps the bearer token. */
    public synchronized void login() throws YProvException {
        if (config.user() == null || config.password() == null) {
            throw new YProvException(
                    YProvException.Kind.AUTH,
                    config.token() != null ? 401 : 0,
                    config.token() != null
                            ? "yProvStore refused the token and no email/password is configured to get a new one;"
                                    + " set " + YProvConfig.ENV_USER + " (your email) and " + YProvConfig.ENV_PASSWORD
                            : "no yProvStore credentials configured: set " + YProvConfig.ENV_USER + " (your email) and "
                                    + YProvConfig.ENV_PASSWORD,
                    null,
                    null);
        }
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(resolve("auth/login"))
                        .header("Content-Type", JSON_TYPE)
                        .POST(HttpRequest.BodyPublishers.ofString(credentialsJson(), StandardCharsets.UTF_8)),
                "login");
        if (r.statusCode() == 200) {
            String t = YProvHttp.field(r.body(), "access_token");
            if (t == null) {
                throw new YProvException(
                        YProvException.Kind.RETRYABLE,
                        200,
                        "yProvStore login answered without an access_token",
                        r.body(),
                        null);
            }
            token = t;
            return;
        }
        if (r.statusCode() == 400 || r.statusCode() == 401 || r.statusCode() == 403 || r.statusCode() == 422) {
            throw new YProvException(
                    YProvException.Kind.AUTH,
                    r.statusCode(),
                    "yProvStore at " + http.host() + " refused '" + config.user()
                            + "': wrong email or password, or no account (sign up at " + http.host()
                            + "/docs; server said: " + serverMessage(r) + ")",
                    r.body(),
                    null);
        }
        throw failure(r, "login");
    }

    /** The email the current token belongs to ({@code POST /auth/verify}), logging in first when needed. */
    public String verify() throws YProvException {
        HttpResponse<String> r = authorized(
                () -> HttpRequest.newBuilder(resolve("auth/verify"))
                        .header("Content-Type", JSON_TYPE)
                        .POST(HttpRequest.BodyPublishers.ofString("{}")),
                "token check");
        return YProvHttp.field(r.body(), "email");
    }

    /**
     * Uploads a PROV-JSON file as a new document, or as the next version of {@code parentPid}'s lineage. A parent the
     * server does not know (404) or lets us not extend (403) starts a new lineage instead: the returned record then
     * has no parent.
     */
    public StoredDocument upload(Path file, String parentPid) throws YProvException {
        return upload(file, file.getFileName().toString(), parentPid);
    }

    /** {@link #upload(Path, String)} under another file name (what a multipart upload tells the server). */
    public StoredDocument upload(Path file, String fileName, String parentPid) throws YProvException {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new YProvException(YProvException.Kind.REJECTED, 0, "document file " + file + " is missing", null, e);
        }
        if (parentPid != null) {
            try {
                return send(file, fileName, size, parentPid);
            } catch (YProvException e) {
                if (e.status() != 404 && e.status() != 403) {
                    throw e;
                }
                // The lineage is gone from this server or not ours to extend: keep the document, as a new lineage.
            }
        }
        return send(file, fileName, size, null);
    }

    private StoredDocument send(Path file, String fileName, long size, String parentPid) throws YProvException {
        boolean multipart = size > multipartAbove;
        String what = "upload of " + file.getFileName();
        URI target = resolve("documents"
                + (parentPid == null
                        ? ""
                        : "?parent_document_pid=" + URLEncoder.encode(parentPid, StandardCharsets.UTF_8)));
        String boundary = "provhooks-" + UUID.randomUUID();
        HttpResponse<String> r = null;
        if (compress && size > compressAbove) {
            Path packed = null;
            try {
                packed = compressed(file, fileName, multipart, boundary);
                Path body = packed;
                r = authorized(
                        () -> ofFile(uploadRequest(target, multipart, boundary), body)
                                .header("Content-Encoding", "zstd"),
                        what);
                if (r.statusCode() == 400 || r.statusCode() == 415 || r.statusCode() == 422) {
                    compress = false; // this server reads no zstd: the same request again, plain
                    r = null;
                }
            } catch (IOException e) {
                r = null; // compressing failed locally (disk): send it plain
            } finally {
                deleteQuietly(packed);
            }
        }
        if (r == null) {
            r = authorized(() -> plainUpload(target, file, fileName, multipart, boundary), what);
        }
        if (r.statusCode() != 200 && r.statusCode() != 201) {
            throw uploadFailure(r, what, size, parentPid);
        }
        String pid = YProvHttp.field(r.body(), "pid");
        if (pid == null) {
            throw new YProvException(
                    YProvException.Kind.RETRYABLE,
                    r.statusCode(),
                    what + ": yProvStore answered without a pid (" + YProvHttp.excerpt(r.body()) + ")",
                    r.body(),
                    null);
        }
        return new StoredDocument(
                pid,
                intField(r.body(), "version", 1),
                YProvHttp.field(r.body(), "storage_url"),
                YProvHttp.field(r.body(), "parent_document_pid"));
    }

    private HttpRequest.Builder uploadRequest(URI target, boolean multipart, String boundary) {
        return HttpRequest.newBuilder(target)
                .header("Content-Type", multipart ? "multipart/form-data; boundary=" + boundary : JSON_TYPE);
    }

    private HttpRequest.Builder plainUpload(URI target, Path file, String fileName, boolean multipart, String boundary)
            throws YProvException {
        HttpRequest.BodyPublisher doc;
        try {
            doc = HttpRequest.BodyPublishers.ofFile(file);
        } catch (FileNotFoundException e) {
            throw new YProvException(YProvException.Kind.REJECTED, 0, "document file " + file + " is missing", null, e);
        }
        String[] around = multipart ? multipartAround(fileName, boundary) : jsonAround();
        return uploadRequest(target, multipart, boundary)
                .POST(HttpRequest.BodyPublishers.concat(
                        HttpRequest.BodyPublishers.ofString(around[0], StandardCharsets.UTF_8),
                        doc,
                        HttpRequest.BodyPublishers.ofString(around[1], StandardCharsets.UTF_8)));
    }

    private static HttpRequest.Builder ofFile(HttpRequest.Builder b, Path body) throws YProvException {
        try {
            return b.POST(HttpRequest.BodyPublishers.ofFile(body));
        } catch (FileNotFoundException e) {
            throw new YProvException(YProvException.Kind.RETRYABLE, 0, "compressed body vanished", null, e);
        }
    }

    /** The request body, compressed into a hidden temporary file beside the document (never held in memory). */
    private Path compressed(Path file, String fileName, boolean multipart, String boundary) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path packed = Files.createTempFile(dir, ".upload-", ".zst.tmp");
        String[] around = multipart ? multipartAround(fileName, boundary) : jsonAround();
        try (OutputStream out = new ZstdOutputStream(Files.newOutputStream(packed))) {
            out.write(around[0].getBytes(StandardCharsets.UTF_8));
            Files.copy(file, out);
            out.write(around[1].getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            deleteQuietly(packed);
            throw e instanceof IOException io ? io : new IOException(e);
        }
        return packed;
    }

    private static String[] jsonAround() {
        return new String[] {"{\"document_data\":", "}"};
    }

    private static String[] multipartAround(String fileName, String boundary) {
        String name = fileName.replaceAll("[\"\\\\\r\n]", "_");
        return new String[] {
            "--" + boundary + "\r\nContent-Disposition: form-data; name=\"document_file\"; filename=\"" + name
                    + "\"\r\nContent-Type: application/json\r\n\r\n",
            "\r\n--" + boundary + "--\r\n"
        };
    }

    /** Links {@code pid} to the documents {@code related} ({@code PATCH /documents/{pid}/related}). */
    public void relate(String pid, List<String> related) throws YProvException {
        String body = json(g -> {
            g.writeArrayFieldStart("related_pids");
            for (String p : related) {
                g.writeString(p);
            }
            g.writeEndArray();
        });
        patch(pid, "related", body, "linking " + pid + " to " + related.size() + " document(s)");
    }

    /** Sets the document's title, description, keywords and author ({@code PATCH /documents/{pid}/metadata}). */
    public void describe(String pid, StoreMetadata metadata) throws YProvException {
        String body = json(g -> {
            g.writeStringField("title", metadata.title());
            g.writeStringField("description", metadata.description());
            g.writeArrayFieldStart("keywords");
            for (String k : metadata.keywords()) {
                g.writeString(k);
            }
            g.writeEndArray();
            if (metadata.author() != null) {
                g.writeStringField("author", metadata.author());
            }
        });
        patch(pid, "metadata", body, "metadata of " + pid);
    }

    private void patch(String pid, String what, String body, String description) throws YProvException {
        HttpResponse<String> r = authorized(
                () -> HttpRequest.newBuilder(resolve("documents/" + pidPath(pid) + "/" + what))
                        .header("Content-Type", JSON_TYPE)
                        .method("PATCH", HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)),
                description);
        if (r.statusCode() != 200 && r.statusCode() != 204) {
            throw failure(r, description);
        }
    }

    /** A PID's path segments, each encoded: {@code 21.T11148/abc} stays two segments. */
    static String pidPath(String pid) {
        StringBuilder b = new StringBuilder();
        for (String seg : pid.split("/", -1)) {
            if (b.length() > 0) {
                b.append('/');
            }
            b.append(URLEncoder.encode(seg, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return b.toString();
    }

    @FunctionalInterface
    private interface RequestFactory {
        HttpRequest.Builder build() throws YProvException;
    }

    @FunctionalInterface
    private interface JsonBody {
        void write(JsonGenerator g) throws IOException;
    }

    /** Sends with the bearer token: logging in first if needed, and once more on 401. Other answers are returned. */
    private HttpResponse<String> authorized(RequestFactory request, String what) throws YProvException {
        if (token == null) {
            login();
        }
        HttpResponse<String> r = http.send(request.build().header("Authorization", "Bearer " + token), what);
        if (r.statusCode() == 401) {
            login();
            r = http.send(request.build().header("Authorization", "Bearer " + token), what);
            if (r.statusCode() == 401) {
                throw new YProvException(
                        YProvException.Kind.AUTH,
                        401,
                        what + ": yProvStore refused the token even after a new login (server said: " + serverMessage(r)
                                + ")",
                        r.body(),
                        null);
            }
        }
        return r;
    }

    private YProvException uploadFailure(HttpResponse<String> r, String what, long size, String parentPid) {
        int s = r.statusCode();
        if ((s == 404 || s == 405) && parentPid == null) {
            return new YProvException(
                    YProvException.Kind.ENDPOINT,
                    s,
                    what + ": " + http.host() + " answered " + s + " to POST /documents; is the URL that of a"
                            + " yProvStore (…:8000)? For the v0 service set " + YProvConfig.ENV_API + "=v0",
                    r.body(),
                    null);
        }
        if (s == 403 && parentPid == null) {
            return new YProvException(
                    YProvException.Kind.AUTH,
                    s,
                    what + ": yProvStore does not let '" + config.user() + "' upload (server said: " + serverMessage(r)
                            + ")",
                    r.body(),
                    null);
        }
        if (s == 413) {
            return new YProvException(
                    YProvException.Kind.REJECTED,
                    s,
                    what + ": the document (" + (size / (1024 * 1024)) + " MB) is larger than yProvStore accepts"
                            + " (413; server said: " + serverMessage(r) + "); raise the server's upload limit",
                    r.body(),
                    null);
        }
        return failure(r, what);
    }

    private YProvException failure(HttpResponse<String> r, String what) {
        int s = r.statusCode();
        return new YProvException(
                YProvHttp.kindOf(s),
                s,
                what + ": yProvStore answered " + s + " (" + serverMessage(r) + ")",
                r.body(),
                null);
    }

    /** The server's {@code description} and {@code details} (422), or a short excerpt of what it said. */
    static String serverMessage(HttpResponse<String> r) {
        String d = YProvHttp.field(r.body(), "description");
        if (d == null) {
            d = YProvHttp.field(r.body(), "detail");
        }
        String details = rawField(r.body(), "details");
        if (d == null) {
            d = rawField(r.body(), "detail");
        }
        if (d == null) {
            return YProvHttp.excerpt(r.body());
        }
        return YProvHttp.excerpt(details == null ? d : d + ": " + details);
    }

    /** A top-level field's value as compact JSON text (objects and arrays too), or null. */
    static String rawField(String body, String name) {
        if (body == null || body.isEmpty()) {
            return null;
        }
        try (JsonParser p = YProvHttp.JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken v = p.nextToken();
                if (key.equals(name) && v != JsonToken.VALUE_NULL) {
                    if (v.isScalarValue()) {
                        return p.getText();
                    }
                    StringWriter w = new StringWriter();
                    try (JsonGenerator g = YProvHttp.JSON.createGenerator(w)) {
                        g.copyCurrentStructure(p);
                    }
                    return w.toString();
                }
                p.skipChildren();
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    private static int intField(String body, String name, int otherwise) {
        String v = YProvHttp.field(body, name);
        try {
            return v == null ? otherwise : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private URI resolve(String path) {
        return config.server().resolve(path);
    }

    private String credentialsJson() {
        return json(g -> {
            g.writeStringField("email", config.user());
            g.writeStringField("password", config.password());
        });
    }

    private static String json(JsonBody fields) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = YProvHttp.JSON.createGenerator(w)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // a hidden .tmp file is cleaned up with the outbox's stale temporaries
            }
        }
    }
}
