package org.provhooks.beam;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;

/**
 * The user's pipeline code: the class that called {@code Pipeline.run()}, where
 * that class was loaded from, and its source file when the run starts from a project checkout ({@code src/main/java}
 * and the other usual Maven/Gradle source roots under the working directory). The RO-Crate uses the source as the
 * workflow's main entity.
 *
 * @param className    the pipeline class, or null when only Beam's and our own frames were on the stack
 * @param codeLocation the jar or class directory it was loaded from, or null
 * @param sourceFile   its source file, or null when not found
 */
record PipelineSource(String className, String codeLocation, Path sourceFile) {
    private static final List<String> SOURCE_ROOTS =
            List.of("src/main/java", "src/test/java", "src/main/kotlin", "src/test/kotlin", "src/main/scala");

    /** Looks at the calling thread's stack; never throws. */
    static PipelineSource ofCaller() {
        try {
            List<StackWalker.StackFrame> frames = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                    .walk(s -> s.filter(f -> isUserCode(f.getDeclaringClass())).toList());
            if (frames.isEmpty()) {
                return new PipelineSource(null, null, null);
            }
            Class<?> c = frames.get(0).getDeclaringClass(); // the code that called Pipeline.run()
            CodeSource cs = c.getProtectionDomain().getCodeSource();
            String location = cs == null || cs.getLocation() == null
                    ? null
                    : cs.getLocation().toString();
            return new PipelineSource(c.getName(), location, sourceOf(c, Path.of(System.getProperty("user.dir", "."))));
        } catch (RuntimeException | LinkageError e) {
            return new PipelineSource(null, null, null);
        }
    }

    /** This module's own classes, which sit between the user's code and Beam (a fat jar may hold both). */
    private static final List<String> OWN = List.of(
            ProvenanceRunner.class.getName(),
            ProvenanceResult.class.getName(),
            BeamProvenance.class.getName(),
            DirectRunnerBlocking.class.getName(),
            ProvenanceListener.class.getName(),
            PipelineSource.class.getName());

    private static boolean isUserCode(Class<?> c) {
        String n = c.getName();
        for (String own : OWN) {
            if (n.equals(own) || n.startsWith(own + "$")) {
                return false;
            }
        }
        return !(n.startsWith("org.apache.beam.")
                || n.startsWith("java.")
                || n.startsWith("javax.")
                || n.startsWith("jdk.")
                || n.startsWith("sun.")
                || n.startsWith("org.junit.")
                || n.startsWith("org.apache.maven.")
                || n.startsWith("org.gradle.")
                || n.startsWith("org.codehaus."));
    }

    /**
     * {@code <root>/<package path>/<Outer>.java} under the working directory's usual source roots, or under a module
     * directory one level down (a multi-module build run from its root).
     */
    static Path sourceOf(Class<?> c, Path workDir) {
        String outer = c.getName().replaceFirst("\\$.*$", "");
        String relative = outer.replace('.', '/');
        List<Path> bases = new java.util.ArrayList<>(List.of(workDir));
        try (java.util.stream.Stream<Path> dirs = Files.list(workDir)) {
            dirs.filter(d -> Files.isDirectory(d.resolve("src"))).sorted().forEach(bases::add);
        } catch (java.io.IOException | RuntimeException e) {
            // the working directory alone
        }
        for (Path base : bases) {
            for (String root : SOURCE_ROOTS) {
                for (String ext : List.of(".java", ".kt", ".scala")) {
                    Path p = base.resolve(root).resolve(relative + ext);
                    if (Files.isRegularFile(p)) {
                        return p.toAbsolutePath().normalize();
                    }
                }
            }
        }
        return null;
    }
}
