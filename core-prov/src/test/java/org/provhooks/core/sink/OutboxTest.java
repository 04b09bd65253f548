package org.provhooks.core.sink;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.json.ProvJsonReader;
import org.provhooks.core.json.ProvJsonWriter;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.DocumentAssembler;
import org.provhooks.core.model.Namespace;
import org.provhooks.core.model.Prov;
import org.provhooks.core.yprov.FakeYProv;
import org.provhooks.core.yprov.YProvClient;
import org.provhooks.core.yprov.YProvConfig;

class OutboxTest {
    private static final RetryPolicy FAST = new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(100), 50);

    @TempDir
    Path dir;

    WireMockServer server;
    final List<String> warnings = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    static Document doc(String id) {
        return new DocumentAssembler()
                .add(Prov.entity(new Namespace("ex", "https://example.org/").name(id))
                        .build())
                .build();
    }

    private YProvSink sink(WireMockServer s) throws Exception {
        return YProvSink.open(new YProvClient(FakeYProv.config(s)), dir.resolve("outbox"), FAST, warnings::add);
    }

    @Test
    void happyPathDeliversAndEmptiesThePendingDirectory() throws Exception {
        server = FakeYProv.start();
        try (YProvSink sink = sink(server)) {
            Delivery d = sink.submit(ProvDocument.of("happy_turing", doc("e1")));
            assertEquals(Delivery.Status.QUEUED, d.status());
            assertTrue(d.path().startsWith(dir.resolve("outbox/pending")));
            DeliveryReport r = sink.flush(Duration.ofSeconds(10));
            assertEquals(new DeliveryReport(1, 0, 0, null), r);
            String id = ProvDocument.of("happy_turing", doc("e1")).id();
            server.verify(
                    1,
                    putRequestedFor(urlEqualTo("/api/v0/documents/" + id))
                            .withHeader("Content-Type", equalTo("application/json")));
            assertEquals(
                    doc("e1"),
                    ProvJsonReader.readString(server.findAll(putRequestedFor(urlEqualTo("/api/v0/documents/" + id)))
                            .get(0)
                            .getBodyAsString()));
            assertEquals(List.of(), sink.outbox().pendingIds());
        }
    }

    @Test
    void refusedDocumentMovesToFailedWithTheServersAnswer() throws Exception {
        server = FakeYProv.start();
        server.stubFor(put(urlEqualTo("/api/v0/documents/bad-doc"))
                .atPriority(1)
                .willReturn(aResponse().withStatus(400).withBody("{\"error\": \"Document not valid\"}")));
        try (YProvSink sink = sink(server)) {
            sink.submit(new ProvDocument("bad-doc", "bad.json", doc("x"), null));
            DeliveryReport r = sink.flush(Duration.ofSeconds(10));
            assertEquals(0, r.sent());
            assertEquals(1, r.failed());
            assertEquals(0, r.pending());
            Path failed = dir.resolve("outbox/failed");
            assertTrue(Files.exists(failed.resolve("bad-doc.prov.json")));
            assertTrue(Files.readString(failed.resolve("bad-doc.response.txt")).contains("Document not valid"));
            server.verify(1, putRequestedFor(urlEqualTo("/api/v0/documents/bad-doc")));
            assertTrue(warnings.stream().anyMatch(w -> w.contains("bad-doc was refused")), warnings.toString());
        }
    }

    @Test
    void serverErrorsAreRetriedWithBackoffUntilSuccess() throws Exception {
        server = FakeYProv.start();
        server.stubFor(put(urlEqualTo("/api/v0/documents/flaky"))
                .atPriority(1)
                .inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500))
                .willSetStateTo("one"));
        server.stubFor(put(urlEqualTo("/api/v0/documents/flaky"))
                .atPriority(1)
                .inScenario("flaky")
                .whenScenarioStateIs("one")
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("ok"));
        try (YProvSink sink = sink(server)) {
            sink.submit(new ProvDocument("flaky", "f.json", doc("x"), null));
            assertEquals(new DeliveryReport(1, 0, 0, null), sink.flush(Duration.ofSeconds(10)));
            server.verify(3, putRequestedFor(urlEqualTo("/api/v0/documents/flaky")));
        }
    }

    @Test
    void nothingIsLostWhileTheServerIsDownAndItDrainsWhenItAppears() throws Exception {
        // Down: every connection is reset. Up: the fault is removed. One server on one port the whole time, so no
        // other process can take the port in between.
        server = FakeYProv.start();
        var down = server.stubFor(
                any(anyUrl()).atPriority(0).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        YProvConfig cfg = FakeYProv.config(server);
        try (YProvSink sink = YProvSink.open(new YProvClient(cfg), dir.resolve("outbox"), FAST, warnings::add)) {
            for (int i = 0; i < 20; i++) {
                sink.submit(new ProvDocument("doc-" + i, "d.json", doc("e" + i), null));
            }
            DeliveryReport whileDown = sink.flush(Duration.ofMillis(300));
            assertEquals(0, whileDown.sent());
            assertEquals(20, whileDown.pending());
            assertTrue(whileDown.note().contains("kept in"), whileDown.note());
            server.removeStub(down);
            server.resetRequests(); // from here on, each document must arrive exactly once
            DeliveryReport up = sink.flush(Duration.ofSeconds(20));
            assertEquals(new DeliveryReport(20, 0, 0, null), up);
            for (int i = 0; i < 20; i++) {
                server.verify(1, putRequestedFor(urlEqualTo("/api/v0/documents/doc-" + i)));
            }
        }
    }

    @Test
    void slowServerTimesOutThenTheRetrySucceeds() throws Exception {
        server = FakeYProv.start();
        server.stubFor(put(urlEqualTo("/api/v0/documents/slow"))
                .atPriority(1)
                .inScenario("slow")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(201).withFixedDelay(2000))
                .willSetStateTo("fast"));
        YProvClient client =
                new YProvClient(FakeYProv.config(server).withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(400)));
        try (YProvSink sink = YProvSink.open(client, dir.resolve("outbox"), FAST, warnings::add)) {
            sink.submit(new ProvDocument("slow", "s.json", doc("x"), null));
            assertEquals(new DeliveryReport(1, 0, 0, null), sink.flush(Duration.ofSeconds(10)));
            server.verify(2, putRequestedFor(urlEqualTo("/api/v0/documents/slow")));
        }
    }

    @Test
    void spoolFileLeftByAKilledProcessIsDeliveredOnTheNextStart() throws Exception {
        server = FakeYProv.start();
        Path pending = dir.resolve("outbox/pending");
        Files.createDirectories(pending);
        Files.writeString(
                pending.resolve("left-over.prov.json"), ProvJsonWriter.compact().writeToString(doc("old")));
        Files.writeString(
                pending.resolve(".left-over2.prov.json123.tmp"), "{\"half\": "); // a write that never finished
        try (YProvSink sink = sink(server)) {
            assertEquals(new DeliveryReport(1, 0, 0, null), sink.flush(Duration.ofSeconds(10)));
            server.verify(1, putRequestedFor(urlEqualTo("/api/v0/documents/left-over")));
            server.verify(0, putRequestedFor(urlMatching(".*left-over2.*")));
        }
    }

    @Test
    void wrongCredentialsStopDeliveryAndKeepEverything() throws Exception {
        server = FakeYProv.start();
        server.stubFor(post(urlPathEqualTo("/api/v0/auth/login"))
                .atPriority(1)
                .willReturn(aResponse().withStatus(401).withBody("{\"error\": \"Please register!\"}")));
        try (YProvSink sink = sink(server)) {
            sink.submit(new ProvDocument("kept-1", "k.json", doc("a"), null));
            sink.submit(new ProvDocument("kept-2", "k.json", doc("b"), null));
            DeliveryReport r = sink.flush(Duration.ofSeconds(5));
            assertEquals(0, r.sent());
            assertEquals(2, r.pending());
            assertTrue(r.note().contains("wrong user or password"), r.note());
            assertEquals(1, warnings.size(), "said once: " + warnings);
        }
    }

    @Test
    void resubmittingTheSameRunReplacesThePendingCopy() throws Exception {
        server = FakeYProv.start();
        // Both versions are spooled before the worker starts: only the newer one may be sent.
        try (Outbox box = Outbox.open(
                dir.resolve("outbox"), new YProvClient(FakeYProv.config(server))::replace, FAST, warnings::add)) {
            box.enqueue("run-a", doc("v1"));
            box.enqueue("run-a", doc("v2"));
            assertEquals(List.of("run-a"), box.pendingIds());
            box.start();
            assertEquals(new DeliveryReport(1, 0, 0, null), box.awaitDelivery(Duration.ofSeconds(20)));
        }
        server.verify(1, putRequestedFor(urlEqualTo("/api/v0/documents/run-a")));
        assertEquals(
                doc("v2"),
                ProvJsonReader.readString(server.findAll(putRequestedFor(urlEqualTo("/api/v0/documents/run-a")))
                        .get(0)
                        .getBodyAsString()));
    }

    @Test
    void aRefusedUploadMovesTheCopyThatWasSentNotANewerVersionSpooledWhileItWasInFlight() throws Exception {
        server = FakeYProv.start();
        String secret = "Bearer abcdefghijklmnop123456";
        server.stubFor(put(urlEqualTo("/api/v0/documents/run-b"))
                .atPriority(1)
                .inScenario("refuse-first")
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("accept")
                .willReturn(aResponse()
                        .withStatus(422)
                        .withFixedDelay(1500)
                        .withBody("{\"error\": \"bad document\", \"echo\": \"Authorization: " + secret + "\"}")));
        try (Outbox box = Outbox.open(
                dir.resolve("outbox"), new YProvClient(FakeYProv.config(server))::replace, FAST, warnings::add)) {
            box.enqueue("run-b", doc("v1"));
            box.start();
            Instant deadline = Instant.now().plusSeconds(10);
            while (server.findAll(putRequestedFor(urlEqualTo("/api/v0/documents/run-b")))
                    .isEmpty()) {
                Assertions.assertTrue(Instant.now().isBefore(deadline), "v1 was never sent");
                Thread.sleep(10);
            }
            box.enqueue("run-b", doc("v2")); // while v1 is in flight
            DeliveryReport r = box.awaitDelivery(Duration.ofSeconds(20));
            assertEquals(1, r.failed(), r.toString());
            assertEquals(1, r.sent(), r.toString());
        }
        Path failed = dir.resolve("outbox/failed");
        assertEquals(doc("v1"), ProvJsonReader.read(failed.resolve("run-b.prov.json")));
        List<String> bodies = server.findAll(putRequestedFor(urlEqualTo("/api/v0/documents/run-b"))).stream()
                .map(q -> q.getBodyAsString())
                .toList();
        assertEquals(2, bodies.size());
        assertEquals(doc("v2"), ProvJsonReader.readString(bodies.get(1)));
        String response = Files.readString(failed.resolve("run-b.response.txt"));
        assertTrue(response.contains("bad document"), response);
        assertFalse(response.contains("abcdefghijklmnop123456"), response);
        assertTrue(warnings.stream().noneMatch(w -> w.contains("abcdefghijklmnop123456")), warnings.toString());
    }

    @Test
    void unusableOutboxGivesOneLine() throws Exception {
        Path notADir = dir.resolve("file.txt");
        Files.writeString(notADir, "x");
        IOException e = Assertions.assertThrows(
                IOException.class, () -> Outbox.open(notADir.resolve("outbox"), (id, f) -> {}, FAST, warnings::add));
        assertTrue(e.getMessage().startsWith("cannot use outbox directory"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        // What a run session does with it: RunSessionTest.anUnusableOutboxOrBadUrlDisablesPushingOnlyWithOneWarning
    }

    @Test
    void urlThatIsNoYProvApiStopsDeliveryAndKeepsDocuments() throws Exception {
        server = FakeYProv.start();
        server.stubFor(put(urlMatching("/api/v0/documents/.*"))
                .atPriority(1)
                .willReturn(aResponse().withStatus(404)));
        try (YProvSink sink = sink(server)) {
            sink.submit(new ProvDocument("kept-3", "k.json", doc("a"), null));
            DeliveryReport r = sink.flush(Duration.ofSeconds(5));
            assertEquals(new DeliveryReport(0, 1, 0, r.note()), r);
            assertTrue(r.note().contains("is the URL that of a yProv v0 service"), r.note());
            assertTrue(Files.exists(dir.resolve("outbox/pending/kept-3.prov.json")));
        }
    }

    @Test
    void retryDelaysGrowWithJitterAndStayBounded() {
        RetryPolicy p = new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(2), 5);
        for (int i = 0; i < 100; i++) {
            long d1 = p.delayAfter(1).toMillis();
            long d3 = p.delayAfter(3).toMillis();
            long d10 = p.delayAfter(10).toMillis();
            assertTrue(d1 >= 50 && d1 <= 100, "first " + d1);
            assertTrue(d3 >= 200 && d3 <= 400, "third " + d3);
            assertTrue(d10 >= 1000 && d10 <= 2000, "capped " + d10);
        }
        Instant.now();
    }
}
