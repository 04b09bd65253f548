package org.provhooks.bench;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.provhooks.core.workflow.DataRef;
import org.provhooks.core.workflow.TaskActivity;
import org.provhooks.core.workflow.WorkflowRecorder;

/**
 * A synthetic event driver: feeds the recorder 1,000,000 Nextflow-shaped task completions (about 20 attributes,
 * one input file produced by an earlier task, one shared reference file that no task produced and every task
 * reads, one output file), from 4 threads, then streams the document to disk. Run it with the heap limit under
 * test:
 *
 * <pre>
 * java -Xmx256m -cp bench/target/benchmarks.jar org.provhooks.bench.RecorderMemoryBench [tasks, default 1000000]
 * </pre>
 *
 * Prints the heap the recorder retains after all tasks (live heap after a full GC) and the peak heap in use,
 * next to the limit.
 */
public final class RecorderMemoryBench {
    private RecorderMemoryBench() {}

    public static void main(String[] args) throws Exception {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = Files.createTempDirectory("provhooks-membench");
        long t0 = System.nanoTime();
        Instant start = Instant.now();
        WorkflowRecorder rec = WorkflowRecorder.start("Nextflow", "membench", "synthetic", start)
                .spillTo(dir);
        rec.engineVersion("24.10.0").user("bench");
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            int offset = t;
            threads[t] = new Thread(() -> {
                for (int i = offset; i < tasks; i += threads.length) {
                    rec.task(task(i, start));
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        // What the recorder retains after all tasks: live heap after a full collection.
        System.gc();
        long retained = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        Path out = dir.resolve("membench.prov.json");
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
            rec.finishStreaming("Completed", Instant.now()).writeTo(o, false);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long peak = HeapPeak.bytes();
        long max = Runtime.getRuntime().maxMemory();
        System.out.printf(
                "%d tasks recorded in %.1f s; document %.1f MB; heap retained after all tasks %.1f MiB; "
                        + "peak heap used %.0f MiB (sum of pool peaks, garbage included); -Xmx %.0f MiB%n",
                tasks, seconds, Files.size(out) / 1e6, retained / 1048576.0, peak / 1048576.0, max / 1048576.0);
        rec.close();
        Files.deleteIfExists(out);
        Files.deleteIfExists(dir);
    }

    private static TaskActivity task(int i, Instant start) {
        String hash = Integer.toHexString(0x10000000 + i * 7919);
        String work = "/scratch/pipeline/work/" + hash.substring(0, 2) + "/" + hash + "a1b2c3d4e5f6a7b8c9d0e1f2";
        TaskActivity.Builder b = TaskActivity.builder(Integer.toString(i + 1))
                .label("ALIGN (sample_" + i + ")")
                .status("COMPLETED")
                .start(start.plusMillis(i))
                .end(start.plusMillis(i + 5000))
                .attribute("process", "ALIGN")
                .attribute("task_id", Integer.toString(i + 1))
                .attribute("hash", hash)
                .attribute("work_dir", work)
                .attribute("attempt", 1)
                .attribute("cpus", 2)
                .attribute("memory_bytes", 4L << 30)
                .attribute("time_ms", 3_600_000L)
                .attribute("exit", 0)
                .attribute("submit", start.plusMillis(i))
                .attribute("realtime_ms", 4900L)
                .attribute("pcpu", 187.5)
                .attribute("peak_rss", 1_234_567_890L)
                .attribute("rchar", 98_765_432L)
                .attribute("wchar", 12_345_678L)
                .attribute("read_bytes", 4096L)
                .attribute("write_bytes", 8192L)
                .attribute("tag", "sample_" + i)
                .attribute("input.sample", "sample_" + i)
                .input(DataRef.of("/scratch/reference/genome.fa", "genome.fa"))
                .output(DataRef.of(work + "/sample_" + i + ".bam", "sample_" + i + ".bam"));
        if (i > 0) {
            String prev = Integer.toHexString(0x10000000 + (i - 1) * 7919);
            b.input(DataRef.of(
                    "/scratch/pipeline/work/" + prev.substring(0, 2) + "/" + prev + "a1b2c3d4e5f6a7b8c9d0e1f2/sample_"
                            + (i - 1) + ".bam",
                    "sample_" + (i - 1) + ".bam"));
        }
        return b.build();
    }
}
