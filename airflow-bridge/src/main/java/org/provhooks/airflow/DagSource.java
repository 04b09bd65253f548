package org.provhooks.airflow;

import java.io.IOException;
import java.nio.file.Path;
import org.provhooks.airflow.client.api.DagApi;
import org.provhooks.airflow.client.api.DagSourceApi;
import org.provhooks.airflow.client.model.DAGResponse;
import org.provhooks.airflow.client.model.DAGSourceResponse;
import org.provhooks.core.redact.Redactor;
import org.provhooks.core.util.AtomicFiles;
import org.provhooks.core.workflow.Ids;
import org.provhooks.core.workflow.WorkflowRecorder;

/**
 * The DAG's code, read through the API ({@code /dagSources}: by DAG id on Airflow 3, by the DAG's file token on
 * Airflow 2) and kept beside the run's documents as {@code dag-sources/<dag>[-v<version>].py}, credentials masked: the
 * workflow's source, which the RO-Crate uses as its main entity. Recorded on the workflow as {@code script_file} (the
 * local copy), {@code dag_fileloc} (the file on the Airflow side) and {@code dag_version}. The code is optional: when
 * the API refuses it (no "DAG Code" permission) or has none, the reason is recorded instead and the run goes on.
 */
final class DagSource {
    private DagSource() {}

    static void record(AirflowConnection af, String dagId, WorkflowRecorder rec, Path outputDir) {
        try {
            DAGResponse dag = af.call(() -> new DagApi(af.client()).getDag(dagId));
            rec.attribute("dag_fileloc", dag.getFileloc());
            String key = af.version() == AirflowConnection.ApiVersion.V1 ? dag.getFileToken() : dagId;
            if (key == null) {
                rec.attribute("dag_source_unavailable", "the API gave no file token for the DAG");
                return;
            }
            DAGSourceResponse source = af.call(() -> new DagSourceApi(af.client()).getDagSource(key));
            if (source.getContent() == null) {
                rec.attribute("dag_source_unavailable", "the API returned no DAG code");
                return;
            }
            Integer version = source.getVersionNumber();
            String name = Ids.safeLocal(dagId).replace('/', '_') + (version == null ? "" : "-v" + version) + ".py";
            Path file = outputDir.resolve("dag-sources").resolve(name).toAbsolutePath();
            java.nio.file.Files.createDirectories(file.getParent());
            AtomicFiles.writeString(file, Redactor.redactValue(source.getContent()));
            rec.attribute("script_file", file.toString()).attribute("dag_version", version);
        } catch (AirflowException e) {
            rec.attribute("dag_source_unavailable", "HTTP " + e.status() + ": " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            rec.attribute("dag_source_unavailable", e.toString());
        }
    }
}
