package org.provhooks.beam;

import com.google.auto.service.AutoService;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsRegistrar;

/** Registers {@link ProvenanceOptions} so {@code PipelineOptionsFactory.fromArgs(...).withValidation()} accepts them. */
@AutoService(PipelineOptionsRegistrar.class)
public class ProvenanceOptionsRegistrar implements PipelineOptionsRegistrar {
    @Override
    public Iterable<Class<? extends PipelineOptions>> getPipelineOptions() {
        return List.of(ProvenanceOptions.class);
    }
}
