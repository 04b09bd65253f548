package org.provhooks.beam;

import org.apache.beam.sdk.options.PipelineOptions;

/**
 * The in-code way to turn provenance on, keeping the runner the user chose:
 *
 * <!-- given: String[] args | import org.apache.beam.sdk.Pipeline, org.apache.beam.sdk.options.PipelineOptionsFactory -->
 * <pre>{@code
 * PipelineOptions options = PipelineOptionsFactory.fromArgs(args).withValidation().create();
 * ProvenanceListener.attach(options);          // e.g. FlinkRunner stays the runner, wrapped
 * Pipeline pipeline = Pipeline.create(options);
 * // ... apply the transforms ...
 * pipeline.run();
 * }</pre>
 */
public final class ProvenanceListener {
    private ProvenanceListener() {}

    /** Makes {@link ProvenanceRunner} the runner and the current runner its delegate; returns the options. */
    public static ProvenanceOptions attach(PipelineOptions options) {
        ProvenanceOptions p = options.as(ProvenanceOptions.class);
        if (options.getRunner() != ProvenanceRunner.class) {
            p.setProvenanceDelegate(options.getRunner().getName());
            options.setRunner(ProvenanceRunner.class);
        }
        return p;
    }
}
