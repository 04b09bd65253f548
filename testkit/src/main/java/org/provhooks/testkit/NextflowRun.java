package org.provhooks.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.provhooks.core.json.ProvJsonReader;
import org.provhooks.core.model.Document;

/**
 * Runs a real Nextflow 24.10.0 pipeline the way a user does: {@code nextflow.cli.Launcher run main.nf} in a
 * fresh JVM with Nextflow's own classpath and launcher flags, the plugin taken from a plugins directory and
 * enabled by {@code plugins { id 'nf-provhooks@VERSION' }} in {@code nextflow.config}. No network is used.
 */
public final class NextflowRun {
    /** The JVM flags of Nextflow's launcher script; without them the resume cache stays empty. */
    private static final List<String> OPENS = List.of(
            "java.lang",
            "java.io",
            "java.nio",
            "java.net",
            "java.util",
            "java.util.concurrent.locks",
            "java.util.concurrent.atomic",
            "java.nio.file.spi",
            "sun.nio.ch",
            "sun.nio.fs",
            "sun.net.www.protocol.http",
            "sun.net.www.protocol.https",
            "sun.net.www.protocol.ftp",
            "sun.net.www.protocol.file",
            "jdk.internal.misc",
            "jdk.internal.vm",
            "java.util.regex");

    public record Result(int exitCode, String console, Path launchDir) {
        /** The newest provenance document under {@code dir} (relative to the launch dir). */
        public Path document(String dir) throws IOException {
            try (Stream<Path> s = Files.list(launchDir.resolve(dir))) {
                return s.filter(p -> p.toString().endsWith(".json"))
                        .max(Comparator.comparing(p -> p.toFile().lastModified()))
                        .orElseThrow();
            }
        }

        public Document read() throws IOException {
            return ProvJsonReader.read(document("provenance"));
        }
    }

    private NextflowRun() {}

    public static String pluginId() {
        return System.getProperty("provhooks.pluginId", "nf-provhooks@0.1.0");
    }

    /** Writes the script and config (plugin declared) into {@code launchDir} without running. */
    /** Writes the script and a config without the plugin (the baseline of a benchmark). */
    public static void prepareWithoutPlugin(Path launchDir, String script) throws IOException {
        Files.createDirectories(launchDir);
        Files.writeString(launchDir.resolve("main.nf"), script, StandardCharsets.UTF_8);
        Files.writeString(launchDir.resolve("nextflow.config"), "", StandardCharsets.UTF_8);
    }

    public static void prepare(Path launchDir, String script, String config) throws IOException {
        Files.createDirectories(launchDir);
        Files.writeString(launchDir.resolve("main.nf"), script, StandardCharsets.UTF_8);
        Files.writeString(
                launchDir.resolve("nextflow.config"),
                "plugins { id '" + pluginId() + "' }\n" + config + "\n",
                StandardCharsets.UTF_8);
    }

    public static Result run(Path launchDir, String script, String config, String... args) throws Exception {
        prepare(launchDir, script, config);
        return launch(launchDir, Map.of(), args);
    }

    /** The longest a launch may take before it is killed and reported. */
    public static final int LAUNCH_LIMIT_SECONDS = 180;

    /** Runs {@code main.nf} in {@code launchDir} again (e.g. with {@code -resume}). */
    public static Result launch(Path launchDir, Map<String, String> extraEnv, String... args) throws Exception {
        Process p = start(launchDir, extraEnv, args);
        // Read on a thread of its own: reading to the end here would wait for a hung Nextflow forever, and the time
        // limit below would never be reached.
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Thread reader = new Thread(
                () -> {
                    try (java.io.InputStream in = p.getInputStream()) {
                        in.transferTo(out);
                    } catch (IOException e) {
                        // the process was killed
                    }
                },
                "nextflow-output");
        reader.setDaemon(true);
        reader.start();
        if (!p.waitFor(LAUNCH_LIMIT_SECONDS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            reader.join(5_000);
            throw new AssertionError("nextflow did not finish in " + LAUNCH_LIMIT_SECONDS + " s:\n"
                    + out.toString(StandardCharsets.UTF_8));
        }
        reader.join();
        return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8), launchDir);
    }

    /**
     * Starts {@code main.nf} in {@code launchDir} and returns at once (standard output and error merged in
     * {@link Process#getInputStream()}), e.g. to stop it with SIGTERM ({@link Process#destroy()}) mid-run.
     */
    public static Process start(Path launchDir, Map<String, String> extraEnv, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(launcher(launchDir));
        cmd.addAll(List.of("run", "main.nf", "-ansi-log", "false"));
        cmd.addAll(List.of(args));
        // No standard input, as under a scheduler: a pipeline reading stdin ends instead of waiting forever.
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(launchDir.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("PROVHOOKS_") || k.startsWith("NXF_"));
        env.putAll(environment(launchDir));
        env.putAll(extraEnv);
        return pb.start();
    }

    /** The Nextflow launcher: java with Nextflow's classpath, up to and excluding the command ({@code run}). */
    private static List<String> launcher(Path launchDir) throws IOException {
        String classpath = Files.readString(Path.of(
                        System.getProperty("provhooks.nextflowClasspath", "nextflow-plugin/target/nextflow.classpath")))
                .trim();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        // A temporary directory of the run's own, so tests can see that nothing is left behind in it.
        Files.createDirectories(launchDir.resolve(".tmp"));
        cmd.add("-Djava.io.tmpdir=" + launchDir.resolve(".tmp").toAbsolutePath());
        for (String p : OPENS) {
            cmd.add("--add-opens=java.base/" + p + "=ALL-UNNAMED");
        }
        cmd.addAll(List.of("-cp", classpath, "nextflow.cli.Launcher"));
        return cmd;
    }

    /** What a test run's Nextflow needs in its environment: its own home, the plugin, offline. */
    private static Map<String, String> environment(Path launchDir) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("NXF_HOME", launchDir.resolve(".nxf-home").toString());
        env.put(
                "NXF_PLUGINS_DIR",
                Path.of(System.getProperty("provhooks.pluginsDir", "nextflow-plugin/target/nf-provhooks-0.1.0"))
                        .toAbsolutePath()
                        .toString());
        env.put("NXF_PLUGINS_MODE", "prod");
        env.put("NXF_OFFLINE", "true");
        env.put("NXF_DISABLE_CHECK_LATEST", "true");
        env.put("PROVHOOKS_OUTBOX", launchDir.resolve(".outbox").toString());
        return env;
    }

    /**
     * An executable {@code nextflow} script in {@code launchDir} that starts this build's Nextflow with the plugin, as
     * the {@code nextflow} command a user has would (for tools that run {@code nextflow} themselves).
     */
    public static Path launcherScript(Path launchDir) throws IOException {
        StringBuilder sh = new StringBuilder("#!/bin/sh\n");
        environment(launchDir)
                .forEach((k, v) ->
                        sh.append("export ").append(k).append("='").append(v).append("'\n"));
        sh.append("exec");
        for (String part : launcher(launchDir)) {
            sh.append(" '").append(part.replace("'", "'\\''")).append("'");
        }
        sh.append(" \"$@\" -ansi-log false < /dev/null\n");
        Path script = launchDir.resolve("nextflow-launcher.sh");
        Files.writeString(script, sh.toString(), StandardCharsets.UTF_8);
        script.toFile().setExecutable(true);
        return script;
    }
}
