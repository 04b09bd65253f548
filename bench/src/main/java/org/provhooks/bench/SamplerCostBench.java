package org.provhooks.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.provhooks.core.telemetry.EnergyModel;
import org.provhooks.core.telemetry.HostSampler;
import org.provhooks.core.telemetry.TelemetrySummary;

/**
 * CPU cost of the host sampler at a 1 s interval over 60 s: CPU time of the sampling thread, as a share of
 * one core, next to the same measure for the idle main thread waiting in the same run (the baseline).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.provhooks.bench.SamplerCostBench [seconds]
 * </pre>
 */
public final class SamplerCostBench {
    private SamplerCostBench() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Path dir = Files.createTempDirectory("provhooks-sampler");
        long mainCpu0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        HostSampler sampler = HostSampler.start(dir, Duration.ofSeconds(1), EnergyModel.DEFAULT, System.err::println);
        long setupCpu = threads.getCurrentThreadCpuTime() - mainCpu0; // OSHI initialisation, once per run
        Thread samplerThread = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("provhooks-telemetry"))
                .findFirst()
                .orElseThrow();
        long waitCpu0 = threads.getCurrentThreadCpuTime();
        Thread.sleep(seconds * 1000L);
        long samplerCpu = threads.getThreadCpuTime(samplerThread.getId());
        long waitCpu = threads.getCurrentThreadCpuTime() - waitCpu0;
        double wall = (System.nanoTime() - t0) / 1e9;
        TelemetrySummary s = sampler.stop();
        System.out.printf(
                "%d samples over %.1f s: sampler thread %.1f ms CPU = %.3f %% of one core "
                        + "(baseline: idle waiting thread %.3f %%); one-time set-up %.0f ms; energy %.1f J (%s)%n",
                s.samples(),
                wall,
                samplerCpu / 1e6,
                100.0 * samplerCpu / 1e9 / wall,
                100.0 * waitCpu / 1e9 / wall,
                setupCpu / 1e6,
                s.energyJoules(),
                s.method().label());
    }
}
