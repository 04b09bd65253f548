package org.provhooks.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.provhooks.nextflow.NextflowRun;

/**
 * Wall time of a 1,000-task Nextflow pipeline with and without nf-provhooks, alternating in the same run
 * (fresh launch directory each time, no resume), in two comparisons: the plugin with {@code metrics = false}
 * against plain Nextflow (the plugin's own cost), and the plugin with metrics on (its default) against
 * Nextflow with its own {@code trace} on (both pay Nextflow's per-task resource sampler). Run from the
 * repository root after {@code ./mvnw package}:
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.provhooks.bench.NextflowOverheadBench [pairs] [tasks] [own]
 * </pre>
 * ({@code own}: only the first comparison.)
 * <pre>
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

    private NextflowOverheadBench() {
    }

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int tasks = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        String script = PIPELINE.replace("TASKS", Integer.toString(tasks));
        Path root = Files.createTempDirectory("provhooks-nfbench");
        boolean onlyOwnCost = args.length > 2 && args[2].equals("own");
        compare(root, script, pairs, tasks, "provhooks { metrics = false }", "", "plugin (metrics off) vs plain Nextflow");
        if (!onlyOwnCost) {
            compare(root, script, pairs, tasks, "", "trace { enabled = true; file = 'trace.txt' }",
                    "plugin (metrics on, default) vs Nextflow trace on");
        }
    }

    private static void compare(Path root, String script, int pairs, int tasks, String pluginConfig, String baselineConfig,
                                String title) throws Exception {
        List<Double> with = new ArrayList<>();
        List<Double> without = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            // Alternate which goes first, so drift in machine load falls on both sides.
            boolean pluginFirst = i % 2 == 0;
            for (int j = 0; j < 2; j++) {
                boolean plugin = (j == 0) == pluginFirst;
                Path dir = Files.createTempDirectory(root, plugin ? "with-" : "without-");
                if (plugin) {
                    NextflowRun.prepare(dir, script, pluginConfig);
                } else {
                    NextflowRun.prepareWithoutPlugin(dir, script);
                    Files.writeString(dir.resolve("nextflow.config"), baselineConfig);
                }
                long t0 = System.nanoTime();
                NextflowRun.Result r = NextflowRun.launch(dir, Map.of());
                double s = (System.nanoTime() - t0) / 1e9;
                if (r.exitCode() != 0) {
                    throw new IllegalStateException("run failed:\n" + r.console());
                }
                (plugin ? with : without).add(s);
                System.out.printf("%s, pair %d, %-8s %.1f s%n", title, i + 1, plugin ? "plugin" : "baseline", s);
            }
        }
        double w = median(with);
        double wo = median(without);
        System.out.printf("== %s: %d tasks, %d pairs: median %.1f s vs %.1f s, ratio %.3f%n", title, tasks, pairs, w, wo, w / wo);
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(Double::compare);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
