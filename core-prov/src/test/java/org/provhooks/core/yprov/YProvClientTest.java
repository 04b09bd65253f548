package org.provhooks.core.yprov;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingSupplier;
import org.junit.jupiter.api.io.TempDir;

class YProvClientTest {
    WireMockServer server;

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        server = FakeYProv.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private Path doc(String json) throws Exception {
        Path f = dir.resolve("d.json");
        Files.writeString(f, json);
        return f;
    }

    @Test
    void replaceLogsInDeletesThenPutsWithTheExactContentType() throws Exception {
        YProvClient c = new YProvClient(FakeYProv.config(server));
        Path f = doc("{\"prefix\": {\"ex\": \"https://e/\"}, \"entity\": {\"ex:e\": {}}}");
        c.replace("run-1", f);
        server.verify(
                1,
                postRequestedFor(urlPathEqualTo("/api/v0/auth/login"))
                        .withHeader("Content-Type", equalTo("application/json")));
        server.verify(
                1,
                deleteRequestedFor(urlEqualTo("/api/v0/documents/run-1"))
                        .withHeader("Authorization", equalTo("Bearer tok-1")));
        List<LoggedRequest> puts = server.findAll(putRequestedFor(urlEqualTo("/api/v0/documents/run-1")));
        assertEquals(1, puts.size());
        assertEquals("application/json", puts.get(0).getHeader("Content-Type"), "no charset suffix");
        assertEquals(Files.readString(f), puts.get(0).getBodyAsString());
    }

    @Test
    void expiredTokenIsRenewedOnce() throws Exception {
        server.stubFor(put(urlEqualTo("/api/v0/documents/run-2"))
                .inScenario("expiry")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(401).withBody("{\"error\": \"Token is expired!\"}"))
                .willSetStateTo("renewed"));
        YProvClient c =
                new YProvClient(YProvConfig.of("http://localhost:" + server.port(), "jdoe", "s3cret", "old-token"));
        c.put("run-2", doc("{}"));
        List<LoggedRequest> puts = server.findAll(putRequestedFor(urlEqualTo("/api/v0/documents/run-2")));
        assertEquals(
                List.of("Bearer old-token", "Bearer tok-1"),
                puts.stream().map(r -> r.getHeader("Authorization")).toList());
        server.verify(1, postRequestedFor(urlPathEqualTo("/api/v0/auth/login")));
    }

    @Test
    void wrongPasswordIsOneClearLineWithoutTheSecret() throws Exception {
        server.stubFor(post(urlPathEqualTo("/api/v0/auth/login"))
                .withRequestBody(equalTo("{\"user\":\"jdoe\",\"password\":\"nope\"}"))
                .willReturn(aResponse().withStatus(401).withBody("{\"error\": \"Please register!\"}")));
        YProvClient c = new YProvClient(YProvConfig.of("http://localhost:" + server.port(), "jdoe", "nope", null));
        YProvException e = assertThrows(YProvException.class, c::login);
        assertEquals(YProvException.Kind.AUTH, e.kind());
        assertTrue(
                e.getMessage().contains("wrong user or password")
                        && e.getMessage().contains("Please register!"),
                e.getMessage());
        assertFalse(e.getMessage().contains("nope"));
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void invalidDocumentIsRejectedWithTheServersAnswer() throws Exception {
        server.stubFor(put(urlEqualTo("/api/v0/documents/bad-doc"))
                .willReturn(aResponse().withStatus(400).withBody("{\"error\": \"Document not valid\"}")));
        YProvException e = assertThrows(
                YProvException.class, () -> new YProvClient(FakeYProv.config(server)).put("bad-doc", doc("{}")));
        assertEquals(YProvException.Kind.REJECTED, e.kind());
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("Document not valid"), e.getMessage());
    }

    @Test
    void invalidIdsAreRefusedBeforeAnyRequest() throws Exception {
        YProvClient c = new YProvClient(FakeYProv.config(server));
        for (String id : List.of("Run-1", "ab", "1run", "run_1", "run 1", "x".repeat(64))) {
            YProvException e = assertThrows(YProvException.class, () -> c.put(id, doc("{}")), id);
            assertEquals(YProvException.Kind.REJECTED, e.kind());
            assertTrue(e.getMessage().contains("3-63 characters"), e.getMessage());
        }
        assertEquals(0, server.getAllServeEvents().size());
    }

    @Test
    void slowServerHitsTheRequestTimeout() throws Exception {
        server.stubFor(put(urlEqualTo("/api/v0/documents/slow"))
                .willReturn(aResponse().withStatus(201).withFixedDelay(3000)));
        YProvClient c =
                new YProvClient(FakeYProv.config(server).withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(500)));
        long t0 = System.nanoTime();
        YProvException e = assertThrows(YProvException.class, () -> c.put("slow", doc("{}")));
        assertEquals(YProvException.Kind.RETRYABLE, e.kind());
        assertTrue(e.getMessage().contains("did not answer within"), e.getMessage());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 2500, "gave up at the timeout");
    }

    @Test
    void unreachableServerIsRetryableAndSaysWhere() throws Exception {
        int port = server.port();
        server.stop();
        YProvException e = assertThrows(
                YProvException.class,
                () -> new YProvClient(YProvConfig.of("http://127.0.0.1:" + port, "jdoe", "s3cret", null)).login());
        assertEquals(YProvException.Kind.RETRYABLE, e.kind());
        assertTrue(e.getMessage().contains("cannot connect to yProv at http://127.0.0.1:" + port), e.getMessage());
    }

    @Test
    void getUnwrapsTheDocumentStringAndListReadsIds() throws Exception {
        server.stubFor(get(urlEqualTo("/api/v0/documents/run-1"))
                .willReturn(aResponse().withStatus(200).withBody("{\"result\": \"{\\\"entity\\\": {}}\"}")));
        server.stubFor(get(urlEqualTo("/api/v0/documents"))
                .willReturn(aResponse().withStatus(200).withBody("{\"result\": [\"run-1\", \"run-2\"]}")));
        YProvClient c = new YProvClient(FakeYProv.config(server));
        assertEquals("{\"entity\": {}}", c.get("run-1"));
        assertEquals(List.of("run-1", "run-2"), c.list());
        server.verify(0, postRequestedFor(urlPathEqualTo("/api/v0/auth/login")));
        server.verify(getRequestedFor(urlEqualTo("/api/v0/documents")));
    }

    @Test
    void configurationErrorsAreOneLine() {
        YProvConfigException bad =
                assertThrows(YProvConfigException.class, () -> YProvConfig.of("localhost:3000", "u", "p", null));
        assertTrue(bad.getMessage().startsWith("malformed yProv URL 'localhost:3000'"), bad.getMessage());
        assertThrows(YProvConfigException.class, () -> YProvConfig.of("http://exa mple", "u", "p", null));
        YProvConfigException noCreds = assertThrows(
                YProvConfigException.class,
                () -> YProvConfig.resolve(
                        Map.of(),
                        Map.of(
                                YProvConfig.ENV_URL,
                                "http://localhost:3000",
                                YProvConfig.ENV_CONFIG,
                                "/nonexistent.properties")));
        assertTrue(noCreds.getMessage().contains("not a readable file"), noCreds.getMessage());
        assertEquals(
                "http://h:3000/api/v0/",
                assertDoesNotThrow(() -> YProvConfig.of("http://h:3000/", "u", "p", null))
                        .apiBase()
                        .toString());
        assertEquals(
                "http://h:3000/api/v0/",
                assertDoesNotThrow(() -> YProvConfig.of("http://h:3000/api/v0", "u", "p", null))
                        .apiBase()
                        .toString());
        assertFalse(assertDoesNotThrow(() -> YProvConfig.of("http://h", "u", "hunter2", "tok"))
                .toString()
                .contains("hunter2"));
    }

    @Test
    void credentialsComeFromTheEnvironmentOrAConfigFile() throws Exception {
        Path props = dir.resolve("c.properties");
        Files.writeString(props, "yprov.url=http://from-file:3000\nyprov.user=fileuser\nyprov.password=filepw\n");
        YProvConfig fromFile = YProvConfig.resolve(Map.of(), Map.of(YProvConfig.ENV_CONFIG, props.toString()));
        assertEquals("http://from-file:3000/api/v0/", fromFile.apiBase().toString());
        assertEquals("fileuser", fromFile.user());
        YProvConfig envWins = YProvConfig.resolve(
                Map.of(),
                Map.of(
                        YProvConfig.ENV_CONFIG,
                        props.toString(),
                        YProvConfig.ENV_URL,
                        "http://env:3000",
                        YProvConfig.ENV_USER,
                        "envuser"));
        assertEquals("http://env:3000/api/v0/", envWins.apiBase().toString());
        assertEquals("envuser", envWins.user());
        assertEquals("filepw", envWins.password());
        Path empty = dir.resolve("empty.properties");
        Files.writeString(empty, "# nothing configured\n");
        assertEquals(
                null,
                YProvConfig.resolve(Map.of(), Map.of(YProvConfig.ENV_CONFIG, empty.toString())),
                "no URL: pushing is off");
    }

    /** A 50 MB document goes through a JVM whose whole heap is smaller than the document. */
    @Test
    void fiftyMegabyteDocumentIsStreamedNotHeldInMemory() throws Exception {
        Path big = dir.resolve("big.json");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            byte[] chunk = new byte[1 << 20];
            Arrays.fill(chunk, (byte) ' ');
            f.write("{\"prefix\": {}, \"entity\": {}}".getBytes());
            for (int i = 0; i < 50; i++) {
                f.write(chunk);
            }
        }
        long size = Files.size(big);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(
                        java,
                        "-Xmx32m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        PushOnce.class.getName(),
                        "http://localhost:" + server.port(),
                        big.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
        List<LoggedRequest> puts = server.findAll(putRequestedFor(urlEqualTo("/api/v0/documents/big-doc")));
        assertEquals(1, puts.size());
        assertEquals(size, puts.get(0).getBody().length);
    }

    private static <T> T assertDoesNotThrow(ThrowingSupplier<T> s) {
        return Assertions.assertDoesNotThrow(s);
    }
}
