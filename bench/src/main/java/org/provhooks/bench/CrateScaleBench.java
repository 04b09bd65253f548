package org.provhooks.bench;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;
import org.provhooks.core.crate.CrateOptions;
import org.provhooks.core.crate.RunCrate;
import org.provhooks.core.workflow.DataRef;
import org.provhooks.core.workflow.WorkflowRecorder;

/**
 * The RO-Crate of a long run: records N Nextflow-shaped tasks (5 processes in a chain, each task reading the file the
 * task before it wrote; every tenth task's output published), streams the PROV document to disk, then writes its crate
 * (published files copied in). Run it with the heap limit under test:
 *
 * <pre>
 * java -Xmx128m -cp bench/target/benchmarks.jar org.provhooks.bench.CrateScaleBench [tasks, default 10000]
 * </pre>
 *
 * Prints the document's size, the crate's time and size, and the peak heap in use during the crate alone (the pools'
 * peaks are reset after the document is written), next to the limit.
 */
public final class CrateScaleBench {
    private CrateScaleBench() {}

    public static void main(String[] args) throws Exception {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path dir = Files.createTempDirectory("provhooks-cratebench");
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        WorkflowRecorder rec = WorkflowRecorder.start("Nextflow", "cratebench", "synthetic", t0)
                .spillTo(dir.resolve("spool"));
        rec.engineVersion("24.10.0").user("bench");
        Path work = Files.createDirectories(dir.resolve("work"));
        Path results = Files.createDirectories(dir.resolve("results"));
        rec.attribute("output_dir", results.toString());
        Path previous = null;
        for (int i = 0; i < tasks; i++) {
            Path out = work.resolve("t" + i + ".txt");
            Files.writeString(out, "task " + i + "\n");
            rec.task(SyntheticRun.task(i, t0, previous == null ? null : DataRef.file(previous), DataRef.file(out)));
            if (i % 10 == 9) {
                Path published = results.resolve(SyntheticRun.process(i)).resolve("t" + i + ".txt");
                Files.createDirectories(published.getParent());
                Files.copy(out, published);
                rec.published(DataRef.file(published), DataRef.file(out));
            }
            previous = out;
        }
        Path doc = dir.resolve("cratebench.prov.json");
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(doc), 1 << 16)) {
            rec.finishStreaming("Completed", t0.plusMillis(tasks * 100L + 1000)).writeTo(o, false);
        }
        rec.close();

        HeapPeak.reset();
        long start = System.nanoTime();
        Path crate = RunCrate.write(doc, dir.resolve("crate"), CrateOptions.DEFAULTS);
        double seconds = (System.nanoTime() - start) / 1e9;
        long peak = HeapPeak.bytes();
        long copied;
        try (Stream<Path> s = Files.walk(crate.resolve("outputs"))) {
            copied = s.filter(Files::isRegularFile).count();
        }
        System.out.printf(
                "%d tasks: document %.1f MB; crate written in %.2f s (metadata %.1f MB, %d published files copied);"
                        + " peak heap during the crate %.0f MiB (sum of pool peaks, garbage included); -Xmx %.0f MiB%n",
                tasks,
                Files.size(doc) / 1e6,
                seconds,
                Files.size(crate.resolve(RunCrate.METADATA)) / 1e6,
                copied,
                peak / 1048576.0,
                Runtime.getRuntime().maxMemory() / 1048576.0);
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
