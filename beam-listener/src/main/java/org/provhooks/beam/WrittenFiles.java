package org.provhooks.beam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.WriteFiles;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.StringSet;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PValue;

/**
 * The files every {@code WriteFiles} step wrote, whatever names its FilenamePolicy gives them (windowed writes, per
 * destination files): a small step added after the write reads the file names {@code WriteFiles} outputs and
 * reports them as a Beam string-set metric, which works on every runner. Added after the graph was captured, so it
 * is not part of the recorded pipeline.
 */
final class WrittenFiles {
    static final String NAMESPACE = "provhooks.written_files";

    private WrittenFiles() {}

    /**
     * Adds the reporting steps; returns each write step's full name with the transform that owns its files (the
     * composite the user applied, e.g. {@code WriteCounts} for {@code WriteCounts/WriteFiles}).
     */
    static Map<String, String> attach(Pipeline pipeline) {
        Map<String, String> owners = new LinkedHashMap<>();
        List<PCollection<?>> outputs = new ArrayList<>();
        List<String> steps = new ArrayList<>();
        pipeline.traverseTopologically(new Pipeline.PipelineVisitor.Defaults() {
            @Override
            public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
                if (node.getTransform() instanceof WriteFiles<?, ?, ?>) {
                    TransformHierarchy.Node parent = node.getEnclosingNode();
                    owners.put(
                            node.getFullName(),
                            parent == null || parent.isRootNode() ? node.getFullName() : parent.getFullName());
                    for (PValue v : node.getOutputs().values()) {
                        if (v instanceof PCollection<?> pc) {
                            outputs.add(pc);
                            steps.add(node.getFullName());
                        }
                    }
                }
                return CompositeBehavior.ENTER_TRANSFORM;
            }
        });
        for (int i = 0; i < outputs.size(); i++) {
            @SuppressWarnings("unchecked")
            PCollection<Object> names = (PCollection<Object>) outputs.get(i);
            names.apply(
                    "provhooks: files written by " + steps.get(i) + " (" + i + ")", ParDo.of(new Report(steps.get(i))));
        }
        return owners;
    }

    /** Reports each file name (the value of WriteFiles' destination → file name pairs). */
    static final class Report extends DoFn<Object, Void> {
        private final String step;
        private transient StringSet files;

        Report(String step) {
            this.step = step;
        }

        @Setup
        public void setup() {
            files = Metrics.stringSet(NAMESPACE, step);
        }

        @ProcessElement
        public void process(@Element Object element) {
            Object name = element instanceof KV<?, ?> kv ? kv.getValue() : element;
            if (name != null) {
                files.add(String.valueOf(name));
            }
        }
    }
}
