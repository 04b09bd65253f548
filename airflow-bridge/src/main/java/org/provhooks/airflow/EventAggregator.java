package org.provhooks.airflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.openlineage.client.OpenLineage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.provhooks.core.session.RunSession;
import org.provhooks.core.sink.RetryPolicy;
import org.provhooks.core.workflow.DataRef;
import org.provhooks.core.workflow.TaskActivity;
import org.provhooks.core.workflow.WorkflowRecorder;

/**
 * Turns pushed events (our callbacks, OpenLineage RunEvents) into one document per DAG run. Events are hints:
 * they can arrive twice or out of order. When the run ends (a DAG success/failure callback, or OpenLineage
 * COMPLETE/FAIL of the DAG job) the run is collected once: through the REST API when a connection is
 * configured (the reported ML documents linked to their tasks), otherwise from the events alone.
 *
 * <p>Nothing is dropped: a collection that fails (Airflow down for a moment, slow, 5xx) is retried with backoff,
 * and after the last attempt the run is written from its events with a warning. Memory stays bounded: at most
 * {@link Limits#maxOpenRuns} runs are open (the oldest is written from its events when one more arrives), and ended
 * runs are remembered only for {@link Limits#endedWindow} (to ignore late and repeated events). At shutdown,
 * {@link #drain} finishes collections in progress and writes runs still open from their events. All state is
 * guarded by one lock.
 */
final class EventAggregator {
    /** How long to retry, how many runs to hold, how long to remember ended ones. */
    record Limits(RetryPolicy retry, int maxOpenRuns, Duration endedWindow, Duration grace) {
        static final Limits DEFAULT = new Limits(
                new RetryPolicy(Duration.ofSeconds(2), Duration.ofMinutes(1), 6),
                1000,
                Duration.ofHours(6),
                Duration.ofSeconds(2));
    }

    private static final class RunState {
        final String key;
        final String dagId;
        String runId;
        String state;
        Instant start;
        Instant end;
        final Map<String, TaskActivity.Builder> tasks = new LinkedHashMap<>();
        final Map<String, List<Path>> mlDocuments = new LinkedHashMap<>();

        RunState(String key, String dagId, String runId) {
            this.key = key;
            this.dagId = dagId;
            this.runId = runId;
        }

        String name() {
            return dagId + " / " + runId;
        }
    }

    private final AirflowConnection af;
    private final DagRunOutput output;
    private final RunCollector collector;
    private final Consumer<String> log;
    private final Limits limits;
    /** Guards every field below. */
    private final Object lock = new Object();
    /** Open runs by event key, oldest first. */
    private final LinkedHashMap<String, RunState> runs = new LinkedHashMap<>();
    /** Event keys and dag/run keys of ended runs, with when they ended, oldest first. */
    private final LinkedHashMap<String, Instant> ended = new LinkedHashMap<>();
    /** Ended runs not written yet (waiting, being collected, or waiting for a retry). */
    private final Set<RunState> unwritten = new HashSet<>();

    private boolean draining;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "airflow-bridge-collect");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param af        the REST connection runs are collected through, or null to build documents from events alone
     * @param collector how runs are collected through {@code af} (options as for {@code collect}); unused without it
     */
    EventAggregator(AirflowConnection af, RunCollector collector, DagRunOutput output, Consumer<String> log) {
        this(af, collector, output, log, Limits.DEFAULT);
    }

    EventAggregator(
            AirflowConnection af, RunCollector collector, DagRunOutput output, Consumer<String> log, Limits limits) {
        this.af = af;
        this.collector = collector;
        this.output = output;
        this.log = log;
        this.limits = limits;
    }

    /** The open run an event belongs to, or null when that run has ended already (a late or repeated event). */
    private RunState open(String key, String dagId, String runId) {
        RunState s = runs.get(key);
        if (s == null && ended.containsKey(key)) {
            return null; // ended and being written or written: a late or repeated event
        }
        if (s == null) {
            s = new RunState(key, dagId, runId);
            runs.put(key, s);
            if (runs.size() > limits.maxOpenRuns()) {
                RunState oldest = runs.values().stream()
                        .filter(r -> !unwritten.contains(r))
                        .findFirst()
                        .orElseThrow();
                log.accept("more than " + limits.maxOpenRuns() + " DAG runs open; writing the oldest, " + oldest.name()
                        + ", from its events");
                end(oldest, true);
                runs.remove(oldest.key); // written from what it has now: later events of it are ignored
                ended.put(oldest.key, Instant.now());
            }
        }
        return s;
    }

    /** A callback body from provhooks_airflow.py. */
    void onCallback(JsonNode b) {
        String event = b.path("event").asText();
        String dag = b.path("dag_id").asText();
        String run = b.path("run_id").asText();
        synchronized (lock) {
            RunState s = open(dag + "\u0000" + run, dag, run);
            if (s == null) {
                return;
            }
            if (event.startsWith("task_")) {
                String key = taskKey(
                        b.path("task_id").asText(),
                        b.path("map_index").asInt(-1),
                        b.path("try_number").asInt(1));
                TaskActivity.Builder t = s.tasks.computeIfAbsent(
                        key,
                        k -> TaskActivity.builder(k).label(b.path("task_id").asText()));
                t.status(text(b, "state"))
                        .start(time(b, "start_date"))
                        .end(time(b, "end_date"))
                        .attribute("task_id", text(b, "task_id"))
                        .attribute("map_index", b.path("map_index").asInt(-1))
                        .attribute("try_number", b.path("try_number").asInt(1))
                        .attribute("operator", text(b, "operator"))
                        .attribute("hostname", text(b, "hostname"))
                        .attribute("error", text(b, "exception"));
                for (JsonNode o : b.path("outlets")) {
                    t.output(DataRef.of(o.asText(), o.asText()));
                }
                for (JsonNode i : b.path("inlets")) {
                    t.input(DataRef.of(i.asText(), i.asText()));
                }
                for (JsonNode d : b.path("ml_documents")) {
                    s.mlDocuments.computeIfAbsent(key, k -> new ArrayList<>()).add(Path.of(d.asText()));
                }
            } else if (event.startsWith("dag_")) {
                s.state = text(b, "state");
                s.start = time(b, "start_date");
                s.end = time(b, "end_date");
                end(s, false);
            }
        }
    }

    /** An OpenLineage RunEvent from Airflow's OpenLineage provider. */
    void onLineage(OpenLineage.RunEvent e) {
        String job = e.getJob().getName();
        var facets = e.getRun().getFacets();
        // A parent facet names the DAG run a task belongs to; one missing its job or run is ignored (fuzzing found
        // events with a bare parent).
        var parent = facets == null ? null : facets.getParent();
        boolean hasParent = parent != null
                && parent.getJob() != null
                && parent.getJob().getName() != null
                && parent.getRun() != null
                && parent.getRun().getRunId() != null;
        boolean isTask = hasParent && !job.equals(parent.getJob().getName());
        // Events of one DAG run share the DAG run's OpenLineage run id: the DAG's own, or its tasks' parent.
        String dag = isTask ? parent.getJob().getName() : job;
        Object olRunId = isTask ? parent.getRun().getRunId() : e.getRun().getRunId();
        Object airflowRunId = airflowDagRun(e).get("run_id");
        String type = e.getEventType() == null ? "" : e.getEventType().name();
        synchronized (lock) {
            RunState s = open("ol\u0000" + olRunId, dag, String.valueOf(olRunId));
            if (s == null) {
                return;
            }
            if (airflowRunId != null) {
                s.runId = String.valueOf(airflowRunId);
            }
            if (!isTask) {
                if (type.equals("START")) {
                    s.start = e.getEventTime().toInstant();
                } else if (type.equals("COMPLETE") || type.equals("FAIL") || type.equals("ABORT")) {
                    s.state = type.equals("COMPLETE") ? "success" : "failed";
                    s.end = e.getEventTime().toInstant();
                    end(s, false);
                }
                return;
            }
            String task = job.startsWith(dag + ".") ? job.substring(dag.length() + 1) : job;
            String key = taskKey(task, -1, 1);
            TaskActivity.Builder t = s.tasks
                    .computeIfAbsent(key, k -> TaskActivity.builder(k).label(task))
                    .attribute("task_id", task)
                    .attribute("openlineage_run_id", String.valueOf(e.getRun().getRunId()));
            if (type.equals("START")) {
                t.start(e.getEventTime().toInstant());
            } else {
                t.end(e.getEventTime().toInstant())
                        .status(
                                type.equals("COMPLETE")
                                        ? "success"
                                        : type.equals("FAIL") ? "failed" : type.toLowerCase());
            }
            if (e.getInputs() != null) {
                e.getInputs().stream()
                        .filter(d -> d != null && d.getName() != null)
                        .forEach(d -> t.input(DataRef.of(d.getNamespace() + "/" + d.getName(), d.getName())));
            }
            if (e.getOutputs() != null) {
                e.getOutputs().stream()
                        .filter(d -> d != null && d.getName() != null)
                        .forEach(d -> t.output(DataRef.of(d.getNamespace() + "/" + d.getName(), d.getName())));
            }
        }
    }

    /**
     * Ends a run once (under the lock): it is remembered as ended and its document is written after a short grace
     * (late task events still count), through the REST API when configured, from its events otherwise or when
     * {@code eventsOnly}.
     */
    private void end(RunState s, boolean eventsOnly) {
        if (unwritten.contains(s)) {
            return; // this run's end again, while it waits or is being collected
        }
        Instant now = Instant.now();
        forgetEndedBefore(now.minus(limits.endedWindow()));
        if (ended.putIfAbsent(s.dagId + "\u0000" + s.runId, now) != null) {
            runs.remove(s.key);
            ended.put(s.key, now);
            return; // the end arrived twice (or through both callbacks and OpenLineage): collected once
        }
        unwritten.add(s);
        Duration grace = draining || eventsOnly ? Duration.ZERO : limits.grace();
        schedule(() -> collect(s, 1, eventsOnly), grace);
    }

    private void forgetEndedBefore(Instant cutoff) {
        var it = ended.entrySet().iterator();
        while (it.hasNext() && it.next().getValue().isBefore(cutoff)) {
            it.remove();
        }
    }

    private void schedule(Runnable job, Duration delay) {
        try {
            worker.schedule(job, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Shutting down: drain() writes whatever is still unwritten.
        }
    }

    /** One collection attempt, on the worker thread. */
    private void collect(RunState s, int attempt, boolean eventsOnly) {
        synchronized (lock) {
            runs.remove(s.key);
            ended.put(s.key, Instant.now());
        }
        boolean rest = af != null && !eventsOnly;
        try {
            output.write(
                    s.dagId,
                    s.runId,
                    session -> rest
                            ? collector.collect(s.dagId, s.runId, mlDocuments(s), session)
                            : fromEvents(s, session));
            written(s);
            log.accept("collected " + s.name() + (rest ? " through the REST API" : " from events"));
        } catch (Exception ex) {
            String why = ex.getMessage() == null ? ex.toString() : ex.getMessage();
            boolean again;
            synchronized (lock) {
                again = rest && attempt < limits.retry().maxAttempts();
            }
            if (again) {
                Duration wait = limits.retry().delayAfter(attempt);
                log.accept("could not collect " + s.name() + " (" + why + "); retrying in " + wait.toMillis() / 1000.0
                        + " s (attempt " + (attempt + 1) + " of "
                        + limits.retry().maxAttempts() + ")");
                schedule(() -> collect(s, attempt + 1, false), wait);
            } else if (rest) {
                log.accept("could not collect " + s.name() + " through the REST API after " + attempt + " attempt"
                        + (attempt == 1 ? "" : "s") + " (" + why + "); writing it from its events");
                collect(s, 1, true);
            } else {
                written(s);
                log.accept("could not write " + s.name() + ": " + why);
            }
        }
    }

    private void written(RunState s) {
        synchronized (lock) {
            unwritten.remove(s);
        }
    }

    private Map<String, List<Path>> mlDocuments(RunState s) {
        synchronized (lock) {
            Map<String, List<Path>> copy = new LinkedHashMap<>();
            s.mlDocuments.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            return copy;
        }
    }

    private RunCollector.Outcome fromEvents(RunState s, RunSession session) {
        WorkflowRecorder rec = session.recorder();
        synchronized (lock) {
            rec.startTime(s.start);
            rec.attribute("dag_id", s.dagId).attribute("run_id", s.runId).attribute("source", "events");
            for (TaskActivity.Builder t : s.tasks.values()) {
                rec.task(t.build());
            }
            s.mlDocuments.forEach((task, docs) -> docs.forEach(d -> session.linkMlRun(task, d)));
            return new RunCollector.Outcome(
                    s.state == null ? "running" : s.state, s.end == null ? Instant.now() : s.end);
        }
    }

    /**
     * Stops taking new work and waits at most {@code seconds} for collections in progress (retries continue until
     * then). Runs still open, and runs whose collection did not finish in time, are written from their events with a
     * warning: nothing received is dropped.
     */
    void drain(long seconds) throws InterruptedException {
        List<RunState> open;
        synchronized (lock) {
            draining = true;
            open = new ArrayList<>(runs.values());
        }
        for (RunState s : open) {
            synchronized (lock) {
                if (runs.containsKey(s.key) && !unwritten.contains(s)) {
                    log.accept(s.name() + " has not ended; writing it from its events as it stands");
                    end(s, true);
                }
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            synchronized (lock) {
                if (unwritten.isEmpty()) {
                    break;
                }
            }
            Thread.sleep(20);
        }
        worker.shutdownNow();
        worker.awaitTermination(5, TimeUnit.SECONDS);
        List<RunState> left;
        synchronized (lock) {
            left = new ArrayList<>(unwritten);
        }
        for (RunState s : left) {
            log.accept("collecting " + s.name() + " did not finish in " + seconds + " s; writing it from its events");
            try {
                output.write(s.dagId, s.runId, session -> fromEvents(s, session));
                written(s);
            } catch (Exception ex) {
                log.accept("could not write " + s.name() + ": " + (ex.getMessage() == null ? ex : ex.getMessage()));
            }
        }
    }

    static String taskKey(String task, int mapIndex, int tryNumber) {
        return task + (mapIndex >= 0 ? "[" + mapIndex + "]" : "") + "#" + tryNumber;
    }

    private static String text(JsonNode b, String f) {
        JsonNode n = b.path(f);
        return n.isMissingNode() || n.isNull() || n.asText().isEmpty() ? null : n.asText();
    }

    private static Instant time(JsonNode b, String f) {
        String t = text(b, f);
        try {
            return t == null ? null : OffsetDateTime.parse(t).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The dag_id / run_id Airflow puts in its run facets ("airflowDagRun" or "airflow"), if any. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> airflowDagRun(OpenLineage.RunEvent e) {
        if (e.getRun().getFacets() == null) {
            return Map.of();
        }
        for (Object facet : e.getRun().getFacets().getAdditionalProperties().values()) {
            if (facet instanceof OpenLineage.RunFacet f
                    && f.getAdditionalProperties().get("dagRun") instanceof Map<?, ?> m) {
                return (Map<String, Object>) m;
            }
        }
        return Map.of();
    }
}
