package org.provhooks.core.workflow;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.provhooks.core.ml.MalformedRunDocumentException;
import org.provhooks.core.ml.MlRunLink;
import org.provhooks.core.ml.MlRunLinker;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.DocumentAssembler;
import org.provhooks.core.model.Literal;
import org.provhooks.core.model.Namespace;
import org.provhooks.core.model.Prov;
import org.provhooks.core.model.QualifiedName;
import org.provhooks.core.model.RecordBuilder;
import org.provhooks.core.redact.Redactor;

/**
 * Builds the multi-level provenance of one workflow run from the events an adapter reports, from any
 * number of threads. It owns the ids (stable, derived from the engine's run id, task keys and file paths),
 * the yProv4WFs attributes and the PROV relations; adapters only translate their engine's events.
 *
 * <pre>{@code
 * WorkflowRecorder rec = WorkflowRecorder.start("Nextflow", session.getUniqueId().toString(), "my-pipeline", Instant.now());
 * rec.engineVersion("24.10.0");
 * rec.user("jdoe");
 * rec.task(TaskRun.builder("1").label("PREPARE").status("COMPLETED").output(DataRef.file(csv)).build());
 * rec.task(TaskRun.builder("2").label("TRAIN").status("COMPLETED").input(DataRef.file(csv)).build());
 * rec.linkMlRun("2", Path.of("work/ab/cd/prov/train_0/prov_train_GR0_0.json"));
 * Document doc = rec.finish("Completed", Instant.now());
 * }</pre>
 *
 * What it writes: the workflow activity ({@code yprov4wfs:level "0"}, engine, status), one activity per
 * task ({@code level "1"}) informed by the workflow and by the tasks whose outputs it used, one entity per
 * distinct data key ({@code wasGeneratedBy} its producer, {@code used} by its consumers), published copies
 * derived from their sources, the user (a person) and the engine (a software agent acting for the user),
 * and for each linked yProv4ML run its run activity (same identifier as in the run document) informed by
 * the task, plus an entity for the run document itself.
 */
public final class WorkflowRecorder {
    public static final String WORKFLOW_LOCAL = "workflow";

    private final String engine;
    private final String runId;
    private final Namespace ns;
    private final QualifiedName workflowId;
    private final DocumentAssembler doc = new DocumentAssembler();
    private final Map<String, Object> workflowAttributes = new LinkedHashMap<>();
    private final Map<String, DataState> data = new HashMap<>();
    private final Set<String> informedEdges = new LinkedHashSet<>();
    private final Map<String, QualifiedName> tasks = new HashMap<>();
    private final AtomicInteger mlLinks = new AtomicInteger();
    private final Redactor redactor;
    private String label;
    private Instant start;
    private String engineVersion;
    private QualifiedName userId;
    private boolean finished;

    private static final class DataState {
        QualifiedName id;
        QualifiedName producer;
        int version = 1;
        final Set<QualifiedName> consumers = new LinkedHashSet<>();

        DataState(QualifiedName id) {
            this.id = id;
        }
    }

    private WorkflowRecorder(String engine, String runId, String label, Instant start, Redactor redactor) {
        this.engine = engine;
        this.runId = runId;
        this.label = label;
        this.start = start;
        this.redactor = redactor;
        this.ns = new Namespace("run", Ids.runNamespace(engine, runId));
        this.workflowId = ns.name(WORKFLOW_LOCAL);
        doc.declare(Vocab.PROVHOOKS).declare(Vocab.YPROV4WFS).declare(ns);
    }

    /** Starts recording one run of {@code engine} identified by the engine's own {@code runId}. */
    public static WorkflowRecorder start(String engine, String runId, String label, Instant start) {
        return new WorkflowRecorder(engine, runId, label, start, Redactor.defaults());
    }

    /** As {@link #start}, with a redactor that also hides the given parameter names. */
    public static WorkflowRecorder start(String engine, String runId, String label, Instant start, Redactor redactor) {
        return new WorkflowRecorder(engine, runId, label, start, redactor);
    }

    /** The namespace of this run's identifiers. */
    public Namespace namespace() {
        return ns;
    }

    public QualifiedName workflowId() {
        return workflowId;
    }

    public String engine() {
        return engine;
    }

    public String runId() {
        return runId;
    }

    /** The identifier of the task with the engine's key {@code taskKey}. */
    public QualifiedName taskId(String taskKey) {
        return ns.name("task-" + Ids.safeLocal(taskKey));
    }

    /**
     * Environment variables to hand to the code a task runs, so that a yProv4ML run document it writes
     * names its parent task (see {@code org.provhooks.core.ml.MlRun}).
     */
    public Map<String, String> environmentFor(String taskKey) {
        return Map.of(Vocab.ENV_RUN_NAMESPACE, ns.uri(), Vocab.ENV_WORKFLOW_ID, workflowId.local(),
                Vocab.ENV_TASK_ID, taskId(taskKey).local());
    }

    public synchronized WorkflowRecorder label(String label) {
        this.label = label;
        return this;
    }

    public synchronized WorkflowRecorder startTime(Instant start) {
        this.start = start;
        return this;
    }

    public synchronized WorkflowRecorder engineVersion(String version) {
        this.engineVersion = version;
        return this;
    }

    /** An attribute of the workflow activity, written as {@code provhooks:<name>}; secret-looking names are redacted. */
    public synchronized WorkflowRecorder attribute(String name, Object value) {
        if (value != null) {
            workflowAttributes.put(name, redactor.redact(name, value));
        }
        return this;
    }

    /** Workflow parameters, each written as {@code provhooks:param.<name>}; secret-looking names are redacted. */
    public synchronized WorkflowRecorder parameters(Map<String, ?> params) {
        params.forEach((k, v) -> {
            if (v != null) {
                workflowAttributes.put("param." + k, redactor.redact(k, v));
            }
        });
        return this;
    }

    /** The person who launched the run: an agent associated with the workflow activity. */
    public synchronized WorkflowRecorder user(String name) {
        userId = ns.name("user-" + Ids.safeLocal(name));
        doc.add(Prov.agent(userId).label(name).type(Prov.PERSON));
        doc.add(Prov.wasAssociatedWith(workflowId, userId));
        return this;
    }

    /** Records a task: its activity, its data and the relations between them. Thread-safe. */
    public void task(TaskRun t) {
        QualifiedName id = taskId(t.key());
        RecordBuilder b = Prov.activity(id).type(Vocab.TASK_RUN)
                .attr(Vocab.LEVEL, "1")
                .label(t.label() != null ? t.label() : t.key());
        if (t.status() != null) {
            b.attr(Vocab.STATUS, t.status());
        }
        if (t.start() != null) {
            b.start(t.start());
        }
        if (t.end() != null && (t.start() == null || !t.end().isBefore(t.start()))) {
            b.end(t.end());
        }
        t.attributes().forEach((k, v) -> b.attr(Vocab.ph(k), redactor.redact(k, v)));
        synchronized (this) {
            tasks.put(t.key(), id);
            doc.add(b.build());
            doc.add(Prov.wasInformedBy(id, workflowId));
            for (DataRef in : t.inputs()) {
                DataState d = dataState(in);
                if (d.consumers.add(id)) {
                    doc.add(Prov.used(id, d.id));
                }
                if (d.producer != null && !d.producer.equals(id)) {
                    informed(id, d.producer);
                }
            }
            for (DataRef out : t.outputs()) {
                DataState d = dataState(out);
                if (d.producer != null && !d.producer.equals(id)) {
                    // The same path written again: a new version of the data, derived from the old one.
                    QualifiedName previous = d.id;
                    d.version++;
                    d.id = ns.name(dataLocal(out.key()) + "-v" + d.version);
                    d.consumers.clear();
                    doc.add(dataEntity(d.id, out));
                    doc.add(Prov.wasDerivedFrom(d.id, previous).type(Prov.REVISION));
                }
                if (d.producer == null || !d.producer.equals(id)) {
                    d.producer = id;
                    doc.add(Prov.wasGeneratedBy(d.id, id));
                    for (QualifiedName consumer : d.consumers) {
                        informed(consumer, id);
                    }
                }
            }
        }
    }

    /** Task {@code informedKey} depended on task {@code informantKey} (e.g. an explicit DAG edge). */
    public synchronized void informedBy(String informedKey, String informantKey) {
        informed(taskId(informedKey), taskId(informantKey));
    }

    private void informed(QualifiedName informed, QualifiedName informant) {
        if (informedEdges.add(informed.local() + " " + informant.local())) {
            doc.add(Prov.wasInformedBy(informed, informant));
        }
    }

    /**
     * A file published (copied or linked) from {@code source} to {@code destination}: the destination is an
     * entity derived from the source's entity. {@code source} may be null.
     */
    public synchronized void published(DataRef destination, DataRef source) {
        DataState dest = dataState(destination);
        doc.add(Prov.entity(dest.id).attr(Vocab.ph("published"), true));
        if (source != null) {
            DataState src = dataState(source);
            if (!src.id.equals(dest.id)) {
                doc.add(Prov.wasDerivedFrom(dest.id, src.id));
            }
        }
    }

    /**
     * Links a task to a yProv4ML run document found on disk: the run's activity is repeated here with the
     * same identifier, informed by the task, and an entity stands for the document file.
     *
     * @throws MalformedRunDocumentException (one-line message) when the file is not a readable yProv4ML run
     *         document; nothing is added then
     */
    public MlRunLink linkMlRun(String taskKey, Path runDocument) throws MalformedRunDocumentException {
        MlRunLink link = MlRunLinker.read(runDocument);
        QualifiedName task = taskId(taskKey);
        synchronized (this) {
            QualifiedName docEntity = ns.name("mldoc-" + task.local().substring("task-".length()) + "-" + mlLinks.incrementAndGet());
            MlRunLinker.addLink(doc, link, task, docEntity, documentRef(taskKey, link));
        }
        return link;
    }

    /** The server document id the run document gets when pushed: {@code <workflow doc id>-<task>-<run>}. */
    private String documentRef(String taskKey, MlRunLink link) {
        return DocumentIds.forMlRun(runId, taskKey, link.info().runName());
    }

    private DataState dataState(DataRef ref) {
        DataState d = data.get(ref.key());
        if (d == null) {
            d = new DataState(ns.name(dataLocal(ref.key())));
            data.put(ref.key(), d);
            doc.add(dataEntity(d.id, ref));
        } else if (ref.sha256() != null || ref.sizeBytes() != null || !ref.attributes().isEmpty()) {
            doc.add(dataEntity(d.id, ref));
        }
        return d;
    }

    private static String dataLocal(String key) {
        return "data-" + Ids.hash(key, 16);
    }

    private RecordBuilder dataEntity(QualifiedName id, DataRef ref) {
        RecordBuilder e = Prov.entity(id).type(Vocab.DATA).location(ref.key());
        if (ref.label() != null) {
            e.label(ref.label());
        }
        if (ref.sizeBytes() != null) {
            e.attr(Vocab.ph("size"), ref.sizeBytes());
        }
        if (ref.sha256() != null) {
            e.attr(Vocab.ph("sha256"), ref.sha256());
        }
        ref.attributes().forEach((k, v) -> e.attr(Vocab.ph(k), v));
        return e;
    }

    /** Number of tasks recorded so far. */
    public synchronized int taskCount() {
        return tasks.size();
    }

    /** Number of yProv4ML run documents linked so far. */
    public int mlRunCount() {
        return mlLinks.get();
    }

    /**
     * Ends the run and returns the document. May be called again (e.g. a later status); the latest call wins.
     *
     * @param status the engine's final status, e.g. {@code Completed} or {@code Failed}
     */
    public synchronized Document finish(String status, Instant end) {
        RecordBuilder wf = Prov.activity(workflowId).type(Vocab.WORKFLOW_RUN)
                .label(label != null ? label : engine + " run " + runId)
                .attr(Vocab.LEVEL, "0")
                .attr(Vocab.ENGINE, engine)
                .attr(Vocab.ph("run_id"), runId);
        if (status != null) {
            wf.attr(Vocab.STATUS, status);
        }
        if (start != null) {
            wf.start(start);
        }
        if (end != null && (start == null || !end.isBefore(start))) {
            wf.end(end);
        }
        workflowAttributes.forEach((k, v) -> wf.attr(Vocab.ph(k), Literal.from(v)));
        DocumentAssembler out = new DocumentAssembler();
        out.declare(Vocab.PROVHOOKS).declare(Vocab.YPROV4WFS).declare(ns);
        out.add(wf.build());
        QualifiedName engineId = ns.name("engine");
        out.add(Prov.agent(engineId).type(Prov.SOFTWARE_AGENT).type(Vocab.ENGINE_AGENT)
                .label(engineVersion == null ? engine : engine + " " + engineVersion)
                .attr(Vocab.ph("version"), engineVersion));
        out.add(Prov.wasAssociatedWith(workflowId, engineId));
        if (userId != null) {
            out.add(Prov.actedOnBehalfOf(engineId, userId));
        }
        out.addAll(doc.build());
        finished = true;
        return out.build();
    }

    public synchronized boolean isFinished() {
        return finished;
    }

    /** Convenience for adapters: {@link #linkMlRun} returning null and reporting a failure to {@code onError}. */
    public MlRunLink tryLinkMlRun(String taskKey, Path runDocument, java.util.function.Consumer<String> onError) {
        try {
            return linkMlRun(taskKey, runDocument);
        } catch (MalformedRunDocumentException e) {
            onError.accept(e.getMessage());
            return null;
        }
    }

    List<String> informedEdges() {
        return List.copyOf(informedEdges);
    }
}
