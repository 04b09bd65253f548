package org.provhooks.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.provhooks.nextflow.NextflowRun;

/**
 * Wall time of a 1,000-task Nextflow pipeline with and without nf-provhooks, alternating in the same run
 * (fresh launch directory each time, no resume). Run from the repository root after {@code ./mvnw package}:
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.provhooks.bench.NextflowOverheadBench [pairs] [tasks]
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
        List<Double> with = new ArrayList<>();
        List<Double> without = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            // Alternate which goes first, so drift in machine load falls on both sides.
            boolean pluginFirst = i % 2 == 0;
            for (int j = 0; j < 2; j++) {
                boolean plugin = (j == 0) == pluginFirst;
                Path dir = root.resolve((plugin ? "with-" : "without-") + i);
                if (plugin) {
                    NextflowRun.prepare(dir, script, "");
                } else {
                    NextflowRun.prepareWithoutPlugin(dir, script);
                }
                long t0 = System.nanoTime();
                NextflowRun.Result r = NextflowRun.launch(dir, Map.of());
                double s = (System.nanoTime() - t0) / 1e9;
                if (r.exitCode() != 0) {
                    throw new IllegalStateException("run failed:\n" + r.console());
                }
                (plugin ? with : without).add(s);
                System.out.printf("pair %d %-15s %.1f s%n", i + 1, plugin ? "with plugin" : "without plugin", s);
            }
        }
        double w = median(with);
        double wo = median(without);
        System.out.printf("%d tasks, %d pairs: median with %.1f s, without %.1f s, ratio %.3f%n", tasks, pairs, w, wo, w / wo);
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(Double::compare);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
