package org.provhooks.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.provhooks.testkit.NextflowRun;

/**
 * Wall and CPU time of a Nextflow pipeline of short tasks (default 300) in three configurations, rotated in the
 * same run (fresh launch directory each time, no resume): plain Nextflow, nf-provhooks with its defaults
 * ({@code metrics = 'auto'}: no trace, so no per-task sampler), and nf-provhooks with {@code metrics = true}.
 * CPU is the user + system time of Nextflow and everything it started (the children this JVM reaped). Run from the
 * repository root after {@code ./mvnw package}:
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.provhooks.bench.NextflowOverheadBench [rotations=3] [tasks=300] [modes=plain,auto,true]
 * java -cp bench/target/benchmarks.jar org.provhooks.bench.NextflowOverheadBench 3 1000 auto,openlineage-file,openlineage
 * </pre>
 */
public final class NextflowOverheadBench {
    private static final String PIPELINE = """
            process T {
              input: val i
              output: path "o${i}.txt"
              script: "echo ${i} > o${i}.txt"
            }
            workflow { T(Channel.of(1..TASKS)) }
            """;
    private static final Map<String, String> CONFIGS = new LinkedHashMap<>();

    static {
        CONFIGS.put("plain", null);
        CONFIGS.put("auto", "");
        CONFIGS.put("true", "provhooks { metrics = true }");
        CONFIGS.put("false", "provhooks { metrics = false }");
        CONFIGS.put("notelemetry", "provhooks { telemetry { enabled = false } }");
        CONFIGS.put("disabled", "provhooks { enabled = false }");
        // The openlineage output to a local endpoint (started below): compare with "auto", its same run without it.
        CONFIGS.put(
                "openlineage-file",
                "provhooks { outputs = ['prov', 'openlineage']; openlineage { file = 'lineage.jsonl' } }");
        CONFIGS.put(
                "openlineage",
                "provhooks { outputs = ['prov', 'openlineage']; openlineage { url = 'http://127.0.0.1:PORT' } }");
    }

    /** A local OpenLineage endpoint that accepts every event, as a fast backend would. */
    private static com.sun.net.httpserver.HttpServer lineage;

    private static final java.util.concurrent.atomic.AtomicLong EVENTS = new java.util.concurrent.atomic.AtomicLong();
    /**
     * CPU the local endpoint spent answering (ns). It shares the machine's cores with the pipeline, as a backend on
     * another machine would not: printed so the client's share of an overhead can be told from the endpoint's.
     */
    private static final java.util.concurrent.atomic.AtomicLong ENDPOINT_CPU_NS =
            new java.util.concurrent.atomic.AtomicLong();

    private static int lineagePort() throws java.io.IOException {
        if (lineage == null) {
            lineage = com.sun.net.httpserver.HttpServer.create(
                    new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 64);
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            lineage.createContext("/", ex -> {
                long cpu0 = threads.getCurrentThreadCpuTime();
                ex.getRequestBody().readAllBytes();
                EVENTS.incrementAndGet();
                ex.sendResponseHeaders(201, -1);
                ex.close();
                ENDPOINT_CPU_NS.addAndGet(threads.getCurrentThreadCpuTime() - cpu0);
            });
            lineage.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "lineage-endpoint");
                t.setDaemon(true);
                return t;
            }));
            lineage.start();
        }
        return lineage.getAddress().getPort();
    }

    private NextflowOverheadBench() {}

    public static void main(String[] args) throws Exception {
        int rotations = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int tasks = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        List<String> modes = List.of((args.length > 2 ? args[2] : "plain,auto,true").split(","));
        String script = PIPELINE.replace("TASKS", Integer.toString(tasks));
        Path root = Files.createTempDirectory("provhooks-nfbench");
        Map<String, List<double[]>> results = new LinkedHashMap<>();
        for (int r = 0; r < rotations; r++) {
            // Rotate which configuration goes first, so drift in machine load falls on all of them.
            for (int j = 0; j < modes.size(); j++) {
                String mode = modes.get((j + r) % modes.size());
                long endpoint0 = ENDPOINT_CPU_NS.get();
                double[] wallCpu = launch(root, script, mode);
                double endpointCpu = (ENDPOINT_CPU_NS.get() - endpoint0) / 1e9;
                results.computeIfAbsent(mode, k -> new ArrayList<>()).add(wallCpu);
                System.out.printf(
                        "rotation %d, %-6s wall %.1f s, cpu %.1f s%s%n",
                        r + 1,
                        mode,
                        wallCpu[0],
                        wallCpu[1],
                        endpointCpu > 0 ? String.format(" (+ the local endpoint's %.2f s)", endpointCpu) : "");
            }
        }
        String baseline = modes.get(0);
        for (String mode : modes) {
            List<double[]> runs = results.get(mode);
            double[] m = medians(runs);
            // Each rotation's run over the baseline's run in the same rotation: drift in the machine's load falls on
            // both sides of a ratio, which medians of separate runs do not cancel.
            List<Double> wallRatios = new ArrayList<>();
            List<Double> cpuRatios = new ArrayList<>();
            for (int r = 0; r < runs.size(); r++) {
                wallRatios.add(runs.get(r)[0] / results.get(baseline).get(r)[0]);
                cpuRatios.add(runs.get(r)[1] / results.get(baseline).get(r)[1]);
            }
            System.out.printf(
                    "== %-6s %d tasks, %d rotations: median wall %.1f s, cpu %.1f s; against %s in the same rotation:"
                            + " wall %.3fx (%.3f-%.3f), cpu %.3fx (%.3f-%.3f)%n",
                    mode,
                    tasks,
                    rotations,
                    m[0],
                    m[1],
                    baseline,
                    median(wallRatios),
                    wallRatios.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                    wallRatios.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN),
                    median(cpuRatios),
                    cpuRatios.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                    cpuRatios.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
        }
        if (lineage != null) {
            System.out.printf(
                    "the local OpenLineage endpoint received %d events and spent %.2f s of CPU answering them%n",
                    EVENTS.get(), ENDPOINT_CPU_NS.get() / 1e9);
            lineage.stop(0);
        }
    }

    private static double[] launch(Path root, String script, String mode) throws Exception {
        String config = CONFIGS.get(mode);
        if (config != null && config.contains("PORT")) {
            config = config.replace("PORT", Integer.toString(lineagePort()));
        }
        Path dir = Files.createTempDirectory(root, mode + "-");
        if (config == null) {
            NextflowRun.prepareWithoutPlugin(dir, script);
        } else {
            NextflowRun.prepare(dir, script, config);
        }
        double cpu0 = childrenCpuSeconds();
        long t0 = System.nanoTime();
        NextflowRun.Result r;
        try {
            r = NextflowRun.launch(dir, Map.of());
        } catch (AssertionError stalled) {
            // Nextflow 24.10's local executor can stop submitting on a run of very short tasks (seen once in about a
            // hundred runs: every submitted task done, none submitted after; its free-CPU count is updated from the
            // submitter and the monitor threads without a lock; cf. nextflow-io/nextflow#2963). Such a run says
            // nothing about overhead: it is run again.
            System.out.printf("%s stalled (killed after %d s); run again%n", mode, NextflowRun.LAUNCH_LIMIT_SECONDS);
            return launch(root, script, mode);
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = childrenCpuSeconds() - cpu0;
        if (r.exitCode() != 0) {
            throw new IllegalStateException("run failed:\n" + r.console());
        }
        return new double[] {wall, cpu};
    }

    /** User + system CPU of this JVM's reaped children and their descendants (Linux: /proc/self/stat cutime, cstime). */
    private static double childrenCpuSeconds() throws Exception {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // After the command name: state is field 3, so cutime (16) and cstime (17) are at 13 and 14 here.
        return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / 100.0;
    }

    private static double[] medians(List<double[]> xs) {
        return new double[] {
            median(xs.stream().map(x -> x[0]).toList()),
            median(xs.stream().map(x -> x[1]).toList())
        };
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(Double::compare);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
