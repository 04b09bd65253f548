package org.provhooks.core.workflow;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.provhooks.core.json.DocumentBody;
import org.provhooks.core.json.ProvJsonReader;
import org.provhooks.core.json.ProvJsonWriter;
import org.provhooks.core.json.RecordSpool;
import org.provhooks.core.ml.MalformedRunDocumentException;
import org.provhooks.core.ml.MetricFile;
import org.provhooks.core.ml.MlRunLink;
import org.provhooks.core.ml.MlRunLinker;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.DocumentAssembler;
import org.provhooks.core.model.Literal;
import org.provhooks.core.model.Namespace;
import org.provhooks.core.model.Prov;
import org.provhooks.core.model.ProvRecord;
import org.provhooks.core.model.QualifiedName;
import org.provhooks.core.model.RecordBuilder;
import org.provhooks.core.redact.Redactor;
import org.provhooks.core.telemetry.EnergyMethod;
import org.provhooks.core.telemetry.TelemetrySummary;

/**
 * Builds the multi-level provenance of one workflow run from the events an adapter reports, from any
 * number of threads. It owns the ids (stable, derived from the engine's run id, task keys and file paths),
 * the yProv4WFs attributes and the PROV relations; adapters only translate their engine's events.
 *
 * <!-- given: UUID runId, Path csv -->
 * <pre>{@code
 * WorkflowRecorder rec = WorkflowRecorder.start("Nextflow", runId.toString(), "my-pipeline", Instant.now());
 * rec.engineVersion("24.10.0");
 * rec.user("jdoe");
 * rec.task(TaskActivity.builder("1").label("PREPARE").status("COMPLETED").output(DataRef.file(csv)).build());
 * rec.task(TaskActivity.builder("2").label("TRAIN").status("COMPLETED").input(DataRef.file(csv)).build());
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
    private final List<DataRef> workflowInputs = new ArrayList<>();
    /** Producers, consumers and revisions of every data key; compact, and spilled with the records. */
    private DataFlow flow;

    private final Set<String> explicitEdges = new LinkedHashSet<>();
    /** Who hears of each recorded task (the session's live outputs); called outside the recorder's lock. */
    private final java.util.List<java.util.function.Consumer<TaskActivity>> taskListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    private final AtomicInteger taskCount = new AtomicInteger();
    private final AtomicInteger mlLinks = new AtomicInteger();
    private RecordSpool spool;
    private final Redactor redactor;
    private String label;
    private Instant start;
    private String engineVersion;
    private QualifiedName userId;

    private WorkflowRecorder(String engine, String runId, String label, Instant start, Redactor redactor) {
        this.engine = engine;
        this.runId = runId;
        this.label = label;
        this.start = start;
        this.redactor = redactor;
        this.ns = new Namespace("run", Ids.runNamespace(engine, runId));
        this.workflowId = ns.name(WORKFLOW_LOCAL);
        doc.declare(Vocab.PROVHOOKS).declare(Vocab.YPROV4WFS).declare(ns);
        this.flow = new DataFlow(ns, null);
    }

    /** Starts recording one run of {@code engine} identified by the engine's own {@code runId}. */
    public static WorkflowRecorder start(String engine, String runId, String label, Instant start) {
        return new WorkflowRecorder(engine, runId, label, start, Redactor.defaults());
    }

    /** As {@link #start}, with a redactor that also hides the given parameter names. */
    public static WorkflowRecorder start(String engine, String runId, String label, Instant start, Redactor redactor) {
        return new WorkflowRecorder(engine, runId, label, start, redactor);
    }

    /**
     * Keeps finished tasks, their data and relations in a {@link RecordSpool} under {@code dir} instead of in
     * memory, so a run of any length fits a small heap. Call before the first task.
     */
    public synchronized WorkflowRecorder spillTo(Path dir) throws IOException {
        if (spool == null) {
            spool = RecordSpool.create(dir);
            if (flow.size() == 0) {
                flow = new DataFlow(ns, spool.directory());
            }
        }
        return this;
    }

    /** Adds a record that will not change again: to the spool when there is one. */
    private void emit(ProvRecord r) {
        if (spool != null) {
            doc.declareNamespacesOf(r);
            spool.append(r);
        } else {
            doc.add(r);
        }
    }

    private void emit(RecordBuilder b) {
        emit(b.build());
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

    /** The redactor every attribute and parameter goes through. */
    public Redactor redactor() {
        return redactor;
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
        return Map.of(
                Vocab.ENV_RUN_NAMESPACE,
                ns.uri(),
                Vocab.ENV_WORKFLOW_ID,
                workflowId.local(),
                Vocab.ENV_TASK_ID,
                taskId(taskKey).local());
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

    /** The engine's version, once an adapter has set it; null before. */
    public synchronized String engineVersion() {
        return engineVersion;
    }

    /** A workflow attribute set so far (redacted as written), as text, or null. */
    public synchronized String workflowAttribute(String name) {
        Object v = workflowAttributes.get(name);
        return v == null ? null : String.valueOf(v);
    }

    /**
     * The run's parameters (Nextflow params, Beam options, Airflow conf), each written as
     * {@code provhooks:param.<name>}. Nested maps and lists are flattened into dotted names
     * ({@code param.db.host}, {@code param.samples.0}); a value is redacted when any segment of its name looks
     * secret (the whole subtree of {@code db.password} included) or when the value itself carries a credential.
     */
    public synchronized WorkflowRecorder parameters(Map<String, ?> params) {
        Parameters.flatten(
                "param",
                params,
                (name, value) -> workflowAttributes.put(name, redactor.redact(name.substring(6), value)));
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
    public void task(TaskActivity t) {
        QualifiedName id = taskId(t.key());
        RecordBuilder b = Prov.activity(id)
                .type(Vocab.TASK_RUN)
                .attr(Vocab.LEVEL, Vocab.LEVEL_TASK)
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
        ProvRecord activity = b.build();
        synchronized (this) {
            taskCount.incrementAndGet();
            emit(activity);
            emit(Prov.wasInformedBy(id, workflowId));
            // Edges found while recording this task; one relation per pair.
            Set<QualifiedName> informants = new LinkedHashSet<>();
            for (DataRef in : t.inputs()) {
                DataFlow.Use u = flow.use(in, id);
                if (u.isNew()) {
                    emit(dataEntity(u.data(), in, false));
                }
                emit(Prov.used(id, u.data()));
                if (u.producer() != null && !u.producer().equals(id)) {
                    informants.add(u.producer());
                }
            }
            for (QualifiedName informant : informants) {
                emit(Prov.wasInformedBy(id, informant));
            }
            Set<QualifiedName> informed = new LinkedHashSet<>();
            for (DataRef out : t.outputs()) {
                DataFlow.Production p = flow.produce(out, id);
                if (p == null) {
                    continue;
                }
                if (p.isNew()) {
                    emit(dataEntity(p.data(), out, false));
                }
                if (p.previousVersion() != null) {
                    emit(Prov.wasDerivedFrom(p.data(), p.previousVersion()).type(Prov.REVISION));
                }
                emit(Prov.wasGeneratedBy(p.data(), id));
                informed.addAll(p.earlierConsumers());
            }
            for (QualifiedName consumer : informed) {
                emit(Prov.wasInformedBy(consumer, id));
            }
        }
        for (java.util.function.Consumer<TaskActivity> l : taskListeners) {
            l.accept(t);
        }
    }

    /** Calls {@code listener} with every task recorded from now on, on the recording thread; it must not block. */
    public void onTask(java.util.function.Consumer<TaskActivity> listener) {
        taskListeners.add(listener);
    }

    /**
     * The code the run ran: {@code provhooks:code_repository}, {@code code_commit}, {@code code_branch},
     * {@code code_dirty} and, when dirty, {@code code_diff_sha256} and {@code code_diff_bytes} on the workflow
     * activity; the diff file (when written) is an entity the run used.
     */
    public synchronized WorkflowRecorder codeState(org.provhooks.core.code.CodeState code) {
        attribute("code_repository", code.repository());
        attribute("code_commit", code.commit());
        attribute("code_branch", code.branch());
        attribute("code_dirty", code.dirty());
        if (code.dirty()) {
            attribute("code_diff_sha256", code.diffSha256());
            attribute("code_diff_bytes", code.diffBytes());
        }
        if (code.diffFile() != null) {
            DataRef f = DataRef.file(code.diffFile());
            used(new DataRef(
                    f.key(),
                    "uncommitted changes to " + code.commit() + (code.truncated() ? " (cut)" : ""),
                    f.sizeBytes(),
                    null,
                    Map.of("role", "code_diff")));
        }
        return this;
    }

    /** The run as a whole used {@code input} (e.g. the events that triggered it). */
    public synchronized void used(DataRef input) {
        workflowInputs.add(input);
        emit(Prov.used(workflowId, entity(input, false)));
    }

    /** What the run as a whole used so far (a handful: not the tasks' data). */
    public synchronized List<DataRef> workflowInputs() {
        return List.copyOf(workflowInputs);
    }

    /** Task {@code informedKey} depended on task {@code informantKey} (e.g. an explicit DAG edge). */
    public synchronized void informedBy(String informedKey, String informantKey) {
        if (explicitEdges.add(informedKey + "\u0000" + informantKey)) {
            emit(Prov.wasInformedBy(taskId(informedKey), taskId(informantKey)));
        }
    }

    /**
     * A file published (copied or linked) from {@code source} to {@code destination}: the destination is an
     * entity derived from the source's entity. {@code source} may be null.
     */
    public synchronized void published(DataRef destination, DataRef source) {
        QualifiedName dest = entity(destination, true);
        if (source != null) {
            QualifiedName src = entity(source, false);
            if (!src.equals(dest)) {
                emit(Prov.wasDerivedFrom(dest, src));
            }
        }
    }

    /** The entity of a data key; written once, when first seen, with what is known then. */
    private QualifiedName entity(DataRef ref, boolean published) {
        DataFlow.Known k = flow.known(ref);
        if (k.isNew()) {
            emit(dataEntity(k.data(), ref, published));
        }
        return k.data();
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
            QualifiedName docEntity = nextMlDocumentId(task);
            MlRunLinker.addLink(doc, link, task, docEntity, documentRef(taskKey, link));
        }
        return link;
    }

    /**
     * Records a yProv4ML run document that a task reported but that cannot be read here (e.g. it stays on an Airflow
     * worker): an entity with its location only, generated by the task, so the reference is kept.
     */
    public void mlRunReference(String taskKey, String location) {
        QualifiedName task = taskId(taskKey);
        synchronized (this) {
            QualifiedName docEntity = nextMlDocumentId(task);
            doc.add(Prov.entity(docEntity)
                    .type(Vocab.ML_RUN_DOCUMENT)
                    .label("yProv4ML run document (not readable where provenance was recorded)")
                    .location(location)
                    .attr(Vocab.ph("readable"), false)
                    .build());
            doc.add(Prov.wasGeneratedBy(docEntity, task).build());
        }
    }

    /** A new id for an entity standing for one of {@code task}'s ML run documents. */
    private QualifiedName nextMlDocumentId(QualifiedName task) {
        return ns.name("mldoc-" + task.local().substring("task-".length()) + "-" + mlLinks.incrementAndGet());
    }

    /** The server document id the run document gets when pushed: {@code <workflow doc id>-<task>-<run>}. */
    private String documentRef(String taskKey, MlRunLink link) {
        return DocumentIds.forMlRun(runId, taskKey, link.info().runName());
    }

    private RecordBuilder dataEntity(QualifiedName id, DataRef ref, boolean published) {
        // A location may carry credentials (https://user:pw@host/…, a connection string): masked, the id is a hash.
        RecordBuilder e = Prov.entity(id).type(Vocab.DATA).location(Redactor.redactValue(ref.key()));
        if (published) {
            e.attr(Vocab.ph("published"), true);
        }
        if (ref.label() != null) {
            e.label(Redactor.redactValue(ref.label()));
        }
        if (ref.sizeBytes() != null) {
            e.attr(Vocab.ph("size"), ref.sizeBytes());
        }
        if (ref.sha256() != null) {
            e.attr(Vocab.ph("sha256"), ref.sha256());
        }
        ref.attributes().forEach((k, v) -> e.attr(Vocab.ph(k), redactor.redact(k, v)));
        return e;
    }

    /**
     * The run's host telemetry: energy, CO2e and how they were obtained, CPU and memory statistics as workflow
     * attributes, and one metric entity per sampled time series (a yProv4ML metric file), generated by the run.
     */
    public synchronized WorkflowRecorder telemetry(TelemetrySummary t) {
        attribute("energy_j", t.energyJoules());
        attribute("co2e_g", t.co2eGrams());
        attribute("energy_method", t.method().label());
        if (t.gpuEnergyJoules() > 0) {
            attribute("gpu_energy_j", t.gpuEnergyJoules());
            attribute("gpu_energy_method", EnergyMethod.MEASURED_NVML.label());
        }
        attribute("cpu_mean_pct", t.cpuMeanPct());
        attribute("cpu_max_pct", t.cpuMaxPct());
        attribute("memory_mean_gb", t.memoryMeanGb());
        attribute("memory_max_gb", t.memoryMaxGb());
        attribute("telemetry_samples", t.samples());
        for (MetricFile f : t.files()) {
            QualifiedName id = ns.name("telemetry-" + Ids.safeLocal(f.name()));
            doc.add(Prov.entity(id)
                    .label(f.name())
                    .type(Vocab.TELEMETRY_METRIC)
                    .location(f.file().toAbsolutePath().toString())
                    .attr(
                            Vocab.DCTERMS.name("identifier"),
                            f.file().toAbsolutePath().toString())
                    .attr(Vocab.YPROV.name("context"), f.context())
                    .attr(Vocab.YPROV.name("source"), f.source())
                    .attr(Vocab.ph("values"), f.count()));
            doc.add(Prov.wasGeneratedBy(id, workflowId));
        }
        return this;
    }

    /** Number of tasks recorded so far. */
    public int taskCount() {
        return taskCount.get();
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
        Document small = finishInMemory(status, end);
        if (spool == null) {
            return small;
        }
        // Spilled: materialise through the streaming form (for tests and small runs; adapters stream instead).
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            ProvJsonWriter.write(small, spool, buf, false);
            return ProvJsonReader.read(new ByteArrayInputStream(buf.toByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Ends the run and returns the document as a body to stream into files or the outbox (nothing is
     * materialised, spilled records included). The recorder must stay open until the body was written.
     */
    public synchronized DocumentBody finishStreaming(String status, Instant end) {
        Document small = finishInMemory(status, end);
        RecordSpool s = spool;
        return s == null ? DocumentBody.of(small) : (out, pretty) -> ProvJsonWriter.write(small, s, out, pretty);
    }

    /** Deletes the spool, if any. */
    public synchronized void close() {
        flow.close();
        if (spool != null) {
            spool.close();
        }
    }

    private Document finishInMemory(String status, Instant end) {
        RecordBuilder wf = Prov.activity(workflowId)
                .type(Vocab.WORKFLOW_RUN)
                .label(label != null ? label : engine + " run " + runId)
                .attr(Vocab.LEVEL, Vocab.LEVEL_WORKFLOW)
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
        out.add(Prov.agent(engineId)
                .type(Prov.SOFTWARE_AGENT)
                .type(Vocab.ENGINE_AGENT)
                .label(engineVersion == null ? engine : engine + " " + engineVersion)
                .attr(Vocab.ph("version"), engineVersion));
        out.add(Prov.wasAssociatedWith(workflowId, engineId));
        if (userId != null) {
            out.add(Prov.actedOnBehalfOf(engineId, userId));
        }
        out.addAll(doc.build());
        return out.build();
    }

    /** Convenience for adapters: {@link #linkMlRun} returning null and reporting a failure to {@code onError}. */
    public MlRunLink tryLinkMlRun(String taskKey, Path runDocument, Consumer<String> onError) {
        try {
            return linkMlRun(taskKey, runDocument);
        } catch (MalformedRunDocumentException e) {
            onError.accept(e.getMessage());
            return null;
        }
    }
}
