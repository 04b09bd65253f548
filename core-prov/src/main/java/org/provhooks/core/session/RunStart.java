package org.provhooks.core.session;

import java.time.Instant;

/**
 * The run a {@link RunSession} records, as the engine names it.
 *
 * <pre>{@code
 * RunStart s = RunStart.of("Nextflow", "happy_turing", "rnaseq", Instant.now()).withFileName("run.prov.json");
 * }</pre>
 *
 * @param engine   the workflow system, e.g. {@code Nextflow}, {@code Apache Beam}, {@code Apache Airflow}
 * @param runId    the engine's own run id; the document's identifiers and server id derive from it
 * @param label    the workflow's human name
 * @param start    when the run started, or null when not known yet (set later on the recorder)
 * @param fileName the workflow document's file name, or null for {@code <run id>.prov.json}
 */
public record RunStart(String engine, String runId, String label, Instant start, String fileName) {
    public static RunStart of(String engine, String runId, String label, Instant start) {
        return new RunStart(engine, runId, label, start, null);
    }

    public RunStart withFileName(String name) {
        return new RunStart(engine, runId, label, start, name);
    }

    /** The workflow document's file name: the one given, else {@code <run id>.prov.json} (made safe). */
    public String documentFileName() {
        return fileName != null ? fileName : org.provhooks.core.workflow.Ids.safeLocal(runId) + ".prov.json";
    }
}
