package org.provhooks.bench;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.provhooks.core.model.DocumentAssembler;
import org.provhooks.core.model.Namespace;
import org.provhooks.core.model.Prov;
import org.provhooks.core.sink.DeliveryReport;
import org.provhooks.core.sink.ProvDocument;
import org.provhooks.core.sink.RetryPolicy;
import org.provhooks.core.sink.YProvSink;
import org.provhooks.core.yprov.YProvApi;
import org.provhooks.core.yprov.YProvClient;
import org.provhooks.core.yprov.YProvConfig;
import org.provhooks.core.yprov.YProvStoreStandIn;

/**
 * Pushes 1,000 documents through the outbox while the (loopback) server is stopped and restarted three
 * times, then reports sent / lost / duplicated. The server is a v0 stand-in, or with {@code store} the yProvStore
 * stand-in of the core's tests (server-assigned PIDs: a document whose answer was lost in an outage is uploaded again
 * and counts as duplicated).
 *
 * <pre>
 * ./mvnw -q -DskipTests package
 * java -cp bench/target/benchmarks.jar org.provhooks.bench.OutboxChaosBench [documents] [v0|store]
 * </pre>
 */
public final class OutboxChaosBench {
    private OutboxChaosBench() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        boolean store = args.length > 1 && args[1].equals("store");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Server server = store ? new StoreServer(port) : new V0Server(new FakeYProvServer(port));
        server.start();
        Path outbox = Files.createTempDirectory("provhooks-outbox-bench");
        YProvConfig cfg = (store
                        ? YProvConfig.of(
                                        "http://127.0.0.1:" + port,
                                        YProvStoreStandIn.EMAIL,
                                        YProvStoreStandIn.PASSWORD,
                                        null)
                                .withApi(YProvApi.STORE)
                        : YProvConfig.of("http://127.0.0.1:" + port, "bench", "bench", null))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
        RetryPolicy policy = new RetryPolicy(Duration.ofMillis(50), Duration.ofSeconds(1), 10_000);
        Namespace ex = new Namespace("ex", "https://example.org/bench/");
        long t0 = System.nanoTime();
        int outages = 0;
        try (YProvSink sink = store
                ? YProvSink.open(cfg, outbox, policy, w -> {})
                : YProvSink.open(new YProvClient(cfg), outbox, policy, w -> {})) {
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
            Map<String, Integer> received = server.uploadsById();
            int lost = 0;
            for (int i = 0; i < n; i++) {
                if (!received.containsKey("doc-" + i)) {
                    lost++;
                }
            }
            long duplicated = received.values().stream().filter(c -> c > 1).count();
            System.out.printf(
                    "%s: %d documents, %d outages: sent %d / lost %d / duplicated %d (still pending %d, failed %d); "
                            + "%d uploads accepted in total; %.1f s%n",
                    store ? "yProvStore" : "yProv v0",
                    n,
                    outages,
                    received.size(),
                    lost - r.pending(),
                    duplicated,
                    r.pending(),
                    r.failed(),
                    received.values().stream().mapToInt(Integer::intValue).sum(),
                    seconds);
        } finally {
            server.stop();
        }
    }

    /** The server under test: stopped and started on one port, its state kept. */
    private interface Server {
        void start() throws Exception;

        void stop();

        /** How many uploads each document id received (more than 1: duplicated). */
        Map<String, Integer> uploadsById();
    }

    private record V0Server(FakeYProvServer s) implements Server {
        public void start() throws Exception {
            s.start();
        }

        public void stop() {
            s.stop();
        }

        public Map<String, Integer> uploadsById() {
            Map<String, Integer> m = new HashMap<>();
            s.stored.forEach((k, v) -> m.put(k, v.get()));
            return m;
        }
    }

    /** The yProvStore stand-in; a document's id is read from its label ("document i"). */
    private static final class StoreServer implements Server {
        private final int port;
        private YProvStoreStandIn store;

        StoreServer(int port) {
            this.port = port;
        }

        public void start() throws Exception {
            if (store == null) {
                store = YProvStoreStandIn.start(port);
            } else {
                store.start();
            }
        }

        public void stop() {
            store.stop();
        }

        public Map<String, Integer> uploadsById() {
            Map<String, Integer> m = new HashMap<>();
            for (YProvStoreStandIn.Stored d : store.documents()) {
                int at = d.body().indexOf("document ") + "document ".length();
                String i = d.body().substring(at, d.body().indexOf('"', at));
                m.merge("doc-" + i, 1, Integer::sum);
            }
            return m;
        }
    }
}
