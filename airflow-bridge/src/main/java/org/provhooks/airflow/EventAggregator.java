package org.provhooks.airflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.openlineage.client.OpenLineage;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.provhooks.core.session.RunSession;
import org.provhooks.core.workflow.DataRef;
import org.provhooks.core.workflow.TaskActivity;
import org.provhooks.core.workflow.WorkflowRecorder;

/**
 * Turns pushed events (our callbacks, OpenLineage RunEvents) into one document per DAG run. Events are hints:
 * they can arrive twice or out of order. When the run ends (a DAG success/failure callback, or OpenLineage
 * COMPLETE/FAIL of the DAG job) the run is collected once: through the REST API when a connection is
 * configured (the reported ML documents linked to their tasks), otherwise from the events alone.
 */
final class EventAggregator {
    private static final class RunState {
        final String dagId;
        String runId;
        String state;
        Instant start;
        Instant end;
        final Map<String, TaskActivity.Builder> tasks = new LinkedHashMap<>();
        final Map<String, List<Path>> mlDocuments = new LinkedHashMap<>();

        RunState(String dagId, String runId) {
            this.dagId = dagId;
            this.runId = runId;
        }
    }

    private final AirflowConnection af;
    private final DagRunOutput output;
    private final RunCollector collector;
    private final Consumer<String> log;
    private final Map<String, RunState> runs = new ConcurrentHashMap<>();
    private final Set<String> finished = ConcurrentHashMap.newKeySet();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "airflow-bridge-collect");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param af        the REST connection runs are collected through, or null to build documents from events alone
     * @param collector how runs are collected through {@code af} (options as for {@code collect}); unused without it
     */
    EventAggregator(AirflowConnection af, RunCollector collector, DagRunOutput output, Consumer<String> log) {
        this.af = af;
        this.collector = collector;
        this.output = output;
        this.log = log;
    }

    /** A callback body from provhooks_airflow.py. */
    void onCallback(JsonNode b) {
        String event = b.path("event").asText();
        String dag = b.path("dag_id").asText();
        String run = b.path("run_id").asText();
        RunState s = runs.computeIfAbsent(dag + "\u0000" + run, k -> new RunState(dag, run));
        synchronized (s) {
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
                end(s);
            }
        }
    }

    /** An OpenLineage RunEvent from Airflow's OpenLineage provider. */
    void onLineage(OpenLineage.RunEvent e) {
        String job = e.getJob().getName();
        var facets = e.getRun().getFacets();
        boolean isTask = facets != null
                && facets.getParent() != null
                && !job.equals(facets.getParent().getJob().getName());
        // Events of one DAG run share the DAG run's OpenLineage run id: the DAG's own, or its tasks' parent.
        String dag = isTask ? facets.getParent().getJob().getName() : job;
        Object olRunId =
                isTask ? facets.getParent().getRun().getRunId() : e.getRun().getRunId();
        RunState s = runs.computeIfAbsent("ol\u0000" + olRunId, k -> new RunState(dag, String.valueOf(olRunId)));
        Object airflowRunId = airflowDagRun(e).get("run_id");
        if (airflowRunId != null) {
            synchronized (s) {
                s.runId = String.valueOf(airflowRunId);
            }
        }
        String type = e.getEventType() == null ? "" : e.getEventType().name();
        synchronized (s) {
            if (!isTask) {
                if (type.equals("START")) {
                    s.start = e.getEventTime().toInstant();
                } else if (type.equals("COMPLETE") || type.equals("FAIL") || type.equals("ABORT")) {
                    s.state = type.equals("COMPLETE") ? "success" : "failed";
                    s.end = e.getEventTime().toInstant();
                    end(s);
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
                e.getInputs().forEach(d -> t.input(DataRef.of(d.getNamespace() + "/" + d.getName(), d.getName())));
            }
            if (e.getOutputs() != null) {
                e.getOutputs().forEach(d -> t.output(DataRef.of(d.getNamespace() + "/" + d.getName(), d.getName())));
            }
        }
    }

    private void end(RunState s) {
        if (!finished.add(s.dagId + "\u0000" + s.runId)) {
            return; // the end arrived twice: collected once
        }
        worker.submit(() -> {
            try {
                output.write(
                        s.dagId,
                        s.runId,
                        session -> af != null
                                ? collector.collect(s.dagId, s.runId, s.mlDocuments, session)
                                : fromEvents(s, session));
                log.accept("collected " + s.dagId + " / " + s.runId
                        + (af != null ? " through the REST API" : " from events"));
            } catch (Exception ex) {
                finished.remove(s.dagId + "\u0000" + s.runId);
                log.accept("could not collect " + s.dagId + " / " + s.runId + ": "
                        + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            }
        });
    }

    private static RunCollector.Outcome fromEvents(RunState s, RunSession session) {
        WorkflowRecorder rec = session.recorder();
        rec.startTime(s.start);
        rec.attribute("dag_id", s.dagId).attribute("run_id", s.runId).attribute("source", "events");
        synchronized (s) {
            for (TaskActivity.Builder t : s.tasks.values()) {
                rec.task(t.build());
            }
            s.mlDocuments.forEach((task, docs) -> docs.forEach(d -> session.linkMlRun(task, d)));
        }
        return new RunCollector.Outcome(s.state, s.end == null ? Instant.now() : s.end);
    }

    /** Waits for collections in progress (for tests and shutdown). */
    void drain(long seconds) throws InterruptedException {
        worker.shutdown();
        worker.awaitTermination(seconds, TimeUnit.SECONDS);
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
