package org.provhooks.core.openlineage;

import io.openlineage.client.OpenLineage.RunEvent;
import io.openlineage.client.OpenLineageClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.provhooks.core.ml.MlRunLink;
import org.provhooks.core.redact.Redactor;
import org.provhooks.core.session.FinishedRun;
import org.provhooks.core.session.LiveOutput;
import org.provhooks.core.session.Outputs;
import org.provhooks.core.session.RunSettings;
import org.provhooks.core.session.RunStart;
import org.provhooks.core.workflow.TaskActivity;
import org.provhooks.core.workflow.TaskStart;
import org.provhooks.core.workflow.WorkflowRecorder;

/**
 * The {@code openlineage} output: OpenLineage run events as the run happens (the workflow's START when the session
 * opens, each task's START and COMPLETE/FAIL, the workflow's COMPLETE/FAIL/ABORT at the end), through
 * {@code openlineage-java}'s client and transports.
 *
 * <p>Never in the way: the workflow's threads only put a small item on a bounded queue (events are built and sent by one
 * background thread, in bursts at most {@link #BURST_PAUSE} apart); when the queue is full the event is dropped and
 * counted; a backend that fails is reported once, and the end of the run waits for the queue at most the push wait, and
 * never more than 5 s. The PROV document does not depend on any of this.
 *
 * <!-- given: RunSettings settings | import org.provhooks.core.session.RunSettings -->
 * <pre>{@code
 * OpenLineageOutput out = new OpenLineageOutput(settings, System.err::println);   // settings.openLineage(): where to
 * }</pre>
 */
public final class OpenLineageOutput implements LiveOutput {
    static final int QUEUE = 10_000;
    /** The most the end of a run waits for unsent events. */
    static final Duration MAX_WAIT = Duration.ofSeconds(5);
    /** How long the worker lets events gather after sending what was queued: the most an event waits to be sent. */
    static final Duration BURST_PAUSE = Duration.ofMillis(250);

    private final OpenLineageSettings settings;
    private final Duration wait;
    private final java.nio.file.Path outputDir;
    private final boolean pushes;
    private final Consumer<String> warn;
    /** Built by the worker: loading OpenLineage's transports takes half a second the workflow's start should not wait. */
    private volatile OpenLineageClient client;
    /** False when nothing says where events go, or the client could not be built: nothing is queued then. */
    private volatile boolean enabled;

    private volatile String offReason;
    private final BlockingQueue<Supplier<RunEvent>> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    /** Events queued and not yet sent or failed: counted from the offer, so the end never misses one being taken. */
    private final AtomicInteger unsent = new AtomicInteger();

    private final AtomicBoolean warnedFailure = new AtomicBoolean();
    /** Counted down when the run ends: the worker stops pausing between bursts. */
    private final CountDownLatch ending = new CountDownLatch(1);

    private final Map<String, TaskState> tasks = new HashMap<>();
    private volatile LineageEvents events;
    private volatile WorkflowRecorder recorder;
    private volatile String lastError;
    private Thread worker;

    /** A task's events so far: whether its end went out, and the ML runs linked to it. */
    private static final class TaskState {
        String tool;
        boolean started;
        boolean ended;
        final List<MlRunLink> mlRuns = new ArrayList<>();
    }

    /**
     * @param run  the run's settings: {@link RunSettings#openLineage()} says where events go, the push wait how long the
     *             end of the run waits for unsent events at most
     * @param warn where the one warning on failure goes
     */
    public OpenLineageOutput(RunSettings run, Consumer<String> warn) {
        this.settings = run.openLineage();
        // Lineage events have no outbox: the end of the run waits a little for them, never long.
        this.wait = run.pushWait().compareTo(MAX_WAIT) < 0 ? run.pushWait() : MAX_WAIT;
        this.outputDir = run.outputDir();
        this.pushes = run.pushes();
        this.warn = warn;
        try {
            enabled = settings.configured();
            if (!enabled) {
                offReason = "no backend";
                warn.accept("provenance output 'openlineage' has no backend: set OPENLINEAGE_URL (or the system's"
                        + " OpenLineage URL setting, or an openlineage.yml); no events are sent");
            }
        } catch (RuntimeException e) {
            offReason = Redactor.redactValue(String.valueOf(e.getMessage()));
            warn.accept("provenance output 'openlineage' is off: " + offReason);
        }
    }

    @Override
    public String name() {
        return Outputs.OPENLINEAGE;
    }

    @Override
    public void runStarted(RunStart start, WorkflowRecorder recorder) {
        if (!enabled) {
            return;
        }
        this.recorder = recorder;
        String location =
                outputDir.resolve(start.documentFileName()).toAbsolutePath().toString();
        worker = new Thread(() -> work(start, location), "provhooks-openlineage");
        worker.setDaemon(true);
        worker.setContextClassLoader(OpenLineageOutput.class.getClassLoader());
        worker.start();
        Instant when = start.start() != null ? start.start() : Instant.now();
        offer(() -> events.runStart(when, recorder.engineVersion()));
    }

    @Override
    public void taskStarted(TaskStart task) {
        if (!enabled || worker == null) {
            return;
        }
        synchronized (tasks) {
            TaskState s = tasks.computeIfAbsent(task.key(), k -> new TaskState());
            if (s.started) {
                return;
            }
            s.started = true;
            s.tool = task.tool();
        }
        offer(() -> events.taskStart(task));
    }

    @Override
    public void taskFinished(TaskActivity task) {
        if (!enabled || worker == null) {
            return;
        }
        boolean startSent;
        synchronized (tasks) {
            TaskState s = tasks.computeIfAbsent(task.key(), k -> new TaskState());
            startSent = s.started;
            s.started = true;
            s.tool = LineageEvents.toolOf(task);
        }
        if (!startSent) {
            offer(() -> events.taskStart(task));
        }
        offer(() -> {
            List<MlRunLink> ml;
            synchronized (tasks) {
                TaskState s = tasks.get(task.key());
                s.ended = true;
                ml = List.copyOf(s.mlRuns);
            }
            return events.taskEnd(
                    task, ml.stream().map(l -> events.mlRun(task.key(), l)).toList());
        });
    }

    @Override
    public void mlRunLinked(String taskKey, MlRunLink link) {
        if (!enabled || worker == null) {
            return;
        }
        String tool;
        synchronized (tasks) {
            TaskState s = tasks.computeIfAbsent(taskKey, k -> new TaskState());
            s.mlRuns.add(link);
            if (!s.ended) {
                return; // goes out with the task's end
            }
            tool = s.tool == null ? taskKey : s.tool;
        }
        Instant now = Instant.now();
        offer(() -> events.mlRunsLinked(taskKey, tool, List.of(events.mlRun(taskKey, link)), now));
    }

    @Override
    public String emit(FinishedRun run) throws InterruptedException {
        if (!enabled || worker == null) {
            return "openlineage: off (" + (offReason == null ? "no backend" : offReason) + ")";
        }
        WorkflowRecorder r = recorder;
        offer(() -> events.runEnd(
                run.end() != null ? run.end() : Instant.now(),
                run.status(),
                run.error(),
                r.engineVersion(),
                number(r.workflowAttribute("energy_j")),
                number(r.workflowAttribute("co2e_g")),
                r.workflowAttribute("energy_method"),
                r.workflowAttribute("data_interval_start") != null
                        ? r.workflowAttribute("data_interval_start")
                        : r.workflowAttribute("logical_date"),
                r.workflowAttribute("data_interval_end"),
                r.workflowInputs()));
        ending.countDown();
        long deadline = System.nanoTime() + wait.toNanos();
        while (unsent.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        int pending = unsent.get();
        StringBuilder line = new StringBuilder("openlineage: ")
                .append(sent.get())
                .append(" events sent to ")
                .append(Redactor.redactValue(settings.describe()));
        if (failed.get() > 0 || dropped.get() > 0 || pending > 0) {
            line.append(" (")
                    .append(failed.get())
                    .append(" failed, ")
                    .append(dropped.get() + pending)
                    .append(" not sent")
                    .append(lastError == null ? "" : ": " + lastError)
                    .append(")");
        }
        return line.toString();
    }

    /** Counts of events sent, failed and dropped so far (for tests and the summary). */
    public int[] counts() {
        return new int[] {sent.get(), failed.get(), dropped.get()};
    }

    private void offer(Supplier<RunEvent> event) {
        if (!enabled) {
            return;
        }
        unsent.incrementAndGet();
        if (!queue.offer(event)) {
            unsent.decrementAndGet();
            dropped.incrementAndGet();
            if (warnedFailure.compareAndSet(false, true)) {
                warn.accept("provenance output 'openlineage': the backend does not keep up; events are dropped"
                        + " (the workflow and its PROV document are not affected)");
            }
        }
    }

    private void work(RunStart start, String documentLocation) {
        try {
            client = settings.client();
            events = new LineageEvents(start, settings.namespaceFor(start.engine()), documentLocation, pushes);
        } catch (RuntimeException | LinkageError e) {
            offReason = Redactor.redactValue(oneLine(e));
            enabled = false;
            queue.clear();
            unsent.set(0);
            warn.accept("provenance output 'openlineage' is off: " + offReason);
            return;
        }
        try {
            while (true) {
                Supplier<RunEvent> next = queue.poll(1, TimeUnit.SECONDS);
                if (next == null) {
                    if (Thread.currentThread().isInterrupted()) {
                        return;
                    }
                    continue;
                }
                while (next != null) {
                    send(next);
                    next = queue.poll();
                }
                // Let the next events gather: sent back to back, they cost less than half of what one wake-up per
                // event costs on a busy machine (caches and branch history are cold at every wake-up). The end of the
                // run cuts the pause short.
                ending.await(BURST_PAUSE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            // closing
        }
    }

    private void send(Supplier<RunEvent> next) {
        try {
            client.emit(next.get());
            sent.incrementAndGet();
        } catch (RuntimeException | LinkageError e) {
            failed.incrementAndGet();
            lastError = Redactor.redactValue(oneLine(e));
            if (warnedFailure.compareAndSet(false, true)) {
                warn.accept("provenance output 'openlineage': cannot send events to "
                        + Redactor.redactValue(settings.describe()) + " (" + lastError
                        + "); the workflow and its PROV document are not affected");
            }
        } finally {
            unsent.decrementAndGet();
        }
    }

    private static String oneLine(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null
                && t.getCause() != t
                && (t.getMessage() == null || t.getMessage().isBlank())) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        m = m.replaceAll("\\s+", " ").trim();
        return m.length() > 160 ? m.substring(0, 160) + "…" : m; // a backend's HTML error page is not a line
    }

    private static Double number(String s) {
        try {
            return s == null ? null : Double.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public void close() {
        Thread w = worker;
        if (w != null) {
            w.interrupt();
        }
        if (client != null) {
            try {
                client.close();
            } catch (Exception e) {
                // nothing held that matters
            }
        }
    }
}
