package org.provhooks.core.yprov;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.airlift.compress.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A yProvStore over real HTTP on loopback, answering with the shapes of its API description
 * ({@code ../shared/specs/yprov-formats.md} §3.3): {@code GET /status}, login of {@value #EMAIL} / {@value #PASSWORD}
 * (a new bearer token each time), {@code POST /documents} as JSON {@code {"document_data": …}} or multipart
 * {@code document_file}, zstd-encoded or not, with {@code parent_document_pid} making the next version of a lineage
 * (404 for an unknown parent), server-assigned PIDs {@code 21.T99999/<n>}, {@code PATCH /documents/{pid}/related} and
 * {@code …/metadata}. Its state survives {@link #stop()} and {@link #start()} (a database). Faults are injected with
 * {@link #failNextUploads} and {@link #expireTokens}. Used by the core's tests, the engine modules' tests (test jar)
 * and the chaos benchmark.
 *
 * <!-- given: | import static org.junit.jupiter.api.Assertions.assertEquals -->
 * <pre>{@code
 * try (YProvStoreStandIn store = YProvStoreStandIn.start(0)) {
 *     // push to store.url() as YProvStoreStandIn.EMAIL
 *     assertEquals(1, store.documents().size());
 * }
 * }</pre>
 */
public final class YProvStoreStandIn implements AutoCloseable {
    public static final String EMAIL = "jdoe@example.org";
    public static final String PASSWORD = "s3cret-store";
    public static final String PREFIX = "21.T99999";
    private static final JsonFactory JSON = JsonFactory.builder().build();

    /**
     * One stored document.
     *
     * @param encoding the request's {@code Content-Encoding} (null: none)
     * @param form     {@code json} or {@code multipart}
     * @param fileName the multipart file name, or null
     */
    public record Stored(
            String pid, int version, String parent, String body, String encoding, String form, String fileName) {}

    private final Map<String, Stored> documents = new LinkedHashMap<>();
    private final Map<String, List<String>> related = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final List<String> validTokens = new CopyOnWriteArrayList<>();
    private final Deque<int[]> uploadFaults = new ArrayDeque<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger tokens = new AtomicInteger();
    private final AtomicInteger pids = new AtomicInteger();
    private volatile boolean acceptsZstd = true;
    private int port;
    private HttpServer server;

    private YProvStoreStandIn(int port) {
        this.port = port;
    }

    /** Starts on {@code port} (0: a free one). */
    public static YProvStoreStandIn start(int port) throws IOException {
        YProvStoreStandIn s = new YProvStoreStandIn(port);
        s.start();
        return s;
    }

    /** (Re)starts on the same port, with the documents it had. */
    public synchronized void start() throws IOException {
        // Without TCP_NODELAY the JDK server's separate header/body writes meet delayed ACKs: ~40 ms per request.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        port = server.getAddress().getPort();
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    /** Stops answering (connections are refused) until {@link #start()}. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            ((ExecutorService) server.getExecutor()).shutdownNow();
            server = null;
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The next {@code n} uploads answer {@code status} with a {@code {"description"}} body. */
    public synchronized void failNextUploads(int n, int status) {
        for (int i = 0; i < n; i++) {
            uploadFaults.add(new int[] {status});
        }
    }

    /** Every token handed out so far stops working (as after the store's 60 minutes). */
    public void expireTokens() {
        validTokens.clear();
    }

    /** An older store: zstd bodies are refused with 415. */
    public void refuseZstd() {
        acceptsZstd = false;
    }

    public synchronized List<Stored> documents() {
        return new ArrayList<>(documents.values());
    }

    public synchronized Stored document(String pid) {
        return documents.get(pid);
    }

    public synchronized Map<String, List<String>> related() {
        return new LinkedHashMap<>(related);
    }

    /** The metadata JSON last set per PID. */
    public synchronized Map<String, String> metadata() {
        return new LinkedHashMap<>(metadata);
    }

    /** {@code METHOD path} of every request, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        requests.add(method + " " + path);
        try (ex) {
            if (path.equals("/status")) {
                reply(ex, 200, "{\"status\":\"ok\"}");
                return;
            }
            byte[] raw = ex.getRequestBody().readAllBytes();
            if (path.equals("/auth/login") && method.equals("POST")) {
                String body = new String(raw, StandardCharsets.UTF_8);
                if (EMAIL.equals(field(body, "email")) && PASSWORD.equals(field(body, "password"))) {
                    String t = "store-token-" + tokens.incrementAndGet();
                    validTokens.add(t);
                    reply(ex, 200, "{\"access_token\":\"" + t + "\",\"token_type\":\"bearer\"}");
                } else {
                    reply(ex, 401, "{\"description\":\"Invalid credentials\"}");
                }
                return;
            }
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.startsWith("Bearer ") || !validTokens.contains(auth.substring(7))) {
                reply(ex, 401, "{\"description\":\"Could not validate credentials\"}");
                return;
            }
            if (path.equals("/auth/verify")) {
                reply(ex, 200, "{\"email\":\"" + EMAIL + "\"}");
            } else if (path.equals("/documents") && method.equals("POST")) {
                upload(ex, raw);
            } else if (path.startsWith("/documents/") && method.equals("PATCH")) {
                patch(ex, path.substring("/documents/".length()), new String(raw, StandardCharsets.UTF_8));
            } else {
                reply(ex, 404, "{\"description\":\"Not Found\"}");
            }
        }
    }

    private void upload(HttpExchange ex, byte[] raw) throws IOException {
        int[] fault;
        synchronized (this) {
            fault = uploadFaults.poll();
        }
        if (fault != null) {
            reply(ex, fault[0], "{\"description\":\"injected failure " + fault[0] + "\",\"details\":[\"try later\"]}");
            return;
        }
        String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
        if ("zstd".equals(encoding)) {
            if (!acceptsZstd) {
                reply(ex, 415, "{\"description\":\"Unsupported content encoding: zstd\"}");
                return;
            }
            try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(raw))) {
                raw = in.readAllBytes();
            }
        }
        String type = String.valueOf(ex.getRequestHeaders().getFirst("Content-Type"));
        String body;
        String form;
        String fileName = null;
        if (type.startsWith("multipart/form-data")) {
            form = "multipart";
            String[] part = filePart(new String(raw, StandardCharsets.UTF_8), type);
            if (part == null) {
                reply(
                        ex,
                        422,
                        "{\"description\":\"Validation error\",\"details\":[\"document_file: field required\"]}");
                return;
            }
            fileName = part[0];
            body = part[1];
        } else {
            form = "json";
            body = rawField(new String(raw, StandardCharsets.UTF_8), "document_data");
            if (body == null) {
                reply(
                        ex,
                        422,
                        "{\"description\":\"Validation error\",\"details\":[\"document_data: field required\"]}");
                return;
            }
        }
        String parent = query(ex, "parent_document_pid");
        Stored s;
        synchronized (this) {
            int version = 1;
            if (parent != null) {
                Stored p = documents.get(parent);
                if (p == null) {
                    reply(ex, 404, "{\"description\":\"Parent document not found\"}");
                    return;
                }
                version = p.version() + 1;
            }
            s = new Stored(PREFIX + "/" + pids.incrementAndGet(), version, parent, body, encoding, form, fileName);
            documents.put(s.pid(), s);
        }
        reply(
                ex,
                200,
                "{\"pid\":\"" + s.pid() + "\",\"version\":" + s.version() + ",\"storage_url\":\"file:///store/"
                        + s.pid() + "\",\"owner_email\":\"" + EMAIL + "\",\"parent_document_pid\":"
                        + (parent == null ? "null" : "\"" + parent + "\"") + "}");
    }

    private void patch(HttpExchange ex, String rest, String body) throws IOException {
        int slash = rest.lastIndexOf('/');
        String pid = slash < 0 ? rest : rest.substring(0, slash);
        String what = slash < 0 ? "" : rest.substring(slash + 1);
        synchronized (this) {
            if (!documents.containsKey(pid)) {
                reply(ex, 404, "{\"description\":\"Document not found\"}");
                return;
            }
            if (what.equals("related")) {
                List<String> pids = new ArrayList<>();
                try (JsonParser p = JSON.createParser(body)) {
                    while (p.nextToken() != null) {
                        if (p.currentToken() == JsonToken.VALUE_STRING) {
                            if (!documents.containsKey(p.getText())) {
                                reply(
                                        ex,
                                        422,
                                        "{\"description\":\"Unknown related pid\",\"details\":[\"" + p.getText()
                                                + "\"]}");
                                return;
                            }
                            pids.add(p.getText());
                        }
                    }
                }
                related.put(pid, pids);
                reply(ex, 200, "{\"pid\":\"" + pid + "\",\"related_pids\":" + rawField(body, "related_pids") + "}");
            } else if (what.equals("metadata")) {
                metadata.put(pid, body);
                reply(ex, 200, body);
            } else {
                reply(ex, 404, "{\"description\":\"Not Found\"}");
            }
        }
    }

    private static String query(HttpExchange ex, String name) {
        String q = ex.getRequestURI().getRawQuery();
        if (q == null) {
            return null;
        }
        for (String kv : q.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0 && kv.substring(0, eq).equals(name)) {
                return URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** [file name, content] of the {@code document_file} part, or null. */
    static String[] filePart(String body, String contentType) {
        int b = contentType.indexOf("boundary=");
        if (b < 0) {
            return null;
        }
        String boundary = "--" + contentType.substring(b + "boundary=".length()).replace("\"", "");
        for (String part : body.split(java.util.regex.Pattern.quote(boundary))) {
            int headersEnd = part.indexOf("\r\n\r\n");
            if (headersEnd < 0 || !part.substring(0, headersEnd).contains("name=\"document_file\"")) {
                continue;
            }
            String headers = part.substring(0, headersEnd);
            int f = headers.indexOf("filename=\"");
            String name = f < 0 ? null : headers.substring(f + 10, headers.indexOf('"', f + 10));
            String content = part.substring(headersEnd + 4);
            if (content.endsWith("\r\n")) {
                content = content.substring(0, content.length() - 2);
            }
            return new String[] {name, content};
        }
        return null;
    }

    static String field(String body, String name) {
        return YProvHttp.field(body, name);
    }

    static String rawField(String body, String name) {
        return YProvStoreClient.rawField(body, name);
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
        stop();
    }
}
