package org.provhooks.nextflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.provhooks.nextflow.ProvDocs.attr;
import static org.provhooks.nextflow.ProvDocs.data;
import static org.provhooks.nextflow.ProvDocs.derivedFrom;
import static org.provhooks.nextflow.ProvDocs.generatedBy;
import static org.provhooks.nextflow.ProvDocs.informants;
import static org.provhooks.nextflow.ProvDocs.status;
import static org.provhooks.nextflow.ProvDocs.task;
import static org.provhooks.nextflow.ProvDocs.tasks;
import static org.provhooks.nextflow.ProvDocs.used;
import static org.provhooks.nextflow.ProvDocs.workflow;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.json.ProvJsonReader;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.Formal;
import org.provhooks.core.model.Literal;
import org.provhooks.core.model.Namespace;
import org.provhooks.core.model.Prov;
import org.provhooks.core.model.ProvRecord;
import org.provhooks.core.model.QualifiedName;
import org.provhooks.core.model.RecordKind;
import org.provhooks.core.validate.Validator;
import org.provhooks.core.workflow.Vocab;
import org.provhooks.testkit.NextflowRun;
import org.provhooks.testkit.ProvQueries;
import org.provhooks.testkit.SecretCorpus;

/** Real Nextflow runs with the plugin loaded from a plugins directory; each test parses and checks the document. */
class NextflowPluginIT {
    /** A yProv4ML run document (current layout) that a training task writes. */
    private static final String ML_DOC =
            "{\"prefix\": {\"yprov\": \"https://github.com/HPCI-Lab/yProv4ML\", \"provml\": \"prov-ml\","
                    + " \"default\": \"train_GR0_0\"}, \"activity\": {\"train_GR0_0\": {\"yprov:experiment_name\": \"train\","
                    + " \"yprov:PID\": \"11111111-2222-3333-4444-555555555555\"}, \"Training\": {}},"
                    + " \"entity\": {\"epochs\": {\"prov:type\": \"provml:HyperParameter\", \"prov:value\": \"3\"}},"
                    + " \"used\": {\"_:u1\": {\"prov:activity\": \"train_GR0_0\", \"prov:entity\": \"epochs\"}},"
                    + " \"wasInformedBy\": {\"_:i1\": {\"prov:informed\": \"Training\", \"prov:informant\": \"train_GR0_0\"}}}";

    private static final String LINEAR = """
            params.rows = 5
            params.api_token = 'do-not-record'
            process PREPARE {
              input: val n
              output: path 'raw data.csv'
              script: "seq 1 ${n} > 'raw data.csv'"
            }
            process TRAIN {
              publishDir 'results', mode: 'copy'
              input: path data
              output: path 'model.txt'
              script:
              \"\"\"
              wc -l < ${data} > model.txt
              mkdir -p prov/train_0
              echo 'ML_DOC' > prov/train_0/prov_train_GR0_0.json
              echo '{"not": "prov"' > prov_broken.json
              \"\"\"
            }
            process EVALUATE {
              publishDir 'results', mode: 'copy'
              input: path model
              output: path 'score file.txt'
              script: "cat ${model} > 'score file.txt'"
            }
            workflow { PREPARE(params.rows) | TRAIN | EVALUATE }
            """.replace("ML_DOC", ML_DOC);

    @TempDir
    Path dir;

    /** Groovy's multi-line string quote: config values may hold newlines and quotes. */
    private static final String TRIPLE_QUOTE = "'''";

    private static void valid(NextflowRun.Result r) throws Exception {
        assertEquals(List.of(), Validator.validate(r.document("provenance")), r.console());
        assertEquals(
                1, ProvQueries.atLevel(r.read(), Vocab.LEVEL_WORKFLOW).size(), "exactly one workflow-level activity");
    }

    @Test
    void linearPipelineWithPublishDirSpacesAndAnMlRunThenResume() throws Exception {
        // trace is on, so metrics = 'auto' (the default) takes Nextflow's task metrics at no extra cost.
        NextflowRun.Result r = NextflowRun.run(dir, LINEAR, "trace.enabled = true");
        assertEquals(0, r.exitCode(), r.console());
        assertTrue(r.console().contains("provenance: wrote " + dir.resolve("provenance")), r.console());
        assertTrue(r.console().contains("(3 tasks, 1 ML run linked)"), r.console());
        assertTrue(
                r.console().contains("skipped an ML run document of task TRAIN"),
                "malformed ML document: one warning\n" + r.console());
        valid(r);
        Document d = r.read();

        ProvRecord wf = workflow(d);
        assertEquals("Completed", status(wf));
        assertEquals("Nextflow", wf.attributes().first(Vocab.ENGINE).lexical());
        assertEquals("main.nf", attr(wf, "script_name"));
        assertEquals("true", attr(wf, "success"));
        assertEquals("5", attr(wf, "param.rows"));
        assertEquals("[REDACTED]", attr(wf, "param.api_token"));
        assertFalse(Files.readString(r.document("provenance")).contains("do-not-record"));
        assertNotNull(wf.time(Formal.START_TIME));
        assertNotNull(wf.time(Formal.END_TIME));
        assertTrue(d.records(RecordKind.AGENT).stream().anyMatch(a -> "Nextflow 24.10.0".equals(ProvDocs.label(a))));

        ProvRecord prepare = task(d, "PREPARE");
        ProvRecord train = task(d, "TRAIN");
        ProvRecord evaluate = task(d, "EVALUATE");
        for (ProvRecord t : List.of(prepare, train, evaluate)) {
            assertEquals("COMPLETED", status(t));
            assertEquals("0", attr(t, "exit"));
            assertNotNull(attr(t, "realtime_ms"), "metrics are on (auto, with trace)");
            assertNotNull(attr(t, "hash"));
            assertTrue(informants(d, t.id()).contains(wf.id()));
        }
        assertEquals("5", attr(prepare, "input.n"));
        // Dataflow through the file with a space in its name: one entity, generated by PREPARE, used by TRAIN.
        ProvRecord raw = data(d, "/raw data.csv");
        assertEquals(List.of(prepare.id()), generatedBy(d, raw));
        assertEquals(List.of(raw.id()), used(d, train));
        assertTrue(informants(d, train.id()).contains(prepare.id()));
        ProvRecord model = data(d, "work/" + relWork(train) + "/model.txt");
        assertEquals(List.of(train.id()), generatedBy(d, model));
        assertEquals(List.of(model.id()), used(d, evaluate));
        // Published copies derive from their work-dir files.
        assertEquals(List.of(model.id()), derivedFrom(d, data(d, "results/model.txt")));
        ProvRecord score = data(d, "results/score file.txt");
        assertEquals(1, derivedFrom(d, score).size());
        assertEquals(
                List.of(evaluate.id()),
                generatedBy(d, d.element(derivedFrom(d, score).get(0))));

        // The task's yProv4ML run: same identifier as in its document, informed by exactly TRAIN.
        ProvRecord mlRun = d.records(RecordKind.ACTIVITY).stream()
                .filter(a -> a.attributes().get(Prov.TYPE).contains(Literal.qualifiedName(Vocab.ML_RUN)))
                .findFirst()
                .orElseThrow();
        assertEquals("train_GR0_0train_GR0_0", mlRun.id().uri());
        assertEquals(List.of(train.id()), informants(d, mlRun.id()));
        ProvRecord mlDoc = d.records(RecordKind.ENTITY).stream()
                .filter(e -> e.attributes().get(Prov.TYPE).contains(Literal.qualifiedName(Vocab.ML_RUN_DOCUMENT)))
                .findFirst()
                .orElseThrow();
        assertTrue(mlDoc.attributes().first(Prov.LOCATION).lexical().endsWith("prov/train_0/prov_train_GR0_0.json"));
        assertEquals(List.of(train.id()), generatedBy(d, mlDoc));

        // -resume: every task comes from the cache; the new document says so and keeps the dataflow.
        Thread.sleep(1100); // a distinct modification time for the second document
        NextflowRun.Result again = NextflowRun.launch(dir, Map.of(), "-resume");
        assertEquals(0, again.exitCode(), again.console());
        valid(again);
        Document d2 = again.read();
        assertNotEquals(
                workflow(d).id().namespace().uri(),
                workflow(d2).id().namespace().uri(),
                "a new run, a new namespace");
        assertEquals("true", attr(workflow(d2), "resume"));
        for (String p : List.of("PREPARE", "TRAIN", "EVALUATE")) {
            ProvRecord t = task(d2, p);
            assertEquals("CACHED", status(t), p);
            assertNull(t.time(Formal.START_TIME), "cached tasks keep their earlier times as attributes only");
            assertNotNull(attr(t, "original_start"));
        }
        assertEquals(List.of(task(d2, "PREPARE").id()), generatedBy(d2, data(d2, "/raw data.csv")));
        assertEquals(List.of(data(d2, "/raw data.csv").id()), used(d2, task(d2, "TRAIN")));
        assertEquals(1, derivedFrom(d2, data(d2, "results/model.txt")).size());
    }

    private static String relWork(ProvRecord task) {
        String workDir = attr(task, "work_dir");
        int i = workDir.indexOf("/work/");
        return workDir.substring(i + "/work/".length());
    }

    @Test
    void fanOutTenThenFanInOne() throws Exception {
        NextflowRun.Result r = NextflowRun.run(dir, """
                process SCATTER {
                  input: val i
                  output: path "part_${i}.txt"
                  script: "echo ${i} > part_${i}.txt"
                }
                process GATHER {
                  input: path parts
                  output: path 'all.txt'
                  script: "cat ${parts} > all.txt"
                }
                workflow { SCATTER(Channel.of(1..10)) | collect | GATHER }
                """, "");
        assertEquals(0, r.exitCode(), r.console());
        valid(r);
        Document d = r.read();
        for (Namespace ns : d.namespaces().values()) {
            assertTrue(
                    URI.create(ns.uri()).isAbsolute(),
                    "no ML run linked, so every namespace is ours and absolute: " + ns);
        }
        List<ProvRecord> scatter = tasks(d, "SCATTER");
        assertEquals(10, scatter.size());
        ProvRecord gather = task(d, "GATHER");
        List<QualifiedName> inputs = used(d, gather);
        assertEquals(10, inputs.size(), "GATHER used all ten parts");
        Set<QualifiedName> producers = new HashSet<>();
        for (QualifiedName part : inputs) {
            List<QualifiedName> gen = generatedBy(d, d.element(part));
            assertEquals(1, gen.size());
            producers.add(gen.get(0));
        }
        assertEquals(
                scatter.stream().map(ProvRecord::id).collect(Collectors.toSet()),
                producers,
                "each part generated by its own SCATTER task");
        assertTrue(informants(d, gather.id()).containsAll(producers));

        // Energy: the run sampled and estimated (no RAPL here); no trace, so metrics stay off (auto) and every task
        // gets an upper-bound estimate from its requested CPUs and memory over its wall time.
        ProvRecord wf = workflow(d);
        assertEquals("estimated", attr(wf, "energy_method"));
        assertTrue(Double.parseDouble(attr(wf, "energy_j")) > 0);
        assertTrue(Double.parseDouble(attr(wf, "co2e_g")) > 0);
        assertNotNull(attr(wf, "cpu_mean_pct"));
        for (ProvRecord t : scatter) {
            assertEquals("estimated-upper-bound", attr(t, "energy_method"));
            assertEquals(null, attr(t, "pcpu"), "no task metrics without trace, report or timeline");
            assertTrue(Double.parseDouble(attr(t, "energy_j")) >= 0);
        }
        assertTrue(
                d.records(RecordKind.ENTITY).stream()
                        .anyMatch(e -> e.id().local().equals("telemetry-cpu_usage_pct")),
                "the sampled series is linked as a metric file");
    }

    @Test
    void retriedAndIgnoredFailuresAreRecordedAndTheRunCompletes() throws Exception {
        NextflowRun.Result r = NextflowRun.run(dir, """
                process FLAKY {
                  errorStrategy 'retry'
                  maxRetries 2
                  output: path 'ok.txt'
                  script:
                  \"\"\"
                  if [ ${task.attempt} -eq 1 ]; then exit 3; fi
                  echo ok > ok.txt
                  \"\"\"
                }
                process BROKEN {
                  errorStrategy 'ignore'
                  output: path 'never.txt'
                  script: "exit 7"
                }
                workflow { FLAKY(); BROKEN() }
                """, "");
        assertEquals(0, r.exitCode(), r.console());
        valid(r);
        Document d = r.read();
        assertEquals("Completed", status(workflow(d)));
        List<ProvRecord> flaky = tasks(d, "FLAKY");
        assertEquals(2, flaky.size(), "both attempts are activities");
        ProvRecord first = flaky.stream()
                .filter(t -> "1".equals(attr(t, "attempt")))
                .findFirst()
                .orElseThrow();
        ProvRecord second = flaky.stream()
                .filter(t -> "2".equals(attr(t, "attempt")))
                .findFirst()
                .orElseThrow();
        assertEquals("FAILED", status(first));
        assertEquals("3", attr(first, "exit"));
        assertEquals("COMPLETED", status(second));
        assertEquals(List.of(second.id()), generatedBy(d, data(d, "/ok.txt")));
        ProvRecord broken = task(d, "BROKEN");
        assertEquals("FAILED", status(broken));
        assertEquals("7", attr(broken, "exit"));
        assertTrue(d.records(RecordKind.ENTITY).stream()
                .noneMatch(
                        e -> String.valueOf(e.attributes().first(Prov.LOCATION)).contains("never.txt")));
    }

    @Test
    void aFailingRunStillGetsItsDocument() throws Exception {
        NextflowRun.Result r = NextflowRun.run(dir, """
                process BOOM {
                  script: "echo 'disk on fire' >&2; exit 1"
                }
                workflow { BOOM() }
                """, "");
        assertNotEquals(0, r.exitCode(), r.console());
        valid(r);
        Document d = r.read();
        ProvRecord wf = workflow(d);
        assertEquals("Failed", status(wf));
        assertEquals("false", attr(wf, "success"));
        assertTrue(
                String.valueOf(attr(wf, "error_message")).contains("disk on fire"),
                String.valueOf(attr(wf, "error_message")));
        assertEquals("FAILED", status(task(d, "BOOM")));
        try (var left = Files.list(dir.resolve(".tmp"))) {
            assertEquals(
                    List.of(),
                    left.filter(f -> f.getFileName().toString().startsWith("provhooks-spool"))
                            .toList(),
                    "spool removed");
        }
    }

    @Test
    void aScriptErrorAndAnIgnoredFailureUnderFailOnIgnoreGiveAFailedDocumentAsNextflowExitsOne() throws Exception {
        // Nextflow's abort path: onFlowError(null, null) and never onFlowComplete.
        NextflowRun.Result aborted = NextflowRun.run(dir.resolve("script-error"), """
                process A {
                  output: stdout
                  script: "echo hi"
                }
                workflow {
                  A()
                  def x = null
                  x.foo()
                }
                """, "");
        assertEquals(1, aborted.exitCode(), aborted.console());
        valid(aborted);
        ProvRecord wf = workflow(aborted.read());
        assertEquals("Failed", status(wf));
        assertEquals("false", attr(wf, "success"));
        assertEquals("1", attr(wf, "exit_status"));
        assertTrue(String.valueOf(attr(wf, "error_message")).contains("foo()"), attr(wf, "error_message"));
        assertFalse(aborted.console().contains("provhooks: recording"), aborted.console());
        assertTrue(aborted.console().contains("provenance: wrote"), aborted.console());

        NextflowRun.Result ignored =
                NextflowRun.run(dir.resolve("fail-on-ignore"), """
                process A {
                  errorStrategy 'ignore'
                  input: val i
                  output: stdout
                  script: "if [ ${i} = 2 ]; then exit 3; fi; echo ${i}"
                }
                workflow { A(Channel.of(1, 2, 3)) }
                """, "workflow.failOnIgnore = true");
        assertEquals(1, ignored.exitCode(), ignored.console());
        valid(ignored);
        Document d = ignored.read();
        wf = workflow(d);
        assertEquals("Failed", status(wf));
        assertEquals("1", attr(wf, "exit_status"));
        assertTrue(String.valueOf(attr(wf, "error_message")).contains("failOnIgnore"), attr(wf, "error_message"));
        assertEquals(3, tasks(d, "A").size());
    }

    @Test
    void secretsInEveryShapeStayOutOfEveryFileAndLineWeWrite() throws Exception {
        StringBuilder config = new StringBuilder("params {\n");
        SecretCorpus.nestedParameters().forEach((group, values) -> {
            config.append("  ").append(group).append(" {\n");
            ((Map<?, ?>) values)
                    .forEach((k, v) -> config.append("    ")
                            .append(k)
                            .append(" = " + TRIPLE_QUOTE)
                            .append(v)
                            .append(TRIPLE_QUOTE + "\n"));
            config.append("  }\n");
        });
        config.append("}\n");
        NextflowRun.Result r = NextflowRun.run(dir, """
                process LOAD {
                  input: val source
                  output: stdout
                  script: "echo loaded"
                }
                workflow { LOAD(Channel.of(params.shapes.url, params.shapes.connection)) }
                """, config.toString(), "--db_password", "CliPw-8125");
        assertEquals(0, r.exitCode(), r.console());
        valid(r);
        assertEquals(
                List.of(), SecretCorpus.leaks(List.of(dir.resolve("provenance"), dir.resolve(".outbox")), r.console()));
        ProvRecord wf = workflow(r.read());
        assertEquals("db.example.org", attr(wf, "param.db.host"));
        assertEquals("eu-west-1", attr(wf, "param.aws.region"));
        assertTrue(String.valueOf(attr(wf, "command_line")).contains("--db_password"), attr(wf, "command_line"));
        assertTrue(
                tasks(r.read(), "LOAD").stream()
                        .anyMatch(t -> String.valueOf(attr(t, "input.source")).contains("db.example.org")),
                "the task's input keeps its host");
    }

    @Test
    void configurationIsReadAndBadValuesAreNamedInOneWarningEach() throws Exception {
        NextflowRun.Result r = NextflowRun.run(dir, """
                process MAKE {
                  output: path 'x.txt'
                  script: "echo 12345 > x.txt"
                }
                workflow { MAKE() }
                """, """
                provhooks {
                  enabled = 'maybe'
                  file = 'prov-out/run.json'
                  checksums { enabled = true; maxSize = 'lots' }
                  colour = 'blue'
                  outputs = ['prov', 'tarball']
                }
                """);
        assertEquals(0, r.exitCode(), r.console());
        assertTrue(
                r.console().contains("'provhooks.enabled' must be true or false (got 'maybe'); using true"),
                r.console());
        assertTrue(
                r.console().contains("'provhooks.checksums.maxSize' must be a size such as '100 MB' (got 'lots')"),
                r.console());
        assertTrue(r.console().contains("unknown setting 'provhooks.colour'"), r.console());
        assertTrue(
                r.console()
                        .contains(
                                "unknown output 'tarball' in 'provhooks.outputs' (ignored); known: prov, crate, report, openlineage, yprov"),
                r.console());
        assertTrue(
                r.console().contains("Set provhooks.metrics = true for measured task metrics"),
                "said once, at the start: " + r.console());
        Path doc = dir.resolve("prov-out/run.json");
        assertEquals(List.of(), Validator.validate(doc));
        Document d = ProvJsonReader.read(doc);
        ProvRecord x = data(d, "/x.txt");
        assertEquals(
                "f33ae3bc9a22cd7564990a794789954409977013966fb1a8f43c35776b833a95",
                attr(x, "sha256"),
                "sha256 of '12345\\n'");

        // enabled = false: the plugin stays out of the way entirely.
        Path off = dir.resolve("off");
        NextflowRun.Result disabled = NextflowRun.run(
                off, "process A { script: 'true' }\nworkflow { A() }\n", "provhooks { enabled = false }");
        assertEquals(0, disabled.exitCode(), disabled.console());
        assertFalse(Files.exists(off.resolve("provenance")));
        assertFalse(disabled.console().contains("provenance:"));
    }
}
