package org.provhooks.core.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.provhooks.core.code.CodeState;
import org.provhooks.core.json.DocumentBody;
import org.provhooks.core.ml.MlRunLink;
import org.provhooks.core.redact.Redactor;
import org.provhooks.core.sink.ProvDocument;
import org.provhooks.core.telemetry.EnergyModel;
import org.provhooks.core.telemetry.HostSampler;
import org.provhooks.core.workflow.DocumentIds;
import org.provhooks.core.workflow.Ids;
import org.provhooks.core.workflow.TaskStart;
import org.provhooks.core.workflow.WorkflowRecorder;

/**
 * The lifecycle of one recorded run, the same for every workflow system. An adapter opens a session when the run
 * starts, feeds the {@link #recorder()} with translated engine events, links the yProv4ML run documents its tasks
 * wrote, and {@linkplain #finish finishes} the session when the run ends. The session owns the recorder, host
 * telemetry, the outputs, the one summary line, and clean-up on every path (the sampler thread stops and the
 * record spool is deleted even when the adapter fails half-way: use try-with-resources).
 *
 * <!-- given: | import org.provhooks.core.workflow.TaskActivity -->
 * <pre>{@code
 * RunSettings settings = RunSettings.builder(Path.of("provenance")).resolve(System.getenv(), System.err::println);
 * try (RunSession session = RunSession.open(RunStart.of("Nextflow", "happy_turing", "rnaseq", Instant.now()),
 *         settings, System.getenv(), System.err::println)) {
 *     session.recorder().task(TaskActivity.builder("1").label("ALIGN").status("COMPLETED").build());
 *     session.linkMlRun("1", Path.of("work/ab/12/prov/prov_train_0.json"));
 *     System.out.println(session.finish("Completed", Instant.now()));
 *     // "provenance: wrote /…/provenance/happy_turing.prov.json; yProv: sent 2, pending 0, failed 0 (1 task, 1 ML run linked)"
 * }
 * }</pre>
 *
 * Never throws at the workflow after {@link #open}: output failures are one warning each (once per output) and
 * the other outputs still run.
 */
public final class RunSession implements AutoCloseable {
    private final RunStart start;
    private final RunSettings settings;
    private final WorkflowRecorder recorder;
    private final EnergyModel energyModel;
    private final Consumer<String> warn;
    private final List<RunOutput> outputs;
    private final List<ProvDocument> mlRunDocuments = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private volatile HostSampler sampler;
    private boolean closed;

    private RunSession(
            RunStart start,
            RunSettings settings,
            WorkflowRecorder recorder,
            EnergyModel energyModel,
            Consumer<String> warn,
            List<RunOutput> outputs) {
        this.start = start;
        this.settings = settings;
        this.recorder = recorder;
        this.energyModel = energyModel;
        // Every line the session prints is masked: an error message can carry a URL with a password in it.
        this.warn = msg -> warn.accept(Redactor.redactValue(msg));
        this.outputs = outputs;
    }

    /**
     * Starts recording: the recorder (spilling to {@link RunSettings#spoolDirectory()} when set), the outputs the
     * settings name, and host sampling when {@link RunSettings#telemetry()} is on. Problems with optional parts
     * (telemetry, an output, the spool) are warnings; the session still opens.
     *
     * @param env the environment (energy model variables); {@code System.getenv()} in production
     */
    public static RunSession open(
            RunStart start, RunSettings settings, Map<String, String> env, Consumer<String> warn) {
        EnergyModel model;
        try {
            model = EnergyModel.fromEnvironment(env);
        } catch (IllegalArgumentException e) {
            warn.accept("provenance: " + e.getMessage() + "; using the default energy model");
            model = EnergyModel.DEFAULT;
        }
        WorkflowRecorder rec = WorkflowRecorder.start(
                start.engine(),
                start.runId(),
                start.label(),
                start.start(),
                Redactor.defaults().withExtraNames(settings.redact()));
        if (settings.spoolDirectory() != null) {
            try {
                rec.spillTo(settings.spoolDirectory());
            } catch (IOException | RuntimeException e) {
                warn.accept("provenance: cannot spool records under " + settings.spoolDirectory() + " ("
                        + e.getMessage() + "); keeping them in memory");
            }
        }
        RunSession s =
                new RunSession(start, settings, rec, model, warn, new ArrayList<>(Outputs.create(settings, warn)));
        s.followLive();
        if (settings.telemetry()) {
            s.startTelemetry();
        }
        return s;
    }

    /** Tells the live outputs that the run began, and has the recorder tell them of every task. */
    private void followLive() {
        List<LiveOutput> live = live();
        if (live.isEmpty()) {
            return;
        }
        toLive(l -> l.runStarted(start, recorder));
        recorder.onTask(t -> toLive(l -> l.taskFinished(t)));
    }

    private List<LiveOutput> live() {
        List<LiveOutput> live = new ArrayList<>();
        for (RunOutput o : outputs) {
            if (o instanceof LiveOutput l) {
                live.add(l);
            }
        }
        return live;
    }

    private void toLive(Consumer<LiveOutput> event) {
        for (RunOutput o : outputs) {
            if (o instanceof LiveOutput l) {
                try {
                    event.accept(l);
                } catch (RuntimeException | LinkageError e) {
                    warnOnce(
                            "live:" + o.name(),
                            "provenance output '" + o.name() + "' failed: " + describe(e)
                                    + "; the other outputs and the workflow go on");
                }
            }
        }
    }

    /**
     * Records the code the run ran, from the git repository the first of {@code dirs} that is in one belongs to:
     * remote, commit, branch, and when the work tree has uncommitted changes their digest and the diff itself, written
     * beside the document as {@code <document>-code.diff} (secrets masked, at most {@link CodeState#MAX_DIFF_BYTES}).
     * Read on a background thread (a large work tree takes a moment to compare); {@link #finish} waits for it at most
     * {@value #CODE_STATE_WAIT_SECONDS} s.
     */
    public void recordCodeState(Path... dirs) {
        Thread t = new Thread(
                () -> {
                    for (Path dir : dirs) {
                        if (dir != null && readCodeState(dir).isPresent()) {
                            return;
                        }
                    }
                },
                "provhooks-code-state");
        t.setDaemon(true);
        codeState = t;
        t.start();
    }

    static final int CODE_STATE_WAIT_SECONDS = 10;
    private volatile Thread codeState;

    /** Reads and records the code state of {@code dir} now (see {@link #recordCodeState}). */
    public Optional<CodeState> readCodeState(Path dir) {
        String stem = ProvDocument.stem(start.documentFileName());
        try {
            Optional<CodeState> code =
                    CodeState.of(dir, settings.outputDir().resolve(stem + "-code.diff"), CodeState.MAX_DIFF_BYTES);
            code.ifPresent(recorder::codeState);
            return code;
        } catch (RuntimeException | LinkageError e) {
            warnOnce("code", "provenance: cannot read the code state of " + dir + ": " + describe(e));
            return Optional.empty();
        }
    }

    /** Whether an output follows the run live (then {@link #taskStarted} is worth calling). */
    public boolean followsLive() {
        return !live().isEmpty();
    }

    /**
     * A task began: for the outputs that follow the run live (OpenLineage). Engines that only report finished tasks
     * need not call it. Never throws.
     */
    public void taskStarted(TaskStart task) {
        toLive(l -> l.taskStarted(task));
    }

    private void startTelemetry() {
        String name = Ids.safeLocal(start.runId()) + "-telemetry";
        Path dir = settings.outputDir().resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            // The document will go to the fallback directory too (ProvFileOutput): keep its metric files beside it.
            dir = ProvFileOutput.fallbackDirectory().resolve(name);
        }
        try {
            sampler = HostSampler.start(
                    dir, settings.telemetryInterval(), energyModel, w -> warnOnce("telemetry", "provenance: " + w));
        } catch (RuntimeException | LinkageError e) {
            warn.accept("provenance: host telemetry is off for this run (" + e + ")");
        }
    }

    /** The recorder adapters feed; thread-safe. */
    public WorkflowRecorder recorder() {
        return recorder;
    }

    /** The energy model from the environment, for adapters that estimate per-task energy. */
    public EnergyModel energyModel() {
        return energyModel;
    }

    public RunSettings settings() {
        return settings;
    }

    /** Adds an output of the caller's own (after those the settings name, before {@code yprov}). */
    public synchronized RunSession addOutput(RunOutput output) {
        int at = outputs.size();
        while (at > 0 && outputs.get(at - 1).name().equals(Outputs.YPROV)) {
            at--;
        }
        outputs.add(at, output);
        return this;
    }

    /**
     * Links a yProv4ML run document a task wrote (the third level) and remembers it, so it goes wherever the
     * workflow document goes. A document that cannot be read is one warning and is skipped.
     *
     * @return the link, or null when the document was skipped
     */
    public MlRunLink linkMlRun(String taskKey, Path runDocument) {
        return linkMlRun(taskKey, taskKey, runDocument);
    }

    /** As {@link #linkMlRun(String, Path)}, naming the task by {@code taskName} in a warning. */
    public MlRunLink linkMlRun(String taskKey, String taskName, Path runDocument) {
        if (!Files.isReadable(runDocument)) {
            // Reported by the task but not here (another host, a worker's disk): keep the reference.
            recorder.mlRunReference(taskKey, runDocument.toString());
            if (warned.add("unreadable ML run document")) {
                warn.accept("provenance: the ML run document " + runDocument + " of task " + taskName
                        + " is not readable here; recorded as a reference (location only)");
            }
            return null;
        }
        MlRunLink link = recorder.tryLinkMlRun(
                taskKey,
                runDocument,
                msg -> warn.accept("provenance: skipped an ML run document of task " + taskName + ": " + msg));
        if (link != null) {
            mlRunDocuments.add(ProvDocument.ofFile(
                    DocumentIds.forMlRun(start.runId(), taskKey, link.info().runName()), runDocument));
            toLive(l -> l.mlRunLinked(taskKey, link));
        }
        return link;
    }

    /**
     * Ends the run: stops telemetry and adds it to the document, hands the finished run to every output, and
     * cleans up. Never throws.
     *
     * @param status the engine's final status, e.g. {@code Completed} or {@code Failed}
     * @param end    when the run ended
     * @return the one summary line, e.g. {@code provenance: wrote …; yProv: sent 2, pending 0, failed 0 (3 tasks, 1 ML run linked)}
     */
    public synchronized String finish(String status, Instant end) {
        List<String> done = new ArrayList<>();
        try {
            Thread code = codeState;
            if (code != null) {
                try {
                    code.join(CODE_STATE_WAIT_SECONDS * 1000L);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            HostSampler s = sampler;
            sampler = null;
            if (s != null) {
                recorder.telemetry(s.stop());
            }
            DocumentBody body = recorder.finishStreaming(status, end);
            String fileName = start.documentFileName();
            FinishedRun run = new FinishedRun(
                    start.engine(),
                    start.runId(),
                    start.label(),
                    status,
                    end,
                    ProvDocument.streamed(DocumentIds.forWorkflow(start.runId()), fileName, body),
                    snapshotMlDocuments(),
                    settings.outputDir(),
                    recorder.taskCount(),
                    recorder.workflowAttribute("error_message"));
            for (RunOutput o : outputs) {
                try {
                    done.add(o.emit(run));
                } catch (Exception | LinkageError e) {
                    warnOnce(
                            "output:" + o.name(),
                            "provenance output '" + o.name() + "' failed: " + describe(e)
                                    + "; the other outputs and the workflow go on");
                    done.add(o.name() + " failed");
                }
            }
        } catch (RuntimeException | LinkageError e) {
            warn.accept("provenance: could not finish the document (" + describe(e)
                    + "); the workflow's own result is unchanged");
            done.add("document not finished");
        } finally {
            close();
        }
        int tasks = recorder.taskCount();
        int ml = recorder.mlRunCount();
        return "provenance: " + (done.isEmpty() ? "no output" : String.join("; ", done)) + " (" + tasks
                + (tasks == 1 ? " task, " : " tasks, ") + ml + (ml == 1 ? " ML run" : " ML runs") + " linked)";
    }

    private List<ProvDocument> snapshotMlDocuments() {
        synchronized (mlRunDocuments) {
            return List.copyOf(mlRunDocuments);
        }
    }

    /** Stops the sampler, deletes the record spool and closes the outputs; safe to call on every path, more than once. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        HostSampler s = sampler;
        sampler = null;
        if (s != null) {
            try {
                s.stop();
            } catch (RuntimeException e) {
                // the thread is interrupted either way
            }
        }
        try {
            recorder.close();
        } catch (RuntimeException e) {
            warn.accept("provenance: cannot remove the record spool (" + describe(e) + ")");
        }
        for (RunOutput o : outputs) {
            try {
                o.close();
            } catch (Exception e) {
                // closing one output must not keep the others open
            }
        }
    }

    /** Whether the host sampler is still running (for tests of clean-up). */
    public boolean sampling() {
        return sampler != null;
    }

    private void warnOnce(String key, String message) {
        if (warned.add(key)) {
            warn.accept(message);
        }
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m.replace('\n', ' '));
    }
}
