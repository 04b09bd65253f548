package org.provhooks.nextflow;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import nextflow.file.FileHolder;
import nextflow.processor.TaskConfig;
import nextflow.processor.TaskHandler;
import nextflow.processor.TaskRun;
import nextflow.script.params.InParam;
import nextflow.script.params.OutParam;
import nextflow.trace.TraceRecord;
import org.provhooks.core.telemetry.EnergyModel;
import org.provhooks.core.util.Hashing;
import org.provhooks.core.workflow.DataRef;
import org.provhooks.core.workflow.TaskActivity;

/** Translates Nextflow's task events into core {@link TaskActivity} records. */
final class TaskTranslator {
    /** Trace fields recorded (with metrics on), and their attribute names (no '%' in PROV names). */
    private static final Map<String, String> METRICS = Map.ofEntries(
            Map.entry("realtime", "realtime_ms"),
            Map.entry("duration", "duration_ms"),
            Map.entry("%cpu", "pcpu"),
            Map.entry("%mem", "pmem"),
            Map.entry("peak_rss", "peak_rss"),
            Map.entry("peak_vmem", "peak_vmem"),
            Map.entry("rss", "rss"),
            Map.entry("vmem", "vmem"),
            Map.entry("rchar", "rchar"),
            Map.entry("wchar", "wchar"),
            Map.entry("read_bytes", "read_bytes"),
            Map.entry("write_bytes", "write_bytes"),
            Map.entry("syscr", "syscr"),
            Map.entry("syscw", "syscw"),
            Map.entry("native_id", "native_id"),
            Map.entry("cpu_model", "cpu_model"));

    private static final int MAX_VALUE_CHARS = 1000;

    private final NextflowSettings settings;
    private final EnergyModel energy;

    TaskTranslator(NextflowSettings settings, EnergyModel energy) {
        this.settings = settings;
        this.energy = energy;
    }

    /**
     * The task's energy estimated as nf-co2footprint does: realtime (else the task's wall time), cores requested,
     * CPU usage (%cpu / cores) and memory requested (else peak RSS). Without task metrics the CPU usage is unknown:
     * the requested cores are taken as fully used and the figure is labelled an upper-bound estimate.
     */
    private void energy(TaskRun task, TraceRecord trace, TaskActivity.Builder b, Double wallSeconds) {
        Object realtime = trace == null ? null : trace.get("realtime");
        double seconds;
        if (realtime instanceof Number rt) {
            seconds = rt.doubleValue() / 1000.0;
        } else if (wallSeconds != null) {
            seconds = wallSeconds;
        } else {
            return;
        }
        TaskConfig cfg = task.getConfig();
        double cores = cfg != null && cfg.getCpus() > 0 ? cfg.getCpus() : 1;
        Object pcpu = trace == null ? null : trace.get("%cpu");
        boolean measuredUsage = pcpu instanceof Number;
        double usage = measuredUsage ? ((Number) pcpu).doubleValue() / (100.0 * cores) : 1.0;
        double memoryGb = 0;
        if (cfg != null && cfg.getMemory() != null) {
            memoryGb = cfg.getMemory().toBytes() / 1e9;
        } else if (trace != null && trace.get("peak_rss") instanceof Number rss) {
            memoryGb = rss.doubleValue() / 1e9;
        }
        energy.taskAttributes(seconds, cores, usage, memoryGb, !measuredUsage).forEach(b::attribute);
    }

    /** The engine's task key: its task id. */
    static String key(TaskRun task) {
        return String.valueOf(task.getId());
    }

    /**
     * What a callback captures from Nextflow's live objects: the task's attributes and the paths of its files.
     * Turning the paths into data (file sizes, checksums) is left to {@link #build}, off Nextflow's threads.
     */
    static final class TaskEvent {
        final TaskActivity.Builder builder;
        final List<Path> inputs = new ArrayList<>();
        final List<Path> outputs = new ArrayList<>();
        final String key;
        final String name;
        final Path workDir;

        TaskEvent(TaskActivity.Builder builder, TaskRun task, String name) {
            this.builder = builder;
            this.key = key(task);
            this.name = name;
            this.workDir = task.getWorkDir();
        }
    }

    /** The finished task, its files turned into data. */
    TaskActivity build(TaskEvent e) {
        for (Path p : e.inputs) {
            e.builder.input(data(p));
        }
        for (Path p : e.outputs) {
            e.builder.output(data(p));
        }
        return e.builder.build();
    }

    /** A task that ran (successfully or not). */
    TaskEvent completed(TaskHandler handler, TraceRecord trace) {
        TaskRun task = handler.getTask();
        TaskActivity.Builder b = common(task, trace);
        b.status(status(trace, task.isSuccess() ? "COMPLETED" : "FAILED"));
        Instant start = millis(handler.getStartTimeMillis());
        Instant end = millis(handler.getCompleteTimeMillis());
        b.start(start).end(end);
        b.attribute("submit", millis(handler.getSubmitTimeMillis()));
        Double wall = start != null && end != null && !end.isBefore(start)
                ? (end.toEpochMilli() - start.toEpochMilli()) / 1000.0
                : null;
        Integer exit = task.getExitStatus();
        if (exit != null && exit != Integer.MAX_VALUE) {
            b.attribute("exit", exit);
        }
        return event(task, trace, b, wall);
    }

    /** Metrics, energy and files: what completed and cached tasks share. */
    private TaskEvent event(TaskRun task, TraceRecord trace, TaskActivity.Builder b, Double wallSeconds) {
        metrics(trace, b);
        energy(task, trace, b, wallSeconds);
        // Nextflow works an untagged task's name out again at every call (a Groovy string): asked once.
        String name = task.getName();
        b.label(name);
        TaskEvent e = new TaskEvent(b, task, name);
        inputs(task, e);
        outputs(task, e);
        return e;
    }

    /**
     * A task taken from the resume cache. Its times belong to the earlier run, so they are kept as attributes
     * rather than as the activity's start and end (which must lie within this run).
     */
    TaskEvent cached(TaskHandler handler, TraceRecord trace) {
        TaskRun task = handler.getTask();
        TaskActivity.Builder b = common(task, trace);
        b.status("CACHED");
        if (trace != null) {
            b.attribute("original_start", millis(asLong(trace.get("start"))));
            b.attribute("original_complete", millis(asLong(trace.get("complete"))));
        }
        return event(task, trace, b, null);
    }

    private TaskActivity.Builder common(TaskRun task, TraceRecord trace) {
        TaskActivity.Builder b = TaskActivity.builder(key(task))
                .attribute(
                        "process",
                        task.getProcessor() == null ? null : task.getProcessor().getName())
                .attribute("task_id", key(task))
                .attribute(
                        "hash", task.getHash() == null ? null : task.getHash().toString())
                .attribute(
                        "work_dir",
                        task.getWorkDir() == null ? null : task.getWorkDir().toString())
                .attribute("container", task.getContainer());
        TaskConfig cfg = task.getConfig();
        if (cfg != null) {
            b.attribute("attempt", cfg.getAttempt());
            b.attribute("cpus", cfg.getCpus());
            b.attribute(
                    "memory_bytes",
                    cfg.getMemory() == null ? null : cfg.getMemory().toBytes());
            b.attribute("time_ms", cfg.getTime() == null ? null : cfg.getTime().toMillis());
        }
        if (trace != null) {
            b.attribute("tag", str(trace.get("tag")));
        }
        return b;
    }

    private static String status(TraceRecord trace, String fallback) {
        Object s = trace == null ? null : trace.get("status");
        return s == null ? fallback : String.valueOf(s);
    }

    private static void metrics(TraceRecord trace, TaskActivity.Builder b) {
        if (trace == null) {
            return;
        }
        Map<String, Object> store = trace.getStore();
        for (Map.Entry<String, String> m : METRICS.entrySet()) {
            Object v = store.get(m.getKey());
            if (v instanceof Number || v instanceof CharSequence) {
                b.attribute(m.getValue(), v instanceof CharSequence cs ? cs.toString() : v);
            }
        }
    }

    private void inputs(TaskRun task, TaskEvent e) {
        TaskActivity.Builder b = e.builder;
        Map<String, Path> files = task.getInputFilesMap();
        if (files != null) {
            e.inputs.addAll(files.values());
        }
        Map<InParam, Object> in = task.getInputs();
        if (in == null) {
            return;
        }
        for (Map.Entry<InParam, Object> entry : in.entrySet()) {
            String name = entry.getKey().getName();
            Object v = entry.getValue();
            if (name == null || name.equals("$") || isFiles(v)) {
                continue;
            }
            b.attribute("input." + name, truncate(String.valueOf(v)));
        }
    }

    private void outputs(TaskRun task, TaskEvent e) {
        Map<OutParam, Object> out = task.getOutputs();
        if (out == null) {
            return;
        }
        for (Map.Entry<OutParam, Object> entry : out.entrySet()) {
            Object v = entry.getValue();
            if (v instanceof Path p) {
                e.outputs.add(p);
            } else if (v instanceof Collection<?> c
                    && !c.isEmpty()
                    && c.iterator().next() instanceof Path) {
                for (Object o : c) {
                    if (o instanceof Path p) {
                        e.outputs.add(p);
                    }
                }
            } else if (v != null && entry.getKey().getName() != null && !isFiles(v)) {
                e.builder.attribute("output." + entry.getKey().getName(), truncate(String.valueOf(v)));
            }
        }
    }

    /** A file as data, with its SHA-256 when checksums are on and it is small enough. */
    DataRef data(Path p) {
        DataRef d = DataRef.file(p);
        if (settings.checksums() && d.sizeBytes() != null && d.sizeBytes() <= settings.checksumMaxBytes()) {
            try {
                d = d.withSha256(Hashing.sha256(p));
            } catch (IOException e) {
                // unreadable now (e.g. removed): recorded without a checksum
            }
        }
        return d;
    }

    private static boolean isFiles(Object v) {
        if (v instanceof FileHolder || v instanceof Path) {
            return true;
        }
        if (v instanceof Collection<?> c) {
            for (Object o : c) {
                return o instanceof FileHolder || o instanceof Path;
            }
        }
        return false;
    }

    private static String truncate(String s) {
        return s.length() <= MAX_VALUE_CHARS ? s : s.substring(0, MAX_VALUE_CHARS) + "…";
    }

    private static String str(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    private static long asLong(Object o) {
        if (o instanceof Number n) {
            return n.longValue();
        }
        try {
            return o == null ? 0 : Long.parseLong(String.valueOf(o));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static Instant millis(long ms) {
        return ms <= 0 ? null : Instant.ofEpochMilli(ms);
    }
}
