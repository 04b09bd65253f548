package org.provhooks.beam;

import java.util.ServiceLoader;
import java.util.TreeSet;
import org.apache.beam.sdk.PipelineRunner;
import org.apache.beam.sdk.runners.PipelineRunnerRegistrar;

/** Resolves a runner name the way {@code --runner} does: registered simple names (with or without "Runner"), or a class name. */
final class Runners {
    private Runners() {}

    @SuppressWarnings("unchecked")
    static Class<? extends PipelineRunner<?>> resolve(String name) {
        TreeSet<String> known = new TreeSet<>();
        for (PipelineRunnerRegistrar r :
                ServiceLoader.load(PipelineRunnerRegistrar.class, Runners.class.getClassLoader())) {
            for (Class<? extends PipelineRunner<?>> c : r.getPipelineRunners()) {
                if (c == ProvenanceRunner.class) {
                    continue;
                }
                String simple = c.getSimpleName();
                known.add(simple);
                if (simple.equalsIgnoreCase(name) || simple.equalsIgnoreCase(name + "Runner")) {
                    return c;
                }
            }
        }
        try {
            Class<?> c = Class.forName(name, true, Runners.class.getClassLoader());
            if (PipelineRunner.class.isAssignableFrom(c) && c != ProvenanceRunner.class) {
                return (Class<? extends PipelineRunner<?>>) c;
            }
        } catch (ClassNotFoundException | LinkageError e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "unknown --provenanceDelegate '" + name + "': known runners on the classpath are " + known
                        + "; add the runner's artifact (e.g. beam-runners-flink-1.19) or give a runner class name");
    }
}
