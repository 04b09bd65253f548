package org.provhooks.examples;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.provhooks.airflow.AirflowBridgeCli;
import org.provhooks.core.json.ProvJsonReader;
import org.provhooks.core.ml.MlRunInfo;
import org.provhooks.core.ml.RunDocumentRecognizer;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.Formal;
import org.provhooks.core.model.Literal;
import org.provhooks.core.model.Prov;
import org.provhooks.core.model.ProvRecord;
import org.provhooks.core.model.QualifiedName;
import org.provhooks.core.model.RecordKind;
import org.provhooks.core.validate.Problem;
import org.provhooks.core.validate.Validator;
import org.provhooks.core.workflow.Vocab;
import org.provhooks.testkit.NextflowRun;

/**
 * The main job behind {@code ./demo.sh}: runs the three examples end to end on embedded defaults (no server),
 * validates every document written (and the ML run documents they link), and prints a summary.
 *
 * <pre>
 * java -jar examples/target/examples-0.1.0-all.jar --out provenance [--examples examples] [--flink]
 * </pre>
 */
public final class Demo {
    private final Path out;
    private final Path examples;
    private final boolean flink;
    private final List<String> failures = new ArrayList<>();

    Demo(Path out, Path examples, boolean flink) {
        this.out = out.toAbsolutePath();
        this.examples = examples.toAbsolutePath();
        this.flink = flink;
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of("provenance");
        Path examples = Path.of("examples");
        boolean flink = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--examples" -> examples = Path.of(args[++i]);
                case "--flink" -> flink = true;
                default -> {
                    System.err.println("usage: Demo [--out DIR] [--examples DIR] [--flink]");
                    System.exit(2);
                }
            }
        }
        System.exit(new Demo(out, examples, flink).run());
    }

    /** Runs everything; returns 0 when every example ran and every document is valid and linked. */
    int run() throws IOException {
        long t0 = System.nanoTime();
        Files.createDirectories(out);
        step(
                "[1/3] Nextflow: prepare -> train (yProv4ML run) -> evaluate on Nextflow 24.10.0 with nf-provhooks",
                this::nextflow);
        step(
                "[2/3] Beam: feature preparation over a CSV through ProvenanceRunner on "
                        + (flink ? "embedded Flink" : "the DirectRunner"),
                this::beam);
        step("[3/3] Airflow: airflow-bridge collect against recorded Airflow 3 API answers", this::airflow);
        System.out.println();
        System.out.println("== Validation and summary ==");
        List<Path> docs = workflowDocuments();
        for (Path d : docs) {
            summarize(d);
        }
        for (Path c : crates()) {
            System.out.println("RO-Crate: " + c);
        }
        System.out.printf(
                "%n%d workflow documents, %d problems, %.0f s. Open %s%n",
                docs.size(), failures.size(), (System.nanoTime() - t0) / 1e9, out);
        failures.forEach(f -> System.out.println("  FAILED: " + f));
        return failures.isEmpty() && docs.size() >= 3 ? 0 : 1;
    }

    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    private void step(String what, Step s) {
        System.out.println(what + " ...");
        long t0 = System.nanoTime();
        try {
            s.run();
            System.out.printf("      done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        } catch (Exception | LinkageError e) {
            failures.add(what + ": " + e);
            System.out.println("      failed: " + e);
        }
    }

    void nextflow() throws Exception {
        Path launch = out.resolve("nextflow");
        Files.createDirectories(launch);
        String script = Files.readString(examples.resolve("nextflow-ml/main.nf"));
        String config = Files.readString(examples.resolve("nextflow-ml/nextflow.config"))
                .replaceAll("(?m)^plugins \\{.*}\\s*$", "");
        NextflowRun.prepare(launch, script, config);
        NextflowRun.Result r = NextflowRun.launch(
                launch,
                pushEnvironment(),
                "--trainer_cp",
                absoluteClasspath(),
                "--outdir",
                launch.resolve("results").toString());
        if (r.exitCode() != 0) {
            throw new IllegalStateException("nextflow exited " + r.exitCode() + ":\n" + r.console());
        }
        r.console().lines().filter(l -> l.startsWith("provenance:")).forEach(l -> System.out.println("      " + l));
    }

    /** The yProv settings of this environment, handed on so every example pushes when a server is configured. */
    static Map<String, String> pushEnvironment() {
        Map<String, String> env = new HashMap<>();
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("PROVHOOKS_YPROV_") || k.equals("PROVHOOKS_OUTBOX") || k.equals("PROVHOOKS_CONFIG")) {
                env.put(k, v);
            }
        });
        return env;
    }

    /** This JVM's classpath with absolute entries: the trainer runs in each task's own work directory. */
    static String absoluteClasspath() {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(e -> Path.of(e).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    void beam() throws Exception {
        Path dir = out.resolve("beam");
        Files.createDirectories(dir);
        Path input = dir.resolve("customers.csv");
        StringBuilder csv = new StringBuilder("id,age,income,label\n");
        Random r = new Random(7);
        for (int i = 0; i < 1000; i++) {
            csv.append(i)
                    .append(',')
                    .append(i % 50 == 0 ? "" : String.valueOf(18 + r.nextInt(60)))
                    .append(',')
                    .append(20_000 + r.nextInt(100_000))
                    .append(',')
                    .append(r.nextInt(2))
                    .append('\n');
        }
        Files.writeString(input, csv, StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>(List.of(
                "--runner=ProvenanceRunner",
                "--jobName=feature-prep",
                "--provenanceOutput=" + dir,
                "--provenanceOutputs=prov,crate",
                "--provenanceChecksumMaxBytes=10000000"));
        if (flink) {
            args.addAll(List.of("--provenanceDelegate=FlinkRunner", "--flinkMaster=[local]", "--parallelism=1"));
        }
        var options = PipelineOptionsFactory.fromArgs(args.toArray(String[]::new))
                .withValidation()
                .create();
        PipelineResult.State state = FeaturePipeline.build(options, input, dir.resolve("features/part"))
                .run()
                .waitUntilFinish();
        if (state != PipelineResult.State.DONE) {
            throw new IllegalStateException("pipeline ended " + state);
        }
    }

    void airflow() throws Exception {
        Path dir = out.resolve("airflow");
        try (AirflowReplay replay = AirflowReplay.start(examples.resolve("airflow/replay"))) {
            StringWriter o = new StringWriter();
            StringWriter e = new StringWriter();
            List<String> args = new ArrayList<>(List.of(
                    "collect",
                    "--airflow-url",
                    replay.url(),
                    "--user",
                    "demo",
                    "--dag-id",
                    "etl",
                    "--run-id",
                    "asset_triggered__2025-03-01T06:00:00+00:00",
                    "--out",
                    dir.toString(),
                    "--outputs",
                    "prov,crate",
                    "--estimate-energy"));
            Map<String, String> env = new HashMap<>(pushEnvironment());
            env.put("PROVHOOKS_AIRFLOW_PASSWORD", "demo");
            if (env.containsKey("PROVHOOKS_YPROV_URL")) {
                args.add("--push");
            }
            int code = AirflowBridgeCli.run(
                    args.toArray(String[]::new), new PrintWriter(o, true), new PrintWriter(e, true), env);
            if (code != 0) {
                throw new IllegalStateException("airflow-bridge: " + e);
            }
            System.out.println("      " + o.toString().trim());
        }
    }

    /** The RO-Crates written beside the workflow documents. */
    List<Path> crates() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path d : workflowDocuments()) {
            Path c = d.resolveSibling(d.getFileName().toString().replaceFirst("\\.prov\\.json$", "") + "-crate");
            if (Files.isRegularFile(c.resolve("ro-crate-metadata.json"))) {
                out.add(c);
            }
        }
        return out;
    }

    /** The workflow documents under {@code out} (not the ML run documents, which they link). */
    List<Path> workflowDocuments() throws IOException {
        try (Stream<Path> s = Files.walk(out)) {
            // Relative to the output: Nextflow's work directories and outboxes hold other files of the same name.
            return s.filter(p -> p.toString().endsWith(".prov.json"))
                    .filter(p -> {
                        for (Path part : out.relativize(p)) {
                            if (part.toString().equals("work")
                                    || part.toString().equals(".outbox")
                                    || part.toString().endsWith("-crate")) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .sorted()
                    .toList();
        }
    }

    private void summarize(Path file) {
        List<Problem> problems = Validator.validate(file);
        if (!problems.isEmpty()) {
            problems.forEach(p -> failures.add(p.format()));
            System.out.println("INVALID " + file);
            return;
        }
        try {
            Document d = ProvJsonReader.read(file);
            ProvRecord wf = d.records(RecordKind.ACTIVITY).stream()
                    .filter(a -> a.id().local().equals("workflow"))
                    .findFirst()
                    .orElseThrow();
            long tasks = d.records(RecordKind.ACTIVITY).stream()
                    .filter(a -> "1".equals(text(a.attributes().first(Vocab.LEVEL))))
                    .count();
            String energy = text(wf.attributes().first(Vocab.ph("energy_j")));
            String method = text(wf.attributes().first(Vocab.ph("energy_method")));
            if (energy.equals("-")) {
                // Collected after the fact (Airflow): no host sampling, but task estimates may exist.
                double sum = d.records(RecordKind.ACTIVITY).stream()
                        .map(a -> a.attributes().first(Vocab.ph("energy_j")))
                        .filter(l -> l != null)
                        .mapToDouble(l -> Double.parseDouble(l.lexical()))
                        .sum();
                energy = String.valueOf(sum);
                method = "estimated, sum of tasks";
            }
            System.out.printf(
                    "ok  %s run '%s': %d tasks, energy %s J (%s)%n",
                    text(wf.attributes().first(Vocab.ENGINE)),
                    text(wf.attributes().first(Prov.LABEL)),
                    tasks,
                    round(energy),
                    method);
            for (ProvRecord doc : d.records(RecordKind.ENTITY)) {
                if (doc.attributes().get(Prov.TYPE).contains(Literal.qualifiedName(Vocab.ML_RUN_DOCUMENT))) {
                    checkMlLink(d, doc);
                }
            }
            System.out.println("    " + file);
        } catch (IOException | RuntimeException e) {
            failures.add(file + ": " + e);
        }
    }

    /** The linked run document validates, names the same run activity, and that run is informed by exactly one task. */
    private void checkMlLink(Document d, ProvRecord docEntity) throws IOException {
        Path runDoc = Path.of(docEntity.attributes().first(Prov.LOCATION).lexical());
        List<Problem> problems = Validator.validate(runDoc);
        if (!problems.isEmpty()) {
            problems.forEach(p -> failures.add(p.format()));
            return;
        }
        MlRunInfo info =
                RunDocumentRecognizer.recognize(ProvJsonReader.read(runDoc)).orElseThrow();
        ProvRecord run = d.records(RecordKind.ACTIVITY).stream()
                .filter(a -> a.id().uri().equals(info.runActivity().uri()))
                .findFirst()
                .orElse(null);
        List<QualifiedName> tasks = run == null
                ? List.of()
                : d.records(RecordKind.WAS_INFORMED_BY).stream()
                        .filter(r -> r.ref(Formal.INFORMED).equals(run.id()))
                        .map(r -> r.ref(Formal.INFORMANT))
                        .toList();
        if (tasks.size() != 1) {
            failures.add(runDoc + ": ML run linked to " + tasks.size() + " tasks, expected exactly one");
            return;
        }
        System.out.printf(
                "    ML run %s (%s: %d parameters, %d metrics) linked to task %s%n    %s%n",
                info.runName(),
                info.generation().name().toLowerCase(),
                info.parameters(),
                info.metrics(),
                text(d.element(tasks.get(0)).attributes().first(Prov.LABEL)),
                runDoc);
    }

    private static String text(Literal l) {
        return l == null ? "-" : l.lexical();
    }

    private static String round(String number) {
        try {
            return String.format("%.1f", Double.parseDouble(number));
        } catch (NumberFormatException e) {
            return number;
        }
    }
}
