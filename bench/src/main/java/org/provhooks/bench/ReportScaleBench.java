package org.provhooks.bench;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.provhooks.core.report.RunReport;
import org.provhooks.core.workflow.DataRef;
import org.provhooks.core.workflow.WorkflowRecorder;

/**
 * The HTML report of a long run: records N tasks (5 processes in a chain, each reading what the one before wrote),
 * streams the PROV document, then writes the report; prints the document's and the report's size, the time to write
 * the report and the peak heap while writing it. The page is left in the temporary directory printed, to open.
 *
 * <pre>
 * java -Xmx64m -cp bench/target/benchmarks.jar org.provhooks.bench.ReportScaleBench [tasks, default 100000]
 * </pre>
 */
public final class ReportScaleBench {
    private ReportScaleBench() {}

    public static void main(String[] args) throws Exception {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = Files.createTempDirectory("provhooks-reportbench");
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        WorkflowRecorder rec = WorkflowRecorder.start("Nextflow", "reportbench", "synthetic", t0)
                .spillTo(dir.resolve("spool"));
        rec.engineVersion("24.10.0").user("bench");
        String previous = null;
        for (int i = 0; i < tasks; i++) {
            String out = "/scratch/work/" + Integer.toHexString(i) + "/out.txt";
            rec.task(SyntheticRun.task(
                    i, t0, previous == null ? null : DataRef.of(previous, "in.txt"), DataRef.of(out, "out.txt")));
            previous = out;
        }
        Path doc = dir.resolve("reportbench.prov.json");
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(doc), 1 << 16)) {
            rec.finishStreaming("Completed", t0.plusMillis(tasks * 100L + 1000)).writeTo(o, false);
        }
        rec.close();
        HeapPeak.reset();
        long start = System.nanoTime();
        Path html = RunReport.write(List.of(doc), dir.resolve("report.html"));
        double seconds = (System.nanoTime() - start) / 1e9;
        long peak = HeapPeak.bytes();
        System.out.printf(
                "%d tasks: document %.1f MB; report written in %.2f s, %.1f MB; peak heap while writing %.0f MiB"
                        + " (-Xmx %.0f MiB); open %s%n",
                tasks,
                Files.size(doc) / 1e6,
                seconds,
                Files.size(html) / 1e6,
                peak / 1048576.0,
                Runtime.getRuntime().maxMemory() / 1048576.0,
                html);
    }
}
