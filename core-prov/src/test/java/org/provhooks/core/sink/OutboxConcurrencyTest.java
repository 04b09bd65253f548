package org.provhooks.core.sink;

import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.yprov.FakeYProv;
import org.provhooks.core.yprov.YProvClient;

/** 16 threads in each of two processes spool into one outbox: every document arrives once, none is lost. */
class OutboxConcurrencyTest {
    static final RetryPolicy FAST = new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(200), 50);
    static final int THREADS = 16;
    static final int PER_THREAD = 20;

    @TempDir
    Path dir;

    WireMockServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** Spools {@code perThread} documents from each of {@code threads} threads at once. */
    static void spool(Outbox box, String prefix, int threads, int perThread) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        box.enqueue(prefix + "-" + thread + "-" + i, OutboxTest.doc("e" + thread + "x" + i));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void sixteenThreadsInEachOfTwoProcessesLoseAndDuplicateNothing() throws Exception {
        server = FakeYProv.start();
        Path outbox = dir.resolve("outbox");
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        OutboxChild.class.getName(),
                        outbox.toString(),
                        "http://localhost:" + server.port(),
                        "child",
                        String.valueOf(THREADS),
                        String.valueOf(PER_THREAD))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile())
                .start();
        DeliveryReport report;
        try (Outbox box = Outbox.open(outbox, new YProvClient(FakeYProv.config(server))::replace, FAST, w -> {})) {
            box.start();
            spool(box, "parent", THREADS, PER_THREAD);
            assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child process ends");
            assertEquals(
                    0,
                    child.exitValue(),
                    () -> readQuietly(dir.resolve("child.log").toFile()));
            report = box.awaitDelivery(Duration.ofSeconds(60));
            assertEquals(List.of(), box.pendingIds(), report.toString());
        }
        Map<String, Integer> puts = new HashMap<>();
        server.findAll(putRequestedFor(urlMatching("/api/v0/documents/.*")))
                .forEach(r -> puts.merge(r.getUrl().substring("/api/v0/documents/".length()), 1, Integer::sum));
        List<String> expected = new ArrayList<>(OutboxChild.ids("parent", THREADS, PER_THREAD));
        expected.addAll(OutboxChild.ids("child", THREADS, PER_THREAD));
        for (String id : expected) {
            assertEquals(1, puts.getOrDefault(id, 0), "uploads of " + id);
        }
        assertEquals(expected.size(), puts.size(), "nothing else was uploaded");
    }

    private static String readQuietly(File f) {
        try {
            return java.nio.file.Files.readString(f.toPath(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
