package org.provhooks.beam;

import com.google.auto.service.AutoService;
import java.util.List;
import org.apache.beam.sdk.PipelineRunner;
import org.apache.beam.sdk.runners.PipelineRunnerRegistrar;

/** Makes {@code --runner=ProvenanceRunner} (or {@code provenance}) resolve to {@link ProvenanceRunner}. */
@AutoService(PipelineRunnerRegistrar.class)
public class ProvenanceRunnerRegistrar implements PipelineRunnerRegistrar {
    @Override
    public Iterable<Class<? extends PipelineRunner<?>>> getPipelineRunners() {
        return List.of(ProvenanceRunner.class);
    }
}
