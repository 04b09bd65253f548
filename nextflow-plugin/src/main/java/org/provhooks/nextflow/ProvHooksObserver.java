package org.provhooks.nextflow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import nextflow.Session;
import nextflow.config.Manifest;
import nextflow.processor.TaskHandler;
import nextflow.processor.TaskProcessor;
import nextflow.script.WorkflowMetadata;
import nextflow.trace.TraceObserver;
import nextflow.trace.TraceRecord;
import org.provhooks.core.ml.MlRunLink;
import org.provhooks.core.ml.RunDocumentFinder;
import org.provhooks.core.json.DocumentBody;
import org.provhooks.core.redact.Redactor;
import org.provhooks.core.sink.ProvDocument;
import org.provhooks.core.sink.Publisher;
import org.provhooks.core.workflow.DataRef;
import org.provhooks.core.workflow.DocumentIds;
import org.provhooks.core.workflow.WorkflowRecorder;
import org.slf4j.Logger;

/**
 * Records a Nextflow run through the core's {@link WorkflowRecorder}: the run in {@code onFlowCreate}, each
 * task when it completes or is taken from the cache, published files, and the document at
 * {@code onFlowComplete} (on success and on failure). Every callback is guarded: a provenance problem is
 * logged once on the console and never reaches the pipeline.
 */
final class ProvHooksObserver implements TraceObserver {
    private static final Logger LOG = ProvHooksObserverFactory.LOG;

    private final NextflowSettings settings;
    private final Map<String, String> env;
    private final TaskTranslator translator;
    private final RunDocumentFinder finder;
    private final Map<String, Boolean> warned = new ConcurrentHashMap<>();
    private final List<ProvDocument> mlDocuments = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger tasks = new AtomicInteger();
    /** Time spent inside this observer's callbacks, for the log: the plugin's own cost on the run. */
    private final Map<String, java.util.concurrent.atomic.LongAdder> observerNanos = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.atomic.LongAdder> observerCpuNanos = new ConcurrentHashMap<>();
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
    /**
     * Recording, file checks and ML-document scans run here, one at a time and in event order, so Nextflow's
     * own threads only capture what they must. Bounded: when full, the calling thread does the work itself.
     */
    private final java.util.concurrent.ThreadPoolExecutor background = new java.util.concurrent.ThreadPoolExecutor(1, 1,
            0, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.ArrayBlockingQueue<>(10_000), r -> {
                Thread t = new Thread(r, "provhooks-recorder");
                t.setDaemon(true);
                return t;
            }, new java.util.concurrent.ThreadPoolExecutor.CallerRunsPolicy());
    private volatile Session session;
    private volatile WorkflowRecorder recorder;
    private volatile Publisher publisher;
    private volatile Path outputFile;
    private final org.provhooks.core.telemetry.EnergyModel energyModel;
    private volatile org.provhooks.core.telemetry.HostSampler sampler;

    ProvHooksObserver(NextflowSettings settings, Map<String, String> env) {
        this.settings = settings;
        this.env = env;
        this.energyModel = energyModel(env);
        this.translator = new TaskTranslator(settings, energyModel);
        this.finder = RunDocumentFinder.of(settings.mlPatterns());
    }

    private static org.provhooks.core.telemetry.EnergyModel energyModel(Map<String, String> env) {
        try {
            return org.provhooks.core.telemetry.EnergyModel.fromEnvironment(env);
        } catch (IllegalArgumentException e) {
            LOG.warn("provhooks: {}; using the default energy model", e.getMessage());
            return org.provhooks.core.telemetry.EnergyModel.DEFAULT;
        }
    }

    @Override
    public boolean enableMetrics() {
        return settings.metrics();
    }

    @Override
    public void onFlowCreate(Session session) {
        guard("start", () -> {
            this.session = session;
            WorkflowMetadata meta = session.getWorkflowMetadata();
            String runName = meta.getRunName();
            Redactor redactor = Redactor.defaults().withExtraNames(settings.redact());
            Instant start = meta.getStart() == null ? Instant.now() : meta.getStart().toInstant();
            WorkflowRecorder r = WorkflowRecorder.start("Nextflow", runName, label(meta), start, redactor);
            // Finished tasks go to a local temporary spool: memory stays flat however long the run.
            r.spillTo(Path.of(System.getProperty("java.io.tmpdir")));
            r.engineVersion(meta.getNextflow() == null ? null : String.valueOf(meta.getNextflow().getVersion()));
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
                    .attribute("container", meta.getContainer() == null || String.valueOf(meta.getContainer()).equals("{}")
                            ? null : String.valueOf(meta.getContainer()))
                    .attribute("resume", meta.isResume())
                    .attribute("stub_run", meta.isStubRun());
            manifest(r, meta.getManifest());
            recorder = r;
            outputFile = outputFile(meta, runName);
            publisher = Publisher.create(outputFile.getParent(), settings.push(), env, w -> warnOnce("push:" + w, w))
                    .withWait(settings.pushWait());
            if (settings.telemetry()) {
                sampler = org.provhooks.core.telemetry.HostSampler.start(outputFile.getParent().resolve(runName + "-telemetry"),
                        settings.telemetryInterval(), energyModel, w -> warnOnce("telemetry", "provhooks: " + w));
            }
        });
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
        r.attribute("manifest.name", m.getName()).attribute("manifest.version", m.getVersion())
                .attribute("manifest.author", m.getAuthor()).attribute("manifest.description", m.getDescription())
                .attribute("manifest.home_page", m.getHomePage()).attribute("manifest.main_script", m.getMainScript())
                .attribute("manifest.nextflow_version", m.getNextflowVersion()).attribute("manifest.doi", m.getDoi())
                .attribute("manifest.license", m.getLicense());
    }

    /** The document's path: {@code provhooks.file}, else {@code <launchDir>/provenance/<runName>.prov.json}. */
    private Path outputFile(WorkflowMetadata meta, String runName) {
        Path launch = meta.getLaunchDir() == null ? Path.of("").toAbsolutePath() : meta.getLaunchDir();
        Path f = settings.file() != null ? launch.resolve(settings.file())
                : launch.resolve("provenance").resolve(runName + ".prov.json");
        if (Files.exists(f) && !settings.overwrite()) {
            Path alt = f;
            for (int i = 1; Files.exists(alt); i++) {
                alt = f.resolveSibling(f.getFileName().toString().replaceFirst("(\\.prov)?\\.json$", "") + "." + i + ".prov.json");
            }
            LOG.warn("provhooks: {} exists and provhooks.overwrite is false; writing {} instead", f, alt);
            f = alt;
        }
        return f.toAbsolutePath().normalize();
    }

    @Override
    public void onFlowBegin() {
        guard("parameters", () -> {
            if (recorder != null && session != null && session.getParams() != null) {
                recorder.parameters(session.getParams());
            }
        });
    }

    @Override
    public void onProcessComplete(TaskHandler handler, TraceRecord trace) {
        guard("task capture", () -> {
            WorkflowRecorder r = recorder;
            if (r == null || handler == null || handler.getTask() == null) {
                return;
            }
            record(r, translator.completed(handler, trace));
        });
    }

    /** Hands a captured task to the background thread. */
    private void record(WorkflowRecorder r, TaskTranslator.TaskEvent e) {
        background.execute(() -> guard("task (background)", () -> {
            r.task(translator.build(e));
            tasks.incrementAndGet();
            linkMlDocuments(r, e);
        }));
    }

    @Override
    public void onProcessCached(TaskHandler handler, TraceRecord trace) {
        guard("cached task capture", () -> {
            WorkflowRecorder r = recorder;
            if (r == null || handler == null || handler.getTask() == null) {
                return;
            }
            record(r, translator.cached(handler, trace));
        });
    }

    private void linkMlDocuments(WorkflowRecorder r, TaskTranslator.TaskEvent e) {
        if (e.workDir == null) {
            return;
        }
        String key = e.key;
        for (Path doc : finder.find(e.workDir)) {
            MlRunLink link = r.tryLinkMlRun(key, doc, msg -> LOG.warn("provhooks: skipped an ML run document of task {}: {}", e.name, msg));
            if (link != null) {
                mlDocuments.add(ProvDocument.ofFile(DocumentIds.forMlRun(r.runId(), key, link.info().runName()), doc));
            }
        }
    }

    @Override
    public void onFilePublish(Path destination, Path source) {
        guard("published file", () -> {
            WorkflowRecorder r = recorder;
            if (r != null && destination != null) {
                background.execute(() -> guard("published file",
                        () -> r.published(translator.data(destination), source == null ? null : DataRef.file(source))));
            }
        });
    }

    @Override
    public void onFilePublish(Path destination) {
        onFilePublish(destination, null);
    }

    @Override
    public void onFlowComplete() {
        guard("writing the document", () -> {
            WorkflowRecorder r = recorder;
            Publisher p = publisher;
            background.shutdown();
            if (!background.awaitTermination(10, java.util.concurrent.TimeUnit.MINUTES)) {
                LOG.warn("provhooks: recording did not catch up within 10 minutes; the document may miss tasks");
            }
            if (r == null || p == null) {
                return;
            }
            if (sampler != null) {
                r.telemetry(sampler.stop());
            }
            WorkflowMetadata meta = session.getWorkflowMetadata();
            boolean success = meta.isSuccess();
            r.attribute("success", success).attribute("exit_status", meta.getExitStatus())
                    .attribute("error_message", meta.getErrorMessage())
                    .attribute("duration_ms", meta.getDuration() == null ? null : meta.getDuration().toMillis());
            OffsetDateTime complete = meta.getComplete();
            DocumentBody doc = r.finishStreaming(success ? "Completed" : "Failed", complete == null ? Instant.now() : complete.toInstant());
            p.publish(ProvDocument.streamed(DocumentIds.forWorkflow(r.runId()), outputFile.getFileName().toString(), doc));
            if (p.pushes()) {
                synchronized (mlDocuments) {
                    mlDocuments.forEach(p::publish);
                }
            }
            LOG.info("{} ({} tasks, {} ML runs linked)", p.finish(), tasks.get(), r.mlRunCount());
            p.close();
            r.close();
            StringBuilder cost = new StringBuilder();
            observerNanos.forEach((k, v) -> cost.append(' ').append(k).append('=').append(v.sum() / 1_000_000).append("ms wall/")
                    .append(observerCpuNanos.get(k).sum() / 1_000_000).append("ms cpu"));
            LOG.debug("provhooks: time spent in provenance callbacks over {} tasks:{}", tasks.get(), cost);
        });
    }

    @Override
    public void onFlowError(TaskHandler handler, TraceRecord trace) {
        // The failing task also arrives through onProcessComplete; the run's error is read at completion.
    }

    @Override
    public void onProcessCreate(TaskProcessor process) {
    }

    @Override
    public void onProcessTerminate(TaskProcessor process) {
    }

    @Override
    public void onProcessPending(TaskHandler handler, TraceRecord trace) {
    }

    @Override
    public void onProcessSubmit(TaskHandler handler, TraceRecord trace) {
    }

    @Override
    public void onProcessStart(TaskHandler handler, TraceRecord trace) {
    }

    @Override
    public void onWorkflowPublish(Object value) {
    }

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
            warnOnce(what, "provhooks: recording " + what + " failed (" + e + "); the run goes on, provenance may be incomplete");
            LOG.debug("provhooks: " + what + " failed", e);
        } finally {
            observerNanos.computeIfAbsent(what, k -> new java.util.concurrent.atomic.LongAdder()).add(System.nanoTime() - t0);
            observerCpuNanos.computeIfAbsent(what, k -> new java.util.concurrent.atomic.LongAdder())
                    .add(THREADS.getCurrentThreadCpuTime() - c0);
        }
    }

    private void warnOnce(String key, String message) {
        if (warned.putIfAbsent(key, Boolean.TRUE) == null) {
            LOG.warn(message);
        }
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
