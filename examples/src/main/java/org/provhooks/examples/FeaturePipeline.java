package org.provhooks.examples;

import java.nio.file.Path;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.ParDo;

/**
 * The Beam example: feature preparation over a CSV ({@code id,age,income,label}): parse, drop incomplete rows,
 * scale the features, write them. Run it through the provenance runner:
 *
 * <pre>
 * --runner=ProvenanceRunner --provenanceDelegate=DirectRunner --provenanceOutput=provenance
 * </pre>
 */
public final class FeaturePipeline {
    private FeaturePipeline() {}

    /** Parses a row and scales age (/100) and income (/100000); counts rows kept and dropped. */
    static class ScaleFn extends DoFn<String, String> {
        private final Counter kept = Metrics.counter("features", "rows_kept");
        private final Counter dropped = Metrics.counter("features", "rows_dropped");
        private final Distribution income = Metrics.distribution("features", "income");

        @ProcessElement
        public void process(@Element String line, OutputReceiver<String> out) {
            String[] f = line.split(",");
            if (f.length != 4 || f[1].isBlank() || f[2].isBlank()) {
                dropped.inc();
                return;
            }
            long inc = Long.parseLong(f[2].trim());
            income.update(inc);
            kept.inc();
            out.output(f[0] + "," + Double.parseDouble(f[1].trim()) / 100 + "," + inc / 100000.0 + "," + f[3].trim());
        }
    }

    public static Pipeline build(PipelineOptions options, Path input, Path outputPrefix) {
        Pipeline p = Pipeline.create(options);
        p.apply("ReadRows", TextIO.read().from(input.toString()))
                .apply("SkipHeader", Filter.by((String l) -> !l.startsWith("id,")))
                .apply("ScaleFeatures", ParDo.of(new ScaleFn()))
                .apply(
                        "WriteFeatures",
                        TextIO.write()
                                .to(outputPrefix.toString())
                                .withSuffix(".csv")
                                .withNumShards(1));
        return p;
    }
}
