package org.provhooks.core.session;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.provhooks.core.sink.ProvDocument;

/**
 * What every {@link RunOutput} receives when a run ends: the workflow document (streamed: it can be written
 * several times but is never held whole in memory) and the task-level yProv4ML run documents it links.
 *
 * @param engine           the workflow system, e.g. {@code Nextflow}
 * @param runId            the engine's run id
 * @param label            the workflow's human name
 * @param status           the engine's final status
 * @param end              when the run ended
 * @param workflowDocument the workflow-level PROV-JSON document (levels 0 and 1, links to level 2)
 * @param mlRunDocuments   the linked yProv4ML run documents, as files on disk
 * @param outputDir        the directory file outputs write into
 * @param tasks            tasks recorded
 * @param error            the run's error message when it failed (redacted), or null
 */
public record FinishedRun(
        String engine,
        String runId,
        String label,
        String status,
        Instant end,
        ProvDocument workflowDocument,
        List<ProvDocument> mlRunDocuments,
        Path outputDir,
        int tasks,
        String error) {
    public FinishedRun {
        mlRunDocuments = List.copyOf(mlRunDocuments);
    }
}
