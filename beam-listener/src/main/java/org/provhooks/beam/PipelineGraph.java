package org.provhooks.beam;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PValue;

/**
 * The pipeline's graph as the user wrote it, captured before the runner rewrites it: transforms (composites
 * and their parts), PCollections with their producers and consumers, and file patterns from display data.
 */
final class PipelineGraph {
    /** One transform; {@code parent} is the enclosing composite's full name, or null at the top. */
    record Transform(
            String fullName,
            String parent,
            boolean composite,
            String transformClass,
            Map<String, String> display,
            List<String> inputs,
            List<String> outputs,
            List<String> readPatterns,
            List<String> writePatterns) {}

    /** One PCollection. */
    record Collection(String name, String coder, String windowing, boolean bounded, String producer) {}

    final Map<String, Transform> transforms = new LinkedHashMap<>();
    final Map<String, Collection> collections = new LinkedHashMap<>();

    private PipelineGraph() {}

    static PipelineGraph capture(Pipeline pipeline) {
        PipelineGraph g = new PipelineGraph();
        Set<String> claimedPatterns = new HashSet<>();
        pipeline.traverseTopologically(new Pipeline.PipelineVisitor.Defaults() {
            @Override
            public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
                if (!node.isRootNode()) {
                    g.add(node, true, claimedPatterns);
                }
                return CompositeBehavior.ENTER_TRANSFORM;
            }

            @Override
            public void visitPrimitiveTransform(TransformHierarchy.Node node) {
                g.add(node, false, claimedPatterns);
            }

            @Override
            public void visitValue(PValue value, TransformHierarchy.Node producer) {
                if (value instanceof PCollection<?> pc) {
                    g.collections.put(
                            pc.getName(),
                            new Collection(
                                    pc.getName(),
                                    String.valueOf(pc.getCoder()),
                                    String.valueOf(pc.getWindowingStrategy().getWindowFn()),
                                    pc.isBounded() == PCollection.IsBounded.BOUNDED,
                                    producer.getFullName()));
                }
            }
        });
        return g;
    }

    private void add(TransformHierarchy.Node node, boolean composite, Set<String> claimed) {
        String name = node.getFullName();
        TransformHierarchy.Node enclosing = node.getEnclosingNode();
        String parent = enclosing == null || enclosing.isRootNode() ? null : enclosing.getFullName();
        Map<String, String> display = new LinkedHashMap<>();
        List<String> reads = new ArrayList<>();
        List<String> writes = new ArrayList<>();
        if (node.getTransform() != null) {
            try {
                for (DisplayData.Item item :
                        DisplayData.from(node.getTransform()).items()) {
                    if (item.getValue() == null) {
                        continue; // no value: left out, not written as "null"
                    }
                    String key = item.getKey();
                    String value = String.valueOf(item.getValue());
                    display.putIfAbsent(key, value);
                    // The outermost transform naming a file pattern owns its files: one generation per file.
                    if (key.equals("filePattern") && claimed.add("r:" + value)) {
                        reads.add(value);
                    } else if ((key.equals("filePrefix") || key.equals("fileNamePrefix"))
                            && claimed.add("w:" + value)) {
                        writes.add(value + "*");
                    }
                }
            } catch (RuntimeException e) {
                display.put("display_data_error", e.getClass().getSimpleName());
            }
        }
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        if (!composite) {
            // Parts carry the data flow; composites relate to their parts instead (no double generation).
            node.getInputs().values().forEach(pc -> inputs.add(pc.getName()));
            node.getOutputs().values().forEach(pc -> outputs.add(pc.getName()));
        }
        String cls = node.getTransform() == null
                ? null
                : node.getTransform().getClass().getName();
        transforms.put(name, new Transform(name, parent, composite, cls, display, inputs, outputs, reads, writes));
    }
}
