package org.provhooks.beam;

import java.nio.file.Path;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.StringSet;

/**
 * Links a yProv4ML run document to the step that wrote it. Call from a DoFn (for example one that trains or
 * evaluates a model and writes its run with {@code org.provhooks.core.ml.MlRun}):
 *
 * <!-- given: org.provhooks.core.ml.MlRun run -->
 * <pre>{@code
 * Path doc = run.endRun();
 * MlRunDocuments.report(doc);
 * }</pre>
 *
 * The path travels as a Beam string-set metric of the reporting step, so it works on every runner; after
 * the run the provenance runner links each document to its step.
 */
public final class MlRunDocuments {
    static final String NAMESPACE = "provhooks";
    static final String NAME = "ml_run_documents";
    private static final StringSet DOCUMENTS = Metrics.stringSet(NAMESPACE, NAME);

    private MlRunDocuments() {}

    public static void report(Path runDocument) {
        DOCUMENTS.add(runDocument.toAbsolutePath().normalize().toString());
    }
}
