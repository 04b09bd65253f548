package org.provhooks.bench;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.provhooks.beam.TestPipelines;

/**
 * Word count over 1,000,000 lines on the DirectRunner, with and without the provenance runner, alternating
 * in the same JVM (after one warm-up run of each).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.provhooks.bench.BeamOverheadBench [pairs] [lines]
 * </pre>
 */
public final class BeamOverheadBench {
    private static final String[] WORDS = {
        "provenance",
        "workflow",
        "task",
        "beam",
        "runner",
        "entity",
        "activity",
        "agent",
        "lineage",
        "metric",
        "model",
        "epoch",
        "the",
        "a",
        "of",
        "and"
    };

    private BeamOverheadBench() {}

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int lines = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        Path dir = Files.createTempDirectory("provhooks-beambench");
        Path input = dir.resolve("lines.txt");
        Random r = new Random(1);
        try (BufferedWriter w = Files.newBufferedWriter(input)) {
            for (int i = 0; i < lines; i++) {
                for (int k = 0; k < 8; k++) {
                    w.write(WORDS[r.nextInt(WORDS.length)]);
                    w.write(k == 7 ? '\n' : ' ');
                }
            }
        }
        System.out.printf("input: %d lines, %.1f MB%n", lines, Files.size(input) / 1e6);
        run(dir, input, false, "warm-up");
        run(dir, input, true, "warm-up");
        List<Double> with = new ArrayList<>();
        List<Double> without = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            boolean wrappedFirst = i % 2 == 0;
            for (int j = 0; j < 2; j++) {
                boolean wrapped = (j == 0) == wrappedFirst;
                double s = run(dir, input, wrapped, "pair " + (i + 1));
                (wrapped ? with : without).add(s);
            }
        }
        double w = median(with);
        double wo = median(without);
        System.out.printf(
                "== word count, %d lines, %d pairs: median with %.2f s, without %.2f s, ratio %.3f%n",
                lines, pairs, w, wo, w / wo);
    }

    private static double run(Path dir, Path input, boolean wrapped, String what) throws Exception {
        Path out = Files.createTempDirectory(dir, "out");
        String[] args = wrapped
                ? new String[] {
                    "--runner=ProvenanceRunner",
                    "--provenanceDelegate=DirectRunner",
                    "--provenanceOutput=" + out.resolve("prov")
                }
                : new String[] {"--runner=DirectRunner"};
        PipelineOptions o =
                PipelineOptionsFactory.fromArgs(args).withValidation().create();
        long t0 = System.nanoTime();
        PipelineResult.State st =
                TestPipelines.wordCount(o, input, out.resolve("counts")).run().waitUntilFinish();
        double s = (System.nanoTime() - t0) / 1e9;
        if (st != PipelineResult.State.DONE) {
            throw new IllegalStateException("run ended " + st);
        }
        System.out.printf("%-8s %-16s %.2f s%n", what, wrapped ? "with provenance" : "plain", s);
        return s;
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(Double::compare);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
