package org.provhooks.core.openlineage;

import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineage.RunEvent;
import io.openlineage.client.OpenLineage.RunEvent.EventType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.provhooks.core.redact.Redactor;
import org.provhooks.core.session.RunStart;
import org.provhooks.core.workflow.DataRef;
import org.provhooks.core.workflow.DocumentIds;
import org.provhooks.core.workflow.EngineKind;
import org.provhooks.core.workflow.Ids;
import org.provhooks.core.workflow.TaskActivity;
import org.provhooks.core.workflow.TaskStart;

/**
 * Turns one workflow run's happenings into OpenLineage run events (built with {@code openlineage-java}'s model): the
 * workflow run is one job ({@code jobType} WORKFLOW), each task run a run of the job of its tool
 * ({@code <workflow>.<process>}, {@code jobType} TASK) whose parent is the workflow run. Run ids are name-based UUIDs of
 * the engine's ids, so an event emitted again names the same run; each Nextflow attempt and Airflow try is its own task
 * run because each has its own key. Files become datasets ({@code file://<host>} + absolute path; object stores by their
 * URI), with their size. Every text that came from the workflow is redacted.
 *
 * <!-- given: RunStart start, TaskActivity task -->
 * <pre>{@code
 * LineageEvents events = new LineageEvents(start, "nextflow", "/home/me/provenance/happy_turing.prov.json", false);
 * OpenLineage.RunEvent done = events.taskEnd(task, java.util.List.of());
 * }</pre>
 */
public final class LineageEvents {
    /** Who wrote the events (the OpenLineage {@code producer}). */
    public static final URI PRODUCER = URI.create("https://provhooks.org/provhooks/"
            + (LineageEvents.class.getPackage().getImplementationVersion() == null
                    ? "dev"
                    : LineageEvents.class.getPackage().getImplementationVersion()));

    private static final String HOST = hostName();

    private final OpenLineage ol = new OpenLineage(PRODUCER);
    private final RunStart start;
    private final String namespace;
    private final String workflowJob;
    private final UUID runId;
    private final String documentLocation;
    private final boolean pushed;
    private final String integration;
    // The same for every event of the run: made once, as events are made for every task on the run's hot path.
    private final String documentId;
    private final String activityPrefix;
    private final OpenLineage.JobFacets workflowJobFacets;
    private final OpenLineage.JobFacets taskJobFacets;
    private final OpenLineage.ParentRunFacet parent;

    /**
     * @param start            the run
     * @param namespace        the OpenLineage job namespace
     * @param documentLocation where the PROV document is written (for the provenance facet)
     * @param pushed           whether the document also goes to a yProv server (its id is then named)
     */
    public LineageEvents(RunStart start, String namespace, String documentLocation, boolean pushed) {
        this.start = start;
        this.namespace = namespace;
        this.workflowJob = start.label() == null || start.label().isBlank() ? start.runId() : start.label();
        this.runId = runUuid(start.engine(), start.runId());
        this.documentLocation = Redactor.redactValue(documentLocation);
        this.pushed = pushed;
        this.integration = integration(start.engine());
        this.documentId = DocumentIds.forWorkflow(start.runId());
        this.activityPrefix = Ids.runNamespace(start.engine(), start.runId());
        this.workflowJobFacets = jobFacets("WORKFLOW");
        this.taskJobFacets = jobFacets("TASK");
        this.parent = ol.newParentRunFacet(
                ol.newParentRunFacetRun(runId, null),
                ol.newParentRunFacetJob(namespace, workflowJob, null),
                ol.newParentRunFacetRoot(ol.newRootRun(runId, null), ol.newRootJob(namespace, workflowJob, null)));
    }

    private OpenLineage.JobFacets jobFacets(String jobType) {
        return ol.newJobFacetsBuilder()
                .jobType(ol.newJobTypeJobFacet("BATCH", integration, jobType, null))
                .build();
    }

    /** The workflow run's id: stable for the engine's run id. */
    public static UUID runUuid(String engine, String engineRunId) {
        return UUID.nameUUIDFromBytes(("provhooks:" + engine + ":" + engineRunId).getBytes(StandardCharsets.UTF_8));
    }

    /** A task run's id: stable for the workflow run and the task's key. */
    public UUID taskUuid(String taskKey) {
        return UUID.nameUUIDFromBytes((runId + ":" + taskKey).getBytes(StandardCharsets.UTF_8));
    }

    public UUID runId() {
        return runId;
    }

    public String workflowJob() {
        return workflowJob;
    }

    /** The job of a task's tool. */
    public String taskJob(String tool) {
        return workflowJob + "." + tool;
    }

    public RunEvent runStart(Instant when, String engineVersion) {
        OpenLineage.RunFacetsBuilder facets =
                engine(ol.newRunFacetsBuilder(), engineVersion).put(ProvHooksFacets.PROVENANCE, provenance(null));
        return event(EventType.START, when, runId, workflowJob, "WORKFLOW", facets, List.of(), List.of());
    }

    /**
     * The end of the run: COMPLETE, FAIL (with the error) or ABORT, from the engine's final status; with the run's
     * nominal time when the engine has one (Airflow's data interval or logical date, ISO-8601 instants), and what the
     * run as a whole used ({@code inputs}: the data that triggered it, the code's uncommitted changes).
     */
    public RunEvent runEnd(
            Instant when,
            String status,
            String error,
            String engineVersion,
            Double energyJoules,
            Double co2eGrams,
            String energyMethod,
            String nominalStart,
            String nominalEnd,
            List<DataRef> inputs) {
        EventType type = terminal(status);
        OpenLineage.RunFacetsBuilder facets = engine(ol.newRunFacetsBuilder(), engineVersion)
                .put(ProvHooksFacets.PROVENANCE, provenance(null))
                .put(ProvHooksFacets.TASK, new ProvHooksFacets.Task(PRODUCER, status, null, null, null));
        if (type == EventType.FAIL) {
            facets.errorMessage(ol.newErrorMessageRunFacet(
                    Redactor.redactValue(error == null ? "the run ended " + status : error), language(), null));
        }
        if (energyJoules != null || co2eGrams != null) {
            facets.put(
                    ProvHooksFacets.ENERGY,
                    new ProvHooksFacets.Energy(PRODUCER, energyJoules, co2eGrams, energyMethod));
        }
        ZonedDateTime nominal = time(nominalStart);
        if (nominal != null) {
            facets.nominalTime(ol.newNominalTimeRunFacet(nominal, time(nominalEnd)));
        }
        return event(type, when, runId, workflowJob, "WORKFLOW", facets, inputs(inputs), List.of());
    }

    /** The engine and its version (the facet requires the version: left out until an adapter has set it). */
    private OpenLineage.RunFacetsBuilder engine(OpenLineage.RunFacetsBuilder facets, String engineVersion) {
        return engineVersion == null
                ? facets
                : facets.processing_engine(ol.newProcessingEngineRunFacet(
                        engineVersion, start.engine(), PRODUCER.getPath().replaceFirst(".*/", "")));
    }

    public RunEvent taskStart(TaskStart task) {
        OpenLineage.RunFacetsBuilder facets = taskFacets(task.key(), task.tool());
        return event(
                EventType.START,
                task.start() != null ? task.start() : Instant.now(),
                taskUuid(task.key()),
                taskJob(task.tool()),
                "TASK",
                facets,
                List.of(),
                List.of());
    }

    /** A START for a task reported only once it ended: at its recorded start time, with its inputs. */
    public RunEvent taskStart(TaskActivity task) {
        Instant when = task.start() != null ? task.start() : task.end() != null ? task.end() : Instant.now();
        return event(
                EventType.START,
                when,
                taskUuid(task.key()),
                taskJob(toolOf(task)),
                "TASK",
                taskFacets(task.key(), toolOf(task)),
                inputs(task.inputs()),
                List.of());
    }

    /** A task's end: COMPLETE (also for cached tasks, marked as such) or FAIL with its error. */
    public RunEvent taskEnd(TaskActivity task, List<ProvHooksFacets.MlRunRef> mlRuns) {
        String status = task.status() == null ? "COMPLETED" : task.status();
        EventType type = terminal(status);
        OpenLineage.RunFacetsBuilder facets = taskFacets(task.key(), toolOf(task));
        String attempt = text(task.attributes(), "attempt", "try_number");
        facets.put(
                ProvHooksFacets.TASK,
                new ProvHooksFacets.Task(
                        PRODUCER,
                        status,
                        status.equalsIgnoreCase("cached") ? Boolean.TRUE : null,
                        attempt,
                        toolOf(task)));
        if (type == EventType.FAIL) {
            String error = text(task.attributes(), "error_message", "error");
            String exit = text(task.attributes(), "exit", "exit_status");
            if (error == null) {
                error = exit != null ? "exit status " + exit : "the task ended " + status;
            }
            facets.errorMessage(ol.newErrorMessageRunFacet(Redactor.redactValue(error), language(), null));
        }
        Double energy = number(task.attributes().get("energy_j"));
        Double co2e = number(task.attributes().get("co2e_g"));
        if (energy != null || co2e != null) {
            facets.put(
                    ProvHooksFacets.ENERGY,
                    new ProvHooksFacets.Energy(PRODUCER, energy, co2e, text(task.attributes(), "energy_method")));
        }
        if (!mlRuns.isEmpty()) {
            facets.put(ProvHooksFacets.ML_RUNS, new ProvHooksFacets.MlRuns(PRODUCER, mlRuns));
        }
        Instant when = task.end() != null ? task.end() : task.start() != null ? task.start() : Instant.now();
        return event(
                type,
                when,
                taskUuid(task.key()),
                taskJob(toolOf(task)),
                "TASK",
                facets,
                inputs(task.inputs()),
                outputs(task.outputs()));
    }

    /** ML runs linked to a task after its end was sent: an OTHER event adding them to the task run. */
    public RunEvent mlRunsLinked(String taskKey, String tool, List<ProvHooksFacets.MlRunRef> mlRuns, Instant when) {
        OpenLineage.RunFacetsBuilder facets =
                taskFacets(taskKey, tool).put(ProvHooksFacets.ML_RUNS, new ProvHooksFacets.MlRuns(PRODUCER, mlRuns));
        return event(EventType.OTHER, when, taskUuid(taskKey), taskJob(tool), "TASK", facets, List.of(), List.of());
    }

    /** The reference to an ML run for the facet. */
    public ProvHooksFacets.MlRunRef mlRun(String taskKey, org.provhooks.core.ml.MlRunLink link) {
        return new ProvHooksFacets.MlRunRef(
                link.info().experiment(),
                link.info().runName(),
                link.info().pid(),
                Redactor.redactValue(link.path().toAbsolutePath().toString()),
                DocumentIds.forMlRun(start.runId(), taskKey, link.info().runName()));
    }

    private OpenLineage.RunFacetsBuilder taskFacets(String taskKey, String tool) {
        return ol.newRunFacetsBuilder()
                .parent(parent)
                .put(ProvHooksFacets.PROVENANCE, provenance("task-" + Ids.safeLocal(taskKey)));
    }

    private ProvHooksFacets.Provenance provenance(String activityLocal) {
        String activity = activityPrefix + (activityLocal == null ? "workflow" : activityLocal);
        return new ProvHooksFacets.Provenance(
                PRODUCER, documentId, documentLocation, activity, pushed ? documentId : null);
    }

    private RunEvent event(
            EventType type,
            Instant when,
            UUID id,
            String job,
            String jobType,
            OpenLineage.RunFacetsBuilder runFacets,
            List<OpenLineage.InputDataset> inputs,
            List<OpenLineage.OutputDataset> outputs) {
        OpenLineage.JobFacets jobFacets = jobType.equals("TASK") ? taskJobFacets : workflowJobFacets;
        return ol.newRunEventBuilder()
                .eventType(type)
                .eventTime(ZonedDateTime.ofInstant(when, ZoneOffset.UTC))
                .run(ol.newRun(id, runFacets.build()))
                .job(ol.newJob(namespace, Redactor.redactValue(job), jobFacets))
                .inputs(inputs)
                .outputs(outputs)
                .build();
    }

    private List<OpenLineage.InputDataset> inputs(List<DataRef> refs) {
        List<OpenLineage.InputDataset> out = new ArrayList<>();
        for (DataRef r : refs) {
            String[] d = datasetOf(r.key());
            if (d == null) {
                continue;
            }
            OpenLineage.InputDatasetInputFacets facets = r.sizeBytes() == null
                    ? null
                    : ol.newInputDatasetInputFacetsBuilder()
                            .inputStatistics(ol.newInputStatisticsInputDatasetFacet(null, r.sizeBytes(), 1L))
                            .build();
            out.add(ol.newInputDatasetBuilder()
                    .namespace(d[0])
                    .name(d[1])
                    .inputFacets(facets)
                    .build());
        }
        return out;
    }

    private List<OpenLineage.OutputDataset> outputs(List<DataRef> refs) {
        List<OpenLineage.OutputDataset> out = new ArrayList<>();
        for (DataRef r : refs) {
            String[] d = datasetOf(r.key());
            if (d == null) {
                continue;
            }
            OpenLineage.OutputDatasetOutputFacets facets = r.sizeBytes() == null
                    ? null
                    : ol.newOutputDatasetOutputFacetsBuilder()
                            .outputStatistics(ol.newOutputStatisticsOutputDatasetFacet(null, r.sizeBytes(), 1L))
                            .build();
            out.add(ol.newOutputDatasetBuilder()
                    .namespace(d[0])
                    .name(d[1])
                    .outputFacets(facets)
                    .build());
        }
        return out;
    }

    /** A data key as a dataset of this run: Beam's PCollections in the pipeline's own namespace, the rest as below. */
    private String[] datasetOf(String key) {
        if (key.startsWith("pcollection:")) {
            return new String[] {"beam://" + Redactor.redactValue(workflowJob), key.substring("pcollection:".length())};
        }
        return dataset(key);
    }

    /**
     * A data key as an OpenLineage dataset {namespace, name}: local paths as {@code file://<host>} and the absolute
     * path; URIs as {@code scheme://authority} and the path; null for what is not data on storage (Beam's in-memory
     * PCollections).
     */
    static String[] dataset(String key) {
        String k = Redactor.redactValue(key);
        if (k.startsWith("/")) {
            return new String[] {"file://" + HOST, k};
        }
        if (k.startsWith("pcollection:")) {
            return null;
        }
        int scheme = k.indexOf("://");
        if (scheme > 0) {
            int slash = k.indexOf('/', scheme + 3);
            String ns = slash < 0 ? k : k.substring(0, slash);
            String name = slash < 0 ? "/" : k.substring(slash);
            if (k.startsWith("file://")) {
                return new String[] {"file://" + HOST, name};
            }
            return new String[] {ns, name};
        }
        int colon = k.indexOf(':');
        return colon > 0 ? new String[] {k.substring(0, colon), k.substring(colon + 1)} : new String[] {"unknown", k};
    }

    static EventType terminal(String status) {
        String s = status == null ? "" : status.toLowerCase(Locale.ROOT);
        if (s.contains("fail") || s.contains("error")) {
            return EventType.FAIL;
        }
        if (s.contains("abort") || s.contains("cancel") || s.contains("kill") || s.contains("stop")) {
            return EventType.ABORT;
        }
        return EventType.COMPLETE;
    }

    private String language() {
        return EngineKind.of(start.engine()).language();
    }

    private static String integration(String engine) {
        EngineKind k = EngineKind.of(engine);
        return k == EngineKind.OTHER ? engine.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_") : k.name();
    }

    /** The tool a task ran: its process (Nextflow), task id (Airflow), else its label (Beam transform). */
    public static String toolOf(TaskActivity task) {
        String t = text(task.attributes(), "process", "task_id");
        return t != null ? t : task.label() != null ? task.label() : task.key();
    }

    private static String text(Map<String, Object> attributes, String... names) {
        for (String n : names) {
            Object v = attributes.get(n);
            if (v != null) {
                return Redactor.redactValue(String.valueOf(v));
            }
        }
        return null;
    }

    private static ZonedDateTime time(String iso) {
        try {
            return iso == null ? null : ZonedDateTime.ofInstant(Instant.parse(iso), ZoneOffset.UTC);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static Double number(Object v) {
        return v instanceof Number n ? n.doubleValue() : null;
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | RuntimeException e) {
            return "localhost";
        }
    }
}
