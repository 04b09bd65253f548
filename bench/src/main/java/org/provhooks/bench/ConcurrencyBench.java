package org.provhooks.bench;

import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.provhooks.core.json.ProvFormatException;
import org.provhooks.core.json.ProvJsonScanner;
import org.provhooks.core.json.ScannedRecord;
import org.provhooks.core.model.DocumentAssembler;
import org.provhooks.core.model.Namespace;
import org.provhooks.core.model.Prov;
import org.provhooks.core.model.RecordKind;
import org.provhooks.core.sink.DeliveryReport;
import org.provhooks.core.sink.Outbox;
import org.provhooks.core.sink.RetryPolicy;
import org.provhooks.core.workflow.DataRef;
import org.provhooks.core.workflow.TaskActivity;
import org.provhooks.core.workflow.WorkflowRecorder;
import org.provhooks.core.yprov.YProvClient;
import org.provhooks.core.yprov.YProvConfig;

/**
 * Many writers at once. (1) 16 threads record tasks into one recorder (spooled, as the Nextflow plugin does) until each
 * has produced about 100,000 records; the document is scanned back and every task and generation counted. (2) Two
 * processes, 16 threads each, spool documents into one outbox while both deliver to a loopback yProv stand-in; every
 * document must arrive exactly once.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.provhooks.bench.ConcurrencyBench [tasksPerThread=25000] [docsPerThread=200]
 * </pre>
 */
public final class ConcurrencyBench {
    private static final int THREADS = 16;

    private ConcurrencyBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("outbox-child")) {
            outboxChild(Path.of(args[1]), args[2], Integer.parseInt(args[3]));
            return;
        }
        int tasksPerThread = args.length > 0 ? Integer.parseInt(args[0]) : 25_000;
        int docsPerThread = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        recorder(tasksPerThread);
        outbox(docsPerThread);
    }

    private static void recorder(int perThread) throws Exception {
        Path spool = Files.createTempDirectory("provhooks-conc");
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        WorkflowRecorder rec =
                WorkflowRecorder.start("Nextflow", "conc", "conc", t0).spillTo(spool);
        DataRef shared = DataRef.of("/ref/genome.fa", "genome.fa");
        long start = System.nanoTime();
        run(THREADS, thread -> {
            for (int i = 0; i < perThread; i++) {
                rec.task(TaskActivity.builder(thread + "-" + i)
                        .label("T " + thread + "-" + i)
                        .status("COMPLETED")
                        .start(t0)
                        .end(t0.plusSeconds(1))
                        .input(shared)
                        .output(DataRef.of("/w/" + thread + "/" + i, "o"))
                        .build());
            }
        });
        double recordSeconds = (System.nanoTime() - start) / 1e9;
        Path out = spool.resolve("doc.json");
        try (var o = Files.newOutputStream(out)) {
            rec.finishStreaming("Completed", t0.plusSeconds(60)).writeTo(o, false);
        }
        LongAdder tasks = new LongAdder();
        LongAdder records = new LongAdder();
        LongAdder generations = new LongAdder();
        Set<String> ids = new HashSet<>();
        try (InputStream in = Files.newInputStream(out)) {
            ProvJsonScanner.scan(in, false, new ProvJsonScanner.Handler() {
                @Override
                public void prefix(String bundle, String prefix, String iri, long line, long column) {}

                @Override
                public void record(String bundle, ScannedRecord r) {
                    records.increment();
                    if (r.kind() == RecordKind.ACTIVITY && r.key().contains(":task-")) {
                        tasks.increment();
                        ids.add(r.key());
                    } else if (r.kind() == RecordKind.WAS_GENERATED_BY) {
                        generations.increment();
                    }
                }

                @Override
                public void issue(ProvJsonScanner.Issue issue, boolean refusal, long line, long column, String m)
                        throws ProvFormatException {
                    throw new ProvFormatException(m, line, column);
                }
            });
        }
        rec.close();
        long expected = (long) THREADS * perThread;
        System.out.printf(
                "recorder: %d threads x %d tasks in %.1f s (%.0f tasks/s); document %d records (%.0f per thread);"
                        + " tasks %d of %d, distinct %d, generations %d -> lost %d, duplicated %d%n",
                THREADS,
                perThread,
                recordSeconds,
                expected / recordSeconds,
                records.sum(),
                records.sum() / (double) THREADS,
                tasks.sum(),
                expected,
                ids.size(),
                generations.sum(),
                expected - ids.size(),
                tasks.sum() - ids.size());
    }

    private static void outbox(int perThread) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        FakeYProvServer server = new FakeYProvServer(port);
        server.start();
        Path dir = Files.createTempDirectory("provhooks-conc-outbox");
        String url = "http://127.0.0.1:" + port;
        long start = System.nanoTime();
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        ConcurrencyBench.class.getName(),
                        "outbox-child",
                        dir.toString(),
                        url,
                        String.valueOf(perThread))
                .inheritIO()
                .start();
        DeliveryReport report;
        try (Outbox box = open(dir, url)) {
            box.start();
            spool(box, "parent", perThread);
            child.waitFor(10, TimeUnit.MINUTES);
            report = box.awaitDelivery(Duration.ofMinutes(5));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        server.stop();
        long expected = 2L * THREADS * perThread;
        long duplicated =
                server.stored.values().stream().filter(c -> c.get() > 1).count();
        System.out.printf(
                "outbox: 2 processes x %d threads x %d documents in %.1f s; received %d distinct of %d, duplicated %d,"
                        + " pending %d (child exit %d)%n",
                THREADS,
                perThread,
                seconds,
                server.stored.size(),
                expected,
                duplicated,
                report.pending(),
                child.exitValue());
    }

    private static void outboxChild(Path dir, String url, int perThread) throws Exception {
        try (Outbox box = open(dir, url)) {
            box.start();
            spool(box, "child", perThread);
            box.awaitDelivery(Duration.ofSeconds(5));
        }
    }

    private static Outbox open(Path dir, String url) throws Exception {
        YProvConfig cfg = YProvConfig.of(url, "bench", "bench", null);
        return Outbox.open(
                dir,
                new YProvClient(cfg)::replace,
                new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(500), 10_000),
                w -> System.err.println("warning: " + w));
    }

    private static void spool(Outbox box, String prefix, int perThread) throws Exception {
        Namespace ex = new Namespace("ex", "https://example.org/conc/");
        run(THREADS, thread -> {
            for (int i = 0; i < perThread; i++) {
                box.enqueue(
                        prefix + "-" + thread + "-" + i,
                        new DocumentAssembler()
                                .add(Prov.entity(ex.name("e" + thread + "x" + i))
                                        .build())
                                .build());
            }
        });
    }

    @FunctionalInterface
    private interface Work {
        void run(int thread) throws Exception;
    }

    private static void run(int threads, Work work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    work.run(thread);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }
}
