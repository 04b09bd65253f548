package org.provhooks.bench;

import java.time.Instant;
import org.provhooks.core.workflow.DataRef;
import org.provhooks.core.workflow.TaskActivity;

/**
 * The tasks of a long synthetic Nextflow-shaped run for the scale benchmarks: 5 processes in a chain, each task reading
 * what the one before it wrote, one in 97 failed, with the attributes a Nextflow task carries (times, CPU, memory,
 * energy and its method, container).
 */
final class SyntheticRun {
    static final String[] PROCESSES = {"FASTQC", "TRIM", "ALIGN", "SORT", "COUNT"};

    private SyntheticRun() {}

    /** Task {@code i}, started {@code i} × 100 ms after {@code t0}, writing {@code output} and reading {@code input}. */
    static TaskActivity task(int i, Instant t0, DataRef input, DataRef output) {
        TaskActivity.Builder b = TaskActivity.builder(Integer.toString(i + 1))
                .label(process(i) + " (" + i / PROCESSES.length + ")")
                .status(i % 97 == 0 ? "FAILED" : "COMPLETED")
                .start(t0.plusMillis(i * 100L))
                .end(t0.plusMillis(i * 100L + 80))
                .attribute("process", process(i))
                .attribute("realtime_ms", 80L)
                .attribute("pcpu", 95.5)
                .attribute("peak_rss", 104_857_600L)
                .attribute("energy_j", 1.25)
                .attribute("co2e_g", 0.0003)
                .attribute("energy_method", "estimated-upper-bound")
                .attribute("container", "quay.io/biocontainers/tool:1.0")
                .output(output);
        // A chain per sample: the first process reads nothing of the run's.
        if (input != null && i % PROCESSES.length != 0) {
            b.input(input);
        }
        return b.build();
    }

    static String process(int i) {
        return PROCESSES[i % PROCESSES.length];
    }
}
