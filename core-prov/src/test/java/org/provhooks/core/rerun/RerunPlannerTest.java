package org.provhooks.core.rerun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.cli.CliRun;
import org.provhooks.core.json.ProvJsonReader;
import org.provhooks.core.session.RunSession;
import org.provhooks.core.session.RunSettings;
import org.provhooks.core.session.RunStart;
import org.provhooks.core.workflow.WorkflowDocument;
import org.provhooks.core.workflow.WorkflowRecorder;

/** Rerun plans rebuilt from real workflow documents: parameters with their types and shapes, redactions, per system. */
class RerunPlannerTest {
    private static final Instant T0 = Instant.parse("2026-05-01T08:00:00Z");

    @TempDir
    Path dir;

    private static Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("input", "data/*.csv");
        p.put("n", 3);
        p.put("ratio", 0.5);
        p.put("flag", true);
        p.put("db", Map.of("host", "db.example.org", "password", "pw-secret-1"));
        p.put("samples", List.of("a", "b", "c"));
        p.put("empty", List.of());
        return p;
    }

    private Path document(String engine, Consumer<WorkflowRecorder> attributes) throws Exception {
        Files.writeString(dir.resolve("empty.properties"), "");
        RunSettings settings = RunSettings.builder(dir.resolve(engine))
                .telemetry(false)
                .resolve(
                        Map.of(
                                "PROVHOOKS_CONFIG",
                                dir.resolve("empty.properties").toString()),
                        w -> {});
        try (RunSession s = RunSession.open(RunStart.of(engine, "run-1", "wf", T0), settings, Map.of(), w -> {})) {
            s.recorder().parameters(params());
            attributes.accept(s.recorder());
            s.finish("Completed", T0.plusSeconds(9));
        }
        return dir.resolve(engine).resolve("run-1.prov.json");
    }

    private static RerunPlan plan(Path doc, Map<String, String> supplied) throws Exception {
        return RerunPlanner.plan(WorkflowDocument.of(ProvJsonReader.read(doc)), supplied);
    }

    @Test
    void aNextflowRunIsItsScriptProfileParametersAndDirectories() throws Exception {
        Path doc = document(
                "Nextflow",
                r -> r.attribute("script_file", "/pipes/rna/main.nf")
                        .attribute("launch_dir", "/pipes/rna")
                        .attribute("work_dir", "/scratch/work")
                        .attribute("profile", "test,docker"));
        RerunPlan p = plan(doc, Map.of());
        assertEquals(List.of("db.password"), p.missing(), "the redacted value is named, not guessed");
        assertFalse(p.runnable());

        RerunPlan full = plan(doc, Map.of("db.password", "given-at-rerun"));
        assertEquals(
                List.of(
                        "nextflow",
                        "run",
                        "/pipes/rna/main.nf",
                        "-profile",
                        "test,docker",
                        "-params-file",
                        RerunPlanner.PARAMS_FILE,
                        "-w",
                        "/scratch/work"),
                full.command());
        assertEquals(Path.of("/pipes/rna"), full.directory());
        assertTrue(full.runnable());
        Map<String, Object> expected = new LinkedHashMap<>(params());
        expected.put("db", Map.of("host", "db.example.org", "password", "given-at-rerun"));
        ObjectMapper json = new ObjectMapper();
        assertEquals(
                json.readTree(json.writeValueAsString(expected)),
                json.readTree(RerunPlanner.json(full.params())),
                "types and shapes come back: numbers, booleans, lists, nested maps, empty lists");
    }

    @Test
    void aPulledPipelineIsItsRepositoryAtTheExactCommit() throws Exception {
        Path doc = document(
                "Nextflow",
                r -> r.attribute("repository", "https://github.com/nf-core/rnaseq")
                        .attribute("commit_id", "b89fac3")
                        .attribute("revision", "3.14.0")
                        .attribute("script_file", "/root/.nextflow/assets/nf-core/rnaseq/main.nf")
                        .attribute("profile", "standard"));
        RerunPlan p = plan(doc, Map.of("db.password", "x"));
        assertEquals(
                List.of(
                        "nextflow",
                        "run",
                        "https://github.com/nf-core/rnaseq",
                        "-r",
                        "b89fac3",
                        "-params-file",
                        RerunPlanner.PARAMS_FILE),
                p.command());
    }

    @Test
    void beamAndAirflowRunsSayWhatCanBeRecoveredAndWhatCannot() throws Exception {
        RerunPlan beam = plan(
                document("Apache Beam", r -> r.attribute("pipeline_class", "org.acme.WordCount")),
                Map.of("db.password", "x"));
        assertEquals(
                List.of("java", "-cp", "<the pipeline's classpath>", "org.acme.WordCount"),
                beam.command().subList(0, 4));
        assertTrue(beam.command().contains("--samples.1=b"), beam.command().toString());
        assertTrue(beam.notes().get(0).contains("classpath"));
        assertFalse(beam.runnable());

        RerunPlan airflow = plan(
                document(
                        "Apache Airflow",
                        r -> r.attribute("dag_id", "etl_daily").attribute("dag_version", "4")),
                Map.of("db.password", "x"));
        assertEquals(
                List.of("airflow", "dags", "trigger", "--conf"),
                airflow.command().subList(0, 4));
        assertEquals("etl_daily", airflow.command().get(5));
        assertTrue(
                airflow.command().get(4).contains("\"samples\" : [ \"a\", \"b\", \"c\" ]"),
                airflow.command().get(4));
        assertTrue(airflow.notes().get(0).contains("DAG version 4"));
    }

    @Test
    void theCommandPrintsThePlanAndNamesWhatIsMissing() throws Exception {
        Path doc = document(
                "Nextflow",
                r -> r.attribute("script_file", "/pipes/rna/main.nf").attribute("launch_dir", dir.toString()));
        CliRun missing = CliRun.of("rerun", doc.toString(), "--dry-run");
        assertEquals(2, missing.code());
        assertEquals(
                "provhooks rerun: the document holds 1 parameter(s) redacted: db.password; supply each with --param"
                        + " NAME=VALUE",
                missing.err().strip());
        CliRun dry = CliRun.of("rerun", doc.toString(), "--dry-run", "--param", "db.password=given");
        assertEquals(0, dry.code(), dry.err());
        assertTrue(dry.out().contains("cd " + dir), dry.out());
        assertTrue(
                dry.out()
                        .contains("nextflow run /pipes/rna/main.nf -params-file "
                                + dir.resolve("rerun-run-1.params.json")),
                dry.out());
        assertTrue(dry.out().contains("\"password\" : \"given\""), dry.out());
        assertFalse(Files.exists(dir.resolve("rerun-run-1.params.json")), "a dry run writes nothing");
    }
}
