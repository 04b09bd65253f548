package org.provhooks.nextflow;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import nextflow.Session;
import nextflow.config.Manifest;
import nextflow.processor.TaskHandler;
import nextflow.processor.TaskProcessor;
import nextflow.processor.TaskRun;
import nextflow.script.WorkflowMetadata;
import nextflow.trace.TraceObserver;
import nextflow.trace.TraceRecord;
import org.provhooks.core.ml.RunDocumentFinder;
import org.provhooks.core.redact.Redactor;
import org.provhooks.core.session.ExitHook;
import org.provhooks.core.session.RunSession;
import org.provhooks.core.session.RunSettings;
import org.provhooks.core.session.RunStart;
import org.provhooks.core.telemetry.EnergyModel;
import org.provhooks.core.workflow.DataRef;
import org.provhooks.core.workflow.TaskStart;
import org.provhooks.core.workflow.WorkflowRecorder;
import org.slf4j.Logger;

/**
 * Translates a Nextflow run into the core's {@link RunSession}: the run in {@code onFlowCreate}, each task when it
 * completes or is taken from the cache, published files, and the end in {@code onFlowComplete} (on success and on
 * failure). Opening the session, recording, file checks and ML-document scans run on one background thread, so
 * Nextflow's own threads only capture what they must. Every callback is guarded: a provenance problem is logged
 * once on the console and never reaches the pipeline.
 */
final class ProvHooksObserver implements TraceObserver {
    private static final Logger LOG = ProvHooksObserverFactory.LOG;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final NextflowSettings settings;
    private final boolean metrics;
    private final Map<String, String> env;
    private final TaskTranslator translator;
    private final RunDocumentFinder finder;
    private final Map<String, Boolean> warned = new ConcurrentHashMap<>();
    /** Time spent inside this observer's callbacks, for the log: the plugin's own cost on the run. */
    private final Map<String, LongAdder> observerNanos = new ConcurrentHashMap<>();

    private final Map<String, LongAdder> observerCpuNanos = new ConcurrentHashMap<>();
    /**
     * Session start, recording, file checks and ML-document scans run here, one at a time and in event order.
     * Bounded: when full, the calling thread does the work itself (memory stays bounded, nothing is dropped).
     */
    private final ThreadPoolExecutor background = new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(10_000),
            r -> {
                Thread t = new Thread(r, "provhooks-recorder");
                t.setDaemon(true);
                return t;
            },
            new ThreadPoolExecutor.CallerRunsPolicy());

    /** Longest the exit hook waits for recording to catch up: a user pressing Ctrl-C should not wait long. */
    private static final long EXIT_WAIT_SECONDS = 20;

    private final AtomicBoolean completing = new AtomicBoolean();
    private final CountDownLatch completed = new CountDownLatch(1);
    private volatile ExitHook shutdownHook;
    private volatile Session nfSession;
    /** Set on the background thread; read there, and at completion after the background thread has finished. */
    private volatile RunSession run;

    ProvHooksObserver(NextflowSettings settings, boolean metrics, Map<String, String> env) {
        this.settings = settings;
        this.metrics = metrics;
        this.env = env;
        this.translator = new TaskTranslator(settings, energyModel(env));
        this.finder = RunDocumentFinder.of(settings.mlPatterns());
    }

    private static EnergyModel energyModel(Map<String, String> env) {
        try {
            return EnergyModel.fromEnvironment(env);
        } catch (IllegalArgumentException e) {
            return EnergyModel.DEFAULT; // the session says so once
        }
    }

    @Override
    public boolean enableMetrics() {
        return metrics;
    }

    /** Whether the session has an output that follows the run live; set once it has opened. */
    private volatile boolean live;

    @Override
    public void onFlowCreate(Session session) {
        guard("start", () -> {
            this.nfSession = session;
            if (!metrics && settings.metrics() == NextflowSettings.Metrics.AUTO) {
                LOG.info(
                        "provhooks: task metrics are off (no trace, report or timeline enabled); task energy is an upper-bound "
                                + "estimate from requested CPUs and memory. Set provhooks.metrics = true for measured task metrics");
            }
            WorkflowMetadata meta = session.getWorkflowMetadata();
            addShutdownHook();
            // The session's start-up work (outputs, outbox, host sampler) is kept off Nextflow's critical path.
            background.execute(() -> guard("start", () -> {
                run = open(meta);
                live = run.followsLive();
            }));
        });
    }

    private RunSession open(WorkflowMetadata meta) throws Exception {
        String runName = meta.getRunName();
        Instant start =
                meta.getStart() == null ? Instant.now() : meta.getStart().toInstant();
        Path outputFile = outputFile(meta, runName);
        RunSettings rs = settings.runSettings(outputFile.getParent())
                // Finished tasks go to a local temporary spool: memory stays flat however long the run.
                .spoolDirectory(Path.of(System.getProperty("java.io.tmpdir")))
                .resolve(env, w -> warnOnce(w, w));
        RunSession s = RunSession.open(
                RunStart.of("Nextflow", runName, label(meta), start)
                        .withFileName(outputFile.getFileName().toString()),
                rs,
                env,
                w -> warnOnce(w, w));
        WorkflowRecorder r = s.recorder();
        r.engineVersion(
                meta.getNextflow() == null
                        ? null
                        : String.valueOf(meta.getNextflow().getVersion()));
        if (meta.getUserName() != null) {
            r.user(meta.getUserName());
        }
        r.attribute("run_name", runName)
                .attribute("session_id", String.valueOf(meta.getSessionId()))
                .attribute("script_id", meta.getScriptId())
                .attribute("script_name", meta.getScriptName())
                .attribute("script_file", str(meta.getScriptFile()))
                .attribute("repository", meta.getRepository())
                .attribute("commit_id", meta.getCommitId())
                .attribute("revision", meta.getRevision())
                .attribute("project_name", meta.getProjectName())
                .attribute("project_dir", str(meta.getProjectDir()))
                .attribute("launch_dir", str(meta.getLaunchDir()))
                .attribute("work_dir", str(meta.getWorkDir()))
                .attribute("output_dir", str(meta.getOutputDir()))
                .attribute("profile", meta.getProfile())
                .attribute("command_line", meta.getCommandLine())
                .attribute("container_engine", meta.getContainerEngine())
                .attribute(
                        "container",
                        meta.getContainer() == null
                                        || String.valueOf(meta.getContainer()).equals("{}")
                                ? null
                                : String.valueOf(meta.getContainer()))
                .attribute("resume", meta.isResume())
                .attribute("stub_run", meta.isStubRun())
                .attribute("task_metrics", metrics);
        manifest(r, meta.getManifest());
        // The launch directory's work tree when it is a repository, else the pipeline's own (a local script in one,
        // or the clone Nextflow pulled): commit, branch and uncommitted changes, on a background thread.
        s.recordCodeState(meta.getLaunchDir(), meta.getProjectDir());
        return s;
    }

    private static String label(WorkflowMetadata meta) {
        Manifest m = meta.getManifest();
        if (m != null && m.getName() != null) {
            return m.getName();
        }
        return meta.getScriptName() != null ? meta.getScriptName() : meta.getRunName();
    }

    private static void manifest(WorkflowRecorder r, Manifest m) {
        if (m == null) {
            return;
        }
        r.attribute("manifest.name", m.getName())
                .attribute("manifest.version", m.getVersion())
                .attribute("manifest.author", m.getAuthor())
                .attribute("manifest.description", m.getDescription())
                .attribute("manifest.home_page", m.getHomePage())
                .attribute("manifest.main_script", m.getMainScript())
                .attribute("manifest.nextflow_version", m.getNextflowVersion())
                .attribute("manifest.doi", m.getDoi())
                .attribute("manifest.license", m.getLicense());
    }

    /** The document's path: {@code provhooks.file}, else {@code <launchDir>/provenance/<runName>.prov.json}. */
    private Path outputFile(WorkflowMetadata meta, String runName) {
        Path launch = meta.getLaunchDir() == null ? Path.of("").toAbsolutePath() : meta.getLaunchDir();
        Path f = settings.file() != null
                ? launch.resolve(settings.file())
                : launch.resolve("provenance").resolve(runName + ".prov.json");
        if (Files.exists(f) && !settings.overwrite()) {
            Path alt = f;
            for (int i = 1; Files.exists(alt); i++) {
                alt = f.resolveSibling(
                        f.getFileName().toString().replaceFirst("(\\.prov)?\\.json$", "") + "." + i + ".prov.json");
            }
            LOG.warn("provhooks: {} exists and provhooks.overwrite is false; writing {} instead", f, alt);
            f = alt;
        }
        return f.toAbsolutePath().normalize();
    }

    @Override
    public void onFlowBegin() {
        guard("parameters", () -> {
            Session s = nfSession;
            if (s != null && s.getParams() != null) {
                Map<String, Object> params = new LinkedHashMap<>(s.getParams());
                background.execute(() -> guard("parameters", () -> {
                    if (run != null) {
                        run.recorder().parameters(params);
                    }
                }));
            }
        });
    }

    @Override
    public void onProcessComplete(TaskHandler handler, TraceRecord trace) {
        guard("task capture", () -> {
            if (handler != null && handler.getTask() != null) {
                record(translator.completed(handler, trace));
            }
        });
    }

    @Override
    public void onProcessCached(TaskHandler handler, TraceRecord trace) {
        guard("cached task capture", () -> {
            if (handler != null && handler.getTask() != null) {
                record(translator.cached(handler, trace));
            }
        });
    }

    /** Hands a captured task to the background thread. */
    private void record(TaskTranslator.TaskEvent e) {
        background.execute(() -> guard("task (background)", () -> {
            RunSession s = run;
            if (s == null) {
                return;
            }
            s.recorder().task(translator.build(e));
            if (e.workDir != null) {
                for (Path doc : finder.find(e.workDir)) {
                    s.linkMlRun(e.key, e.name, doc);
                }
            }
        }));
    }

    @Override
    public void onFilePublish(Path destination, Path source) {
        guard("published file", () -> {
            if (destination != null) {
                background.execute(() -> guard("published file", () -> {
                    if (run != null) {
                        run.recorder()
                                .published(translator.data(destination), source == null ? null : DataRef.file(source));
                    }
                }));
            }
        });
    }

    @Override
    public void onFilePublish(Path destination) {
        onFilePublish(destination, null);
    }

    @Override
    public void onFlowComplete() {
        guard("writing the document", () -> complete(Ending.COMPLETE));
    }

    @Override
    public void onFlowError(TaskHandler handler, TraceRecord trace) {
        // The failing task also arrives through onProcessComplete. Whether onFlowComplete follows is not known here
        // (a script error aborts the run without it): the shutdown hook covers that case.
    }

    /** How the run came to its end, as far as this observer saw it. */
    private enum Ending {
        /** Nextflow called onFlowComplete. */
        COMPLETE,
        /** The JVM is exiting without onFlowComplete: a script error, SIGTERM, System.exit. */
        EXIT
    }

    /**
     * Writes the document once, however the run ends. Nextflow's abort path (a script error in the workflow body)
     * calls onFlowError(null, null) and never onFlowComplete, and SIGTERM ends the JVM: a shutdown hook, registered
     * when the run starts, finishes the session then.
     */
    private void complete(Ending ending) throws Exception {
        if (!completing.compareAndSet(false, true)) {
            if (ending == Ending.EXIT) {
                completed.await(EXIT_WAIT_SECONDS, TimeUnit.SECONDS); // onFlowComplete is writing it now
            }
            return;
        }
        try {
            if (ending == Ending.COMPLETE) {
                removeShutdownHook();
            }
            background.shutdown();
            long wait = ending == Ending.EXIT ? EXIT_WAIT_SECONDS : TimeUnit.MINUTES.toSeconds(10);
            if (!background.awaitTermination(wait, TimeUnit.SECONDS)) {
                LOG.warn("provhooks: recording did not catch up within {} s; the document may miss tasks", wait);
            }
            RunSession s = run;
            if (s == null) {
                return;
            }
            try {
                RunVerdict v = RunVerdict.of(nfSession, ending == Ending.EXIT);
                s.recorder()
                        .attribute("success", v.success())
                        .attribute("exit_status", v.exitStatus())
                        .attribute("error_message", v.error())
                        .attribute("duration_ms", v.durationMs());
                LOG.info(s.finish(v.status(), v.end()));
            } finally {
                s.close();
            }
            logCost(s);
        } finally {
            completed.countDown();
        }
    }

    private void logCost(RunSession s) {
        StringBuilder cost = new StringBuilder();
        observerNanos.forEach((k, v) -> cost.append(' ')
                .append(k)
                .append('=')
                .append(v.sum() / 1_000_000)
                .append("ms wall/")
                .append(observerCpuNanos.get(k).sum() / 1_000_000)
                .append("ms cpu"));
        LOG.debug(
                "provhooks: time spent in provenance callbacks over {} tasks:{}",
                s.recorder().taskCount(),
                cost);
    }

    private void addShutdownHook() {
        shutdownHook = ExitHook.register(
                "provhooks-exit", () -> guard("writing the document at exit", () -> complete(Ending.EXIT)));
    }

    private void removeShutdownHook() {
        ExitHook hook = shutdownHook;
        if (hook != null) {
            hook.cancel();
        }
    }

    @Override
    public void onProcessCreate(TaskProcessor process) {}

    @Override
    public void onProcessTerminate(TaskProcessor process) {}

    @Override
    public void onProcessPending(TaskHandler handler, TraceRecord trace) {}

    @Override
    public void onProcessSubmit(TaskHandler handler, TraceRecord trace) {}

    /** Task starts matter only to outputs that follow the run live (OpenLineage); otherwise this costs one read. */
    @Override
    public void onProcessStart(TaskHandler handler, TraceRecord trace) {
        if (!live) {
            return;
        }
        guard("task start", () -> {
            TaskRun task = handler == null ? null : handler.getTask();
            if (task == null) {
                return;
            }
            TaskStart started = new TaskStart(
                    TaskTranslator.key(task),
                    task.getName(),
                    task.getProcessor() == null
                            ? task.getName()
                            : task.getProcessor().getName(),
                    Instant.now());
            background.execute(() -> guard("task start (background)", () -> {
                RunSession s = run;
                if (s != null) {
                    s.taskStarted(started);
                }
            }));
        });
    }

    @Override
    public void onWorkflowPublish(Object value) {}

    /** A callback body; it may throw anything, the guard catches it. */
    @FunctionalInterface
    private interface Body {
        void run() throws Exception;
    }

    /** Runs a callback body; a failure is logged once per kind of callback and never propagates. */
    private void guard(String what, Body body) {
        long t0 = System.nanoTime();
        long c0 = THREADS.getCurrentThreadCpuTime();
        try {
            body.run();
        } catch (Exception | LinkageError | StackOverflowError e) {
            warnOnce(
                    what,
                    "provhooks: recording " + what + " failed (" + e
                            + "); the run goes on, provenance may be incomplete");
            LOG.debug("provhooks: " + what + " failed", e);
        } finally {
            observerNanos.computeIfAbsent(what, k -> new LongAdder()).add(System.nanoTime() - t0);
            observerCpuNanos.computeIfAbsent(what, k -> new LongAdder()).add(THREADS.getCurrentThreadCpuTime() - c0);
        }
    }

    private void warnOnce(String key, String message) {
        if (warned.putIfAbsent(key, Boolean.TRUE) == null) {
            LOG.warn(Redactor.redactValue(message));
        }
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
