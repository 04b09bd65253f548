package org.provhooks.core.sink;

import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.yprov.FakeYProv;
import org.provhooks.core.yprov.YProvConfig;

class PublisherTest {
    @TempDir
    Path dir;

    private Map<String, String> env(int port) throws Exception {
        Path empty = dir.resolve("empty.properties");
        Files.writeString(empty, "");
        return Map.of(YProvConfig.ENV_URL, "http://127.0.0.1:" + port, YProvConfig.ENV_USER, "jdoe",
                YProvConfig.ENV_PASSWORD, "s3cret", YProvConfig.ENV_CONFIG, empty.toString(),
                Sinks.ENV_OUTBOX, dir.resolve("outbox").toString());
    }

    @Test
    void writesTheFileAndPushesThenSaysSoInOneLine() throws Exception {
        WireMockServer server = FakeYProv.start();
        List<String> warnings = new ArrayList<>();
        try (Publisher p = Publisher.create(dir.resolve("out"), Map.of(), env(server.port()), warnings::add)) {
            p.publish(ProvDocument.of("run-1", OutboxTest.doc("e")));
            String line = p.finish();
            assertEquals("provenance: wrote " + dir.resolve("out/run-1.prov.json").toAbsolutePath() + "; yProv: sent 1, pending 0, failed 0", line);
            server.verify(1, putRequestedFor(urlEqualTo("/api/v0/documents/run-1")));
        } finally {
            server.stop();
        }
        assertEquals(List.of(), warnings);
    }

    @Test
    void serverDownWaitsAtMostTheConfiguredTimeAndKeepsTheRest() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (Publisher p = Publisher.create(dir.resolve("out"), Map.of(), env(port), w -> { }).withWait(Duration.ofMillis(500))) {
            p.publish(ProvDocument.of("run-2", OutboxTest.doc("e")));
            long t0 = System.nanoTime();
            String line = p.finish();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 3000, "waited " + ms + " ms");
            assertTrue(line.contains("yProv: sent 0, pending 1, failed 0"), line);
            assertTrue(line.contains("kept in " + dir.resolve("outbox/pending")), line);
            assertEquals(1, line.split("\n").length);
        }
        assertTrue(Files.exists(dir.resolve("out/run-2.prov.json")));
        assertTrue(Files.exists(dir.resolve("outbox/pending/run-2.prov.json")));
    }
}
