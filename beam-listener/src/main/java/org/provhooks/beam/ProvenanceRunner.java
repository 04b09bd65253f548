package org.provhooks.beam;

import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.PipelineRunner;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * A runner that runs the pipeline on another runner and records its provenance (Beam has no listener
 * interface; wrapping the runner is the hook). Use it on the command line:
 *
 * <pre>
 * --runner=ProvenanceRunner --provenanceDelegate=DirectRunner --provenanceOutput=provenance
 * </pre>
 *
 * or in code with {@link ProvenanceListener#attach}. The graph is captured before the delegate runs (runners
 * rewrite it); the document is written when the run ends, also when it fails, and a provenance failure never
 * replaces the pipeline's own result or exception. For a run still going when {@code run} returns
 * (asynchronous runners), the returned result writes the document when {@code waitUntilFinish} sees the end.
 */
public class ProvenanceRunner extends PipelineRunner<PipelineResult> {
    private final ProvenanceOptions options;
    private final PipelineRunner<?> delegate;
    private final String delegateName;

    private ProvenanceRunner(ProvenanceOptions options, PipelineRunner<?> delegate, String delegateName) {
        this.options = options;
        this.delegate = delegate;
        this.delegateName = delegateName;
    }

    /** Called by Beam with the pipeline's options. */
    public static ProvenanceRunner fromOptions(PipelineOptions options) {
        ProvenanceOptions p = options.as(ProvenanceOptions.class);
        Class<? extends PipelineRunner<?>> delegateClass = Runners.resolve(p.getProvenanceDelegate());
        options.setRunner(delegateClass);
        try {
            return new ProvenanceRunner(p, PipelineRunner.fromOptions(options), delegateClass.getSimpleName());
        } finally {
            options.setRunner(ProvenanceRunner.class);
        }
    }

    @Override
    public PipelineResult run(Pipeline pipeline) {
        PipelineGraph graph;
        try {
            graph = PipelineGraph.capture(pipeline);
        } catch (RuntimeException | LinkageError e) {
            BeamProvenance.LOG.warn(
                    "provhooks: cannot read the pipeline graph ({}); running without provenance", e.toString());
            return delegate.run(pipeline);
        }
        Map<String, String> writeOwners;
        try {
            writeOwners = WrittenFiles.attach(pipeline);
        } catch (RuntimeException | LinkageError e) {
            BeamProvenance.LOG.debug("provhooks: written files are matched by pattern only: {}", e.toString());
            writeOwners = Map.of();
        }
        BeamProvenance.Run run = BeamProvenance.start(options, delegateName, graph, writeOwners);
        if (run == null) {
            return delegate.run(pipeline);
        }
        // The DirectRunner blocks inside run() and throws on failure without its result, so the metrics counted
        // before the failure would be lost: let it return at once and wait here, exactly as it would have waited.
        boolean waitHere = DirectRunnerBlocking.turnOff(delegate, pipeline.getOptions());
        PipelineResult result;
        try {
            result = delegate.run(pipeline);
        } catch (RuntimeException | Error e) {
            BeamProvenance.writeGuarded(run, null, e);
            throw e;
        } finally {
            if (waitHere) {
                DirectRunnerBlocking.restore(delegate, pipeline.getOptions());
            }
        }
        if (waitHere) {
            try {
                DirectRunnerBlocking.waitAsDirectRunnerDoes(result);
            } catch (RuntimeException e) {
                BeamProvenance.writeGuarded(run, result, e);
                throw e;
            }
        }
        if (result.getState().isTerminal()) {
            BeamProvenance.writeGuarded(run, result, null);
            return result;
        }
        return new ProvenanceResult(result, (r, error) -> BeamProvenance.writeGuarded(run, r, error));
    }

    @Override
    public String toString() {
        return "ProvenanceRunner(" + delegateName + ")";
    }
}
