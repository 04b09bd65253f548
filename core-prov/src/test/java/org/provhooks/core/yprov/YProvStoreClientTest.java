package org.provhooks.core.yprov;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.airlift.compress.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The yProvStore client against WireMock stubs written from the store's documented shapes (spec §3.3): what it sends
 * (login body, JSON and multipart uploads, zstd, the parent query, PATCH bodies) and how it reads every answer.
 */
class YProvStoreClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OK =
            "{\"pid\":\"21.T1/abc\",\"version\":1,\"storage_url\":\"s3://x\",\"owner_email\":\"a@b.org\",\"parent_document_pid\":null}";

    @TempDir
    Path dir;

    WireMockServer wm;
    Path doc;

    @BeforeEach
    void start() throws Exception {
        wm = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        wm.stubFor(post(urlPathEqualTo("/auth/login"))
                .withRequestBody(equalToJson("{\"email\":\"a@b.org\",\"password\":\"pw-12345\"}"))
                .willReturn(
                        aResponse().withStatus(200).withBody("{\"access_token\":\"T1\",\"token_type\":\"bearer\"}")));
        wm.start();
        doc = dir.resolve("run.prov.json");
        Files.writeString(
                doc,
                "{\"prefix\":{\"ex\":\"https://example.org/\"},\"entity\":{\"ex:a\":{\"prov:label\":\"é and \\\"q\\\"\"}}}");
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    private YProvStoreClient client(long multipartAbove, long compressAbove) throws Exception {
        return new YProvStoreClient(
                YProvConfig.of(wm.baseUrl(), "a@b.org", "pw-12345", null), multipartAbove, compressAbove);
    }

    private YProvStoreClient client() throws Exception {
        return client(YProvStoreClient.MULTIPART_ABOVE, YProvStoreClient.COMPRESS_ABOVE);
    }

    private LoggedRequest onlyUpload() {
        List<LoggedRequest> r = wm.findAll(postRequestedFor(urlPathEqualTo("/documents")));
        assertEquals(1, r.size(), r.toString());
        return r.get(0);
    }

    @Test
    void logsInWithEmailAndUploadsTheDocumentAsDocumentDataWithTheBearerToken() throws Exception {
        wm.stubFor(post(urlEqualTo("/documents"))
                .withHeader("Authorization", equalTo("Bearer T1"))
                .withHeader("Content-Type", equalTo("application/json"))
                .willReturn(aResponse().withStatus(200).withBody(OK)));
        StoredDocument d = client().upload(doc, null);
        assertEquals(new StoredDocument("21.T1/abc", 1, "s3://x", null), d);
        JsonNode sent = JSON.readTree(onlyUpload().getBodyAsString());
        assertEquals(JSON.readTree(doc.toFile()), sent.get("document_data"), "the document, as it is on disk");
        assertEquals(1, sent.size());
        assertNull(onlyUpload().getHeader("Content-Encoding"), "small bodies go uncompressed");
    }

    @Test
    void aSecondVersionNamesItsParentInTheQuery() throws Exception {
        wm.stubFor(post(urlEqualTo("/documents?parent_document_pid=21.T1%2Fabc"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withBody("{\"pid\":\"21.T1/def\",\"version\":2,\"parent_document_pid\":\"21.T1/abc\"}")));
        StoredDocument d = client().upload(doc, "21.T1/abc");
        assertEquals(new StoredDocument("21.T1/def", 2, null, "21.T1/abc"), d);
    }

    @Test
    void anUnknownParentStartsANewLineageRatherThanLosingTheDocument() throws Exception {
        wm.stubFor(post(urlEqualTo("/documents?parent_document_pid=21.T1%2Fgone"))
                .willReturn(aResponse().withStatus(404).withBody("{\"description\":\"Document not found\"}")));
        wm.stubFor(post(urlEqualTo("/documents"))
                .willReturn(aResponse().withStatus(200).withBody(OK)));
        assertEquals("21.T1/abc", client().upload(doc, "21.T1/gone").pid());
    }

    @Test
    void anExpiredTokenIsRenewedOnceAndTheRequestRepeated() throws Exception {
        wm.stubFor(post(urlEqualTo("/documents"))
                .inScenario("expiry")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(401).withBody("{\"description\":\"Token expired\"}"))
                .willSetStateTo("renewed"));
        wm.stubFor(post(urlEqualTo("/documents"))
                .inScenario("expiry")
                .whenScenarioStateIs("renewed")
                .willReturn(aResponse().withStatus(200).withBody(OK)));
        YProvStoreClient c = new YProvStoreClient(YProvConfig.of(wm.baseUrl(), "a@b.org", "pw-12345", "OLD"));
        assertEquals("21.T1/abc", c.upload(doc, null).pid());
        List<LoggedRequest> uploads = wm.findAll(postRequestedFor(urlPathEqualTo("/documents")));
        assertEquals("Bearer OLD", uploads.get(0).getHeader("Authorization"));
        assertEquals("Bearer T1", uploads.get(1).getHeader("Authorization"));
        wm.verify(1, postRequestedFor(urlPathEqualTo("/auth/login")));
    }

    @Test
    void aTokenRefusedAfterRenewalIsACredentialsErrorInOneLine() throws Exception {
        wm.stubFor(post(urlEqualTo("/documents"))
                .willReturn(
                        aResponse().withStatus(401).withBody("{\"description\":\"Could not validate credentials\"}")));
        YProvException e = assertThrows(YProvException.class, () -> client().upload(doc, null));
        assertEquals(YProvException.Kind.AUTH, e.kind());
        assertTrue(e.getMessage().contains("Could not validate credentials"), e.getMessage());
        assertFalse(e.getMessage().contains("pw-12345") || e.getMessage().contains("T1 "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        wm.verify(2, postRequestedFor(urlPathEqualTo("/auth/login")));
    }

    @Test
    void wrongCredentialsSayWhatToFix() throws Exception {
        YProvStoreClient c = new YProvStoreClient(YProvConfig.of(wm.baseUrl(), "a@b.org", "wrong-pw", null));
        wm.stubFor(post(urlPathEqualTo("/auth/login"))
                .withRequestBody(equalToJson("{\"email\":\"a@b.org\",\"password\":\"wrong-pw\"}"))
                .willReturn(aResponse().withStatus(401).withBody("{\"description\":\"Invalid credentials\"}")));
        YProvException e = assertThrows(YProvException.class, c::login);
        assertEquals(YProvException.Kind.AUTH, e.kind());
        assertTrue(e.getMessage().contains("wrong email or password"), e.getMessage());
        assertTrue(e.getMessage().contains("Invalid credentials"), e.getMessage());
        assertFalse(e.getMessage().contains("wrong-pw"));
    }

    @Test
    void largeDocumentsGoAsAMultipartDocumentFile() throws Exception {
        wm.stubFor(post(urlEqualTo("/documents"))
                .willReturn(aResponse().withStatus(200).withBody(OK)));
        client(10, Long.MAX_VALUE).upload(doc, "sending-copy.prov.json", null);
        LoggedRequest r = onlyUpload();
        String type = r.getHeader("Content-Type");
        assertTrue(type.startsWith("multipart/form-data; boundary="), type);
        String[] part = YProvStoreStandIn.filePart(r.getBodyAsString(), type);
        assertEquals("sending-copy.prov.json", part[0]);
        assertEquals(Files.readString(doc), part[1]);
        assertTrue(r.getBodyAsString().contains("Content-Type: application/json"));
    }

    @Test
    void bodiesOverTheThresholdAreZstdCompressed() throws Exception {
        wm.stubFor(post(urlEqualTo("/documents"))
                .withHeader("Content-Encoding", equalTo("zstd"))
                .willReturn(aResponse().withStatus(200).withBody(OK)));
        YProvStoreClient c = client(Long.MAX_VALUE, 10);
        c.upload(doc, null);
        LoggedRequest r = onlyUpload();
        assertEquals("application/json", r.getHeader("Content-Type"));
        byte[] plain;
        try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(r.getBody()))) {
            plain = in.readAllBytes();
        }
        JsonNode sent = JSON.readTree(new String(plain, StandardCharsets.UTF_8));
        assertEquals(JSON.readTree(doc.toFile()), sent.get("document_data"));
        assertTrue(c.compresses());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(doc), files.toList(), "the compressed body's temporary file is gone");
        }
    }

    @Test
    void aServerThatReadsNoZstdGetsThePlainBodyAndNoMoreCompression() throws Exception {
        wm.stubFor(post(urlEqualTo("/documents"))
                .withHeader("Content-Encoding", equalTo("zstd"))
                .willReturn(aResponse().withStatus(415).withBody("{\"description\":\"Unsupported Media Type\"}")));
        wm.stubFor(post(urlEqualTo("/documents"))
                .withHeader("Content-Encoding", absent())
                .willReturn(aResponse().withStatus(200).withBody(OK)));
        YProvStoreClient c = client(10, 10);
        assertEquals("21.T1/abc", c.upload(doc, null).pid());
        assertFalse(c.compresses());
        c.upload(doc, null);
        wm.verify(3, postRequestedFor(urlPathEqualTo("/documents")));
    }

    @Test
    void refusalsAreOneLineWithTheServersDescriptionAndDetails() throws Exception {
        YProvStoreClient c = client();
        wm.stubFor(post(urlEqualTo("/documents"))
                .willReturn(aResponse()
                        .withStatus(422)
                        .withBody(
                                "{\"description\":\"Validation error\",\"details\":[{\"loc\":[\"body\",\"document_data\"],"
                                        + "\"msg\":\"field required\"}]}")));
        YProvException e = assertThrows(YProvException.class, () -> c.upload(doc, null));
        assertEquals(YProvException.Kind.REJECTED, e.kind());
        assertEquals(422, e.status());
        assertTrue(e.getMessage().contains("Validation error: [{\"loc\":[\"body\",\"document_data\"]"), e.getMessage());
        assertTrue(e.responseBody().contains("field required"), "the whole answer is kept for failed/");

        wm.stubFor(post(urlEqualTo("/documents"))
                .willReturn(aResponse().withStatus(413).withBody("{\"description\":\"Payload Too Large\"}")));
        e = assertThrows(YProvException.class, () -> c.upload(doc, null));
        assertEquals(YProvException.Kind.REJECTED, e.kind());
        assertTrue(
                e.getMessage().contains("larger than yProvStore accepts")
                        && e.getMessage().contains("Payload Too Large"),
                e.getMessage());

        wm.stubFor(post(urlEqualTo("/documents"))
                .willReturn(aResponse().withStatus(409).withBody("{\"description\":\"Document already exists\"}")));
        e = assertThrows(YProvException.class, () -> c.upload(doc, null));
        assertEquals(YProvException.Kind.REJECTED, e.kind());
        assertTrue(e.getMessage().endsWith("yProvStore answered 409 (Document already exists)"), e.getMessage());

        wm.stubFor(post(urlEqualTo("/documents"))
                .willReturn(aResponse().withStatus(503).withBody("<html>maintenance</html>")));
        e = assertThrows(YProvException.class, () -> c.upload(doc, null));
        assertEquals(YProvException.Kind.RETRYABLE, e.kind(), "5xx is retried later");

        wm.stubFor(post(urlEqualTo("/documents"))
                .willReturn(aResponse().withStatus(404).withBody("{\"detail\":\"Not Found\"}")));
        e = assertThrows(YProvException.class, () -> c.upload(doc, null));
        assertEquals(YProvException.Kind.ENDPOINT, e.kind());
        assertTrue(e.getMessage().contains("PROVHOOKS_YPROV_API=v0"), e.getMessage());
    }

    @Test
    void linksAndMetadataArePatchedOnThePidsPath() throws Exception {
        wm.stubFor(patch(urlEqualTo("/documents/21.T1/abc/related"))
                .willReturn(aResponse().withStatus(200).withBody("{}")));
        wm.stubFor(patch(urlEqualTo("/documents/21.T1/abc/metadata"))
                .willReturn(aResponse().withStatus(200).withBody("{}")));
        YProvStoreClient c = client();
        c.relate("21.T1/abc", List.of("21.T1/m1", "21.T1/m2"));
        c.describe(
                "21.T1/abc",
                new StoreMetadata("wf — Nextflow run x", "desc", List.of("nextflow", "completed"), "jdoe"));
        wm.verify(patchRequestedFor(urlEqualTo("/documents/21.T1/abc/related"))
                .withHeader("Authorization", equalTo("Bearer T1"))
                .withRequestBody(equalToJson("{\"related_pids\":[\"21.T1/m1\",\"21.T1/m2\"]}")));
        wm.verify(patchRequestedFor(urlEqualTo("/documents/21.T1/abc/metadata"))
                .withRequestBody(equalToJson("{\"title\":\"wf — Nextflow run x\",\"description\":\"desc\","
                        + "\"keywords\":[\"nextflow\",\"completed\"],\"author\":\"jdoe\"}")));
    }

    @Test
    void theApiIsDetectedFromStatusOrTheUrl() throws Exception {
        assertEquals(YProvApi.V0, YProvDetector.detect(YProvConfig.of(wm.baseUrl(), "u", "p", null)), "no /status: v0");
        wm.stubFor(get(urlEqualTo("/status"))
                .willReturn(aResponse().withStatus(200).withBody("{\"status\":\"ok\"}")));
        assertEquals(YProvApi.STORE, YProvDetector.detect(YProvConfig.of(wm.baseUrl(), "u", "p", null)));
        int before = wm.getAllServeEvents().size();
        assertEquals(YProvApi.V0, YProvDetector.detect(YProvConfig.of(wm.baseUrl() + "/api/v0", "u", "p", null)));
        assertEquals(
                YProvApi.V0,
                YProvDetector.detect(
                        YProvConfig.of(wm.baseUrl(), "u", "p", null).withApi(YProvApi.V0)));
        assertEquals(before, wm.getAllServeEvents().size(), "a URL or setting that says it is not asked");

        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        YProvException e = assertThrows(
                YProvException.class,
                () -> YProvDetector.detect(YProvConfig.of("http://127.0.0.1:" + closed, "u", "p", null)));
        assertEquals(YProvException.Kind.RETRYABLE, e.kind(), "a server that is down is asked again later");
    }

    @Test
    void theApiSettingIsCheckedInOneLine() {
        YProvConfigException e = assertThrows(YProvConfigException.class, () -> YProvApi.parse("v2beta"));
        assertTrue(
                e.getMessage().contains("PROVHOOKS_YPROV_API") && e.getMessage().contains("v0, store or auto"));
        assertDoesNotThrow(() -> assertEquals(YProvApi.STORE, YProvApi.parse(" Store ")));
        assertDoesNotThrow(() -> assertNull(YProvApi.parse("auto")));
    }

    private static void assertDoesNotThrow(org.junit.jupiter.api.function.Executable e) {
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(e);
    }
}
