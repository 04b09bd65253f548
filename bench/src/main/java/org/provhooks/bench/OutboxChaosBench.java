package org.provhooks.bench;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.provhooks.core.model.DocumentAssembler;
import org.provhooks.core.model.Namespace;
import org.provhooks.core.model.Prov;
import org.provhooks.core.sink.DeliveryReport;
import org.provhooks.core.sink.ProvDocument;
import org.provhooks.core.sink.RetryPolicy;
import org.provhooks.core.sink.YProvSink;
import org.provhooks.core.yprov.YProvClient;
import org.provhooks.core.yprov.YProvConfig;

/**
 * Pushes 1,000 documents through the outbox while the (loopback) server is stopped and restarted three
 * times, then reports sent / lost / duplicated.
 *
 * <pre>
 * ./mvnw -q -DskipTests package
 * java -cp bench/target/benchmarks.jar org.provhooks.bench.OutboxChaosBench [documents]
 * </pre>
 */
public final class OutboxChaosBench {
    private OutboxChaosBench() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        FakeYProvServer server = new FakeYProvServer(port);
        server.start();
        Path outbox = Files.createTempDirectory("provhooks-outbox-bench");
        YProvConfig cfg = YProvConfig.of("http://127.0.0.1:" + port, "bench", "bench", null)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
        RetryPolicy policy = new RetryPolicy(Duration.ofMillis(50), Duration.ofSeconds(1), 10_000);
        Namespace ex = new Namespace("ex", "https://example.org/bench/");
        long t0 = System.nanoTime();
        int outages = 0;
        try (YProvSink sink = YProvSink.open(new YProvClient(cfg), outbox, policy, w -> {})) {
            for (int i = 0; i < n; i++) {
                sink.submit(new ProvDocument(
                        "doc-" + i,
                        "d.json",
                        new DocumentAssembler()
                                .add(Prov.entity(ex.name("e" + i))
                                        .label("document " + i)
                                        .build())
                                .build(),
                        null));
                if (i % (n / 4) == n / 8 && outages < 3) {
                    server.stop();
                    System.out.printf("server stopped after %d documents submitted%n", i + 1);
                    Thread.sleep(700);
                    server.start();
                    outages++;
                    System.out.println("server restarted");
                }
                Thread.sleep(2);
            }
            DeliveryReport r = sink.flush(Duration.ofSeconds(120));
            double seconds = (System.nanoTime() - t0) / 1e9;
            Set<String> received = new HashSet<>(server.stored.keySet());
            int lost = 0;
            for (int i = 0; i < n; i++) {
                if (!received.contains("doc-" + i)) {
                    lost++;
                }
            }
            long duplicated =
                    server.stored.values().stream().filter(c -> c.get() > 1).count();
            System.out.printf(
                    "%d documents, %d outages: sent %d / lost %d / duplicated %d (still pending %d, failed %d); "
                            + "%d uploads accepted in total; %.1f s%n",
                    n,
                    outages,
                    received.size(),
                    lost - r.pending(),
                    duplicated,
                    r.pending(),
                    r.failed(),
                    server.accepted.get(),
                    seconds);
        } finally {
            server.stop();
        }
    }
}
