package org.provhooks.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.provhooks.core.ml.MetricFormat;
import org.provhooks.core.ml.MlRun;

/**
 * A metric-heavy yProv4ML run written both ways, side by side in one process: metric files as CSV (the default) and as
 * Zarr. Reports bytes on disk and write time (median of the rounds, after one warm-up round), and the PROV-JSON
 * document's size, which does not depend on the number of steps.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.provhooks.bench.MetricFormatBench [metrics=20] [steps=100000] [rounds=3]
 * </pre>
 */
public final class MetricFormatBench {
    private MetricFormatBench() {}

    public static void main(String[] args) throws Exception {
        int metrics = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path root = Files.createTempDirectory("provhooks-metricbench");
        for (MetricFormat f : MetricFormat.values()) {
            write(root.resolve("warmup-" + f), f, metrics, Math.min(steps, 10_000)); // JIT, class loading
        }
        for (MetricFormat f : MetricFormat.values()) {
            List<Double> seconds = new ArrayList<>();
            long bytes = 0;
            long docBytes = 0;
            for (int r = 0; r < rounds; r++) {
                Path dir = root.resolve(f + "-" + r);
                long t0 = System.nanoTime();
                Path doc = write(dir, f, metrics, steps);
                seconds.add((System.nanoTime() - t0) / 1e9);
                bytes = sizeOf(doc.getParent().resolve("metrics_GR0"));
                docBytes = Files.size(doc);
            }
            seconds.sort(Double::compare);
            System.out.printf(
                    "%-4s %d metrics x %,d steps: %,d bytes of metric files, written in %.2f s (median of %d);"
                            + " PROV-JSON %,d bytes%n",
                    f, metrics, steps, bytes, seconds.get(rounds / 2), rounds, docBytes);
        }
        Path small = write(root.resolve("small"), MetricFormat.CSV, metrics, 10);
        System.out.printf("PROV-JSON of the same run with 10 steps per metric: %,d bytes%n", Files.size(small));
    }

    private static Path write(Path dir, MetricFormat format, int metrics, int steps) throws Exception {
        try (MlRun run = MlRun.start(dir, "bench", Clock.systemUTC(), Map.of())
                .metricFormat(format)
                .codeFrom(null)) {
            for (int m = 0; m < metrics; m++) {
                String name = "metric" + m;
                for (int s = 0; s < steps; s++) {
                    // A training curve with noise: what loss and accuracy series look like.
                    double v = Math.exp(-s / (steps / 5.0)) + 0.01 * Math.sin(s * 0.37 + m);
                    run.logMetric(name, v, MlRun.TRAINING, s / 100);
                }
            }
            return run.endRun();
        }
    }

    private static long sizeOf(Path dir) throws Exception {
        long total = 0;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isRegularFile(p)) {
                    total += Files.size(p);
                }
            }
        }
        return total;
    }
}
