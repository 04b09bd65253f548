package org.provhooks.core.workflow;

import org.provhooks.core.model.Namespace;
import org.provhooks.core.model.QualifiedName;

/**
 * The names ProvHooks writes: its own vocabulary under {@code provhooks}, the yProv4WFs-compatible
 * attribute names under {@code yprov4wfs}, and the yProv4ML prefixes.
 */
public final class Vocab {
    /** Our own vocabulary; one stable IRI. */
    public static final Namespace PROVHOOKS = new Namespace("provhooks", "https://provhooks.org/ns#");
    /** yProv4WFs attribute names, bound to the project's repository IRI (the reference tool uses a placeholder). */
    public static final Namespace YPROV4WFS = new Namespace("yprov4wfs", "https://github.com/HPCI-Lab/yProv4WFs#");
    /** yProv4ML's prefix, with the IRI yProv4ML itself writes. */
    public static final Namespace YPROV = new Namespace("yprov", "https://github.com/HPCI-Lab/yProv4ML");
    /**
     * yProv4ML's {@code prov-ml} prefix, bound exactly as yProv4ML binds it (not an absolute IRI): used only in
     * yProv4ML run documents we write, whose identifiers must expand exactly as the Python tool's do to join.
     */
    public static final Namespace PROVML = new Namespace("provml", "prov-ml");

    public static final Namespace DCTERMS = new Namespace("dcterms", "http://purl.org/dc/terms/");
    /** Base of the per-run namespaces: {@code <base><engine>/<run id>/}. */
    public static final String RUN_NAMESPACE_BASE = "https://provhooks.org/run/";

    public static final QualifiedName LEVEL = YPROV4WFS.name("level");
    /** {@code yprov4wfs:level} of the workflow run: exactly one activity per workflow document has it. */
    public static final String LEVEL_WORKFLOW = "0";
    /** {@code yprov4wfs:level} of a task run. */
    public static final String LEVEL_TASK = "1";
    /** {@code yprov4wfs:level} of a linked yProv4ML run (the third level; also typed {@code provhooks:MlRun}). */
    public static final String LEVEL_ML_RUN = "2";

    public static final QualifiedName ENGINE = YPROV4WFS.name("engine");
    public static final QualifiedName STATUS = YPROV4WFS.name("status");

    public static final QualifiedName WORKFLOW_RUN = PROVHOOKS.name("WorkflowRun");
    public static final QualifiedName TASK_RUN = PROVHOOKS.name("TaskRun");
    public static final QualifiedName DATA = PROVHOOKS.name("Data");
    public static final QualifiedName ML_RUN = PROVHOOKS.name("MlRun");
    public static final QualifiedName ML_RUN_DOCUMENT = PROVHOOKS.name("MlRunDocument");
    /** A host telemetry time series (a yProv4ML-layout metric file) sampled during the run. */
    public static final QualifiedName TELEMETRY_METRIC = PROVHOOKS.name("TelemetryMetric");

    public static final QualifiedName ENGINE_AGENT = PROVHOOKS.name("WorkflowEngine");

    /** Environment variable naming the run namespace IRI, handed to the code a task runs. */
    public static final String ENV_RUN_NAMESPACE = "PROVHOOKS_RUN_NAMESPACE";
    /** Environment variable naming the workflow activity (local part in the run namespace). */
    public static final String ENV_WORKFLOW_ID = "PROVHOOKS_WORKFLOW_ID";
    /** Environment variable naming the task activity (local part in the run namespace). */
    public static final String ENV_TASK_ID = "PROVHOOKS_TASK_ID";

    private Vocab() {}

    /** {@code provhooks:<local>}. */
    public static QualifiedName ph(String local) {
        return PROVHOOKS.name(local);
    }
}
