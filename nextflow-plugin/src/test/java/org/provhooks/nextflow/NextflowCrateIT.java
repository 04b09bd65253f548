package org.provhooks.nextflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.crate.CrateCheck;
import org.provhooks.core.model.Document;
import org.provhooks.core.workflow.Vocab;
import org.provhooks.testkit.NextflowRun;
import org.provhooks.testkit.ProvQueries;

/**
 * The {@code crate} output on a real Nextflow run with a retried task, an ignored failure, a published file and an ML
 * run document, then again with {@code -resume} (cached tasks). The crate's RDF reading is tested in core
 * ({@code RunCrateTest}); here its content is checked against the run.
 */
class NextflowCrateIT {
    private static final String ML_DOC =
            "{\"prefix\": {\"yprov\": \"https://github.com/HPCI-Lab/yProv4ML\", \"default\": \"train_GR0_0\"},"
                    + " \"activity\": {\"train_GR0_0\": {\"yprov:experiment_name\": \"train\","
                    + " \"yprov:PID\": \"11111111-2222-3333-4444-555555555555\"}}}";

    private static final String PIPELINE = """
            process ALIGN {
              publishDir 'results', mode: 'copy'
              input: val i
              output: path "a${i}.txt"
              script:
              \"\"\"
              echo ${i} > a${i}.txt
              if [ ${i} = 2 ]; then echo 'ML' > prov_train_GR0_0.json; fi
              \"\"\"
            }
            process QC {
              errorStrategy 'ignore'
              input: path f
              output: stdout
              script: "if grep -q 2 ${f}; then exit 5; fi; echo ok"
            }
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
            params.greeting = 'hi'
            workflow { ALIGN(Channel.of(1, 2)) | QC; FLAKY() }
            """;

    @TempDir
    Path dir;

    private static JsonNode crate(Path launchDir, NextflowRun.Result r) throws Exception {
        Path doc = r.document("provenance");
        String stem = doc.getFileName().toString().replace(".prov.json", "");
        Path metadata = launchDir.resolve("provenance").resolve(stem + "-crate").resolve("ro-crate-metadata.json");
        assertTrue(Files.isRegularFile(metadata), r.console());
        return new ObjectMapper().readTree(metadata.toFile());
    }

    private static boolean hasType(JsonNode e, String type) {
        JsonNode t = e.path("@type");
        if (t.isArray()) {
            for (JsonNode x : t) {
                if (x.asText().equals(type)) {
                    return true;
                }
            }
            return false;
        }
        return t.asText().equals(type);
    }

    private static Path crateDir(Path launchDir, NextflowRun.Result r) throws java.io.IOException {
        return launchDir
                .resolve("provenance")
                .resolve(r.document("provenance").getFileName().toString().replace(".prov.json", "") + "-crate");
    }

    private static void check(Path launchDir, NextflowRun.Result r, int minFailed, int cached) throws Exception {
        Document d = r.read();
        JsonNode graph = crate(launchDir, r).get("@graph");
        int actions = 0;
        int failed = 0;
        for (JsonNode e : graph) {
            if (hasType(e, "CreateAction")) {
                actions++;
                if (e.path("actionStatus").path("@id").asText().endsWith("FailedActionStatus")) {
                    failed++;
                }
            }
        }
        assertEquals(
                ProvQueries.atLevel(d, Vocab.LEVEL_TASK).size() + 1, actions, "one CreateAction per task, and the run");
        assertTrue(failed >= minFailed, "failed actions: " + failed + ", " + minFailed + " expected");

        // Read as RDF: every rule of the three profiles holds, every file in the crate is what it says.
        Path crateDir = crateDir(launchDir, r);
        CrateCheck c = CrateCheck.read(crateDir);
        assertEquals(List.of(), c.problems());
        // The script is the main entity, in Nextflow; params are formal inputs with their values.
        assertTrue(c.ask("ASK { <./> s:mainEntity <main.nf> . <main.nf> s:programmingLanguage"
                + " <https://w3id.org/workflowhub/workflow-ro-crate#nextflow> ; bsw:input ?p . ?p s:name \"greeting\" ."
                + " ?run s:instrument <main.nf> ; s:object ?pv . ?pv s:value \"hi\" ; s:exampleOfWork ?p }"));
        assertEquals(Files.readString(launchDir.resolve("main.nf")), Files.readString(crateDir.resolve("main.nf")));
        // ALIGN runs before QC; the published files are the run's results, copied under outputs/.
        assertTrue(c.ask("ASK { ?a s:name \"ALIGN\" ; ^s:workExample/s:position ?pa . ?q s:name \"QC\" ;"
                + " ^s:workExample/s:position ?pq FILTER(?pa < ?pq) }"));
        assertEquals(
                List.of(CrateCheck.BASE + "outputs/a1.txt", CrateCheck.BASE + "outputs/a2.txt"),
                c.select(
                        "SELECT ?f WHERE { ?run s:instrument <main.nf> ; s:result ?f . <main.nf> bsw:output ?o ."
                                + " ?f s:exampleOfWork ?o }",
                        "f"));
        // The host's sampled telemetry series are results of the run too, in the crate.
        assertTrue(
                c.ask(
                        "ASK { ?run s:instrument <main.nf> ; s:result ?t FILTER(CONTAINS(STR(?t), \"/telemetry/cpu_energy\")) }"));
        assertEquals("1", Files.readString(crateDir.resolve("outputs/a1.txt")).trim());
        // The ML run document is in the crate, a result of the task that wrote it.
        assertTrue(c.ask("ASK { ?a a s:CreateAction ; s:result ?f . ?f s:encodingFormat \"application/json\""
                + " FILTER(STRSTARTS(STR(?f), \"" + CrateCheck.BASE + "ml/\")) }"));
        assertEquals(
                cached,
                c.select(
                                "SELECT ?a WHERE { ?a a s:CreateAction ; s:description ?d FILTER(CONTAINS(?d, \"cached\")) }",
                                "a")
                        .size());
    }

    @Test
    void aRunWithRetriesIgnoredFailuresAndAnMlRunAndItsResumeGetTheirCrates() throws Exception {
        NextflowRun.prepare(dir, PIPELINE.replace("ML", ML_DOC), "provhooks { outputs = ['prov', 'crate'] }");
        NextflowRun.Result first = NextflowRun.launch(dir, Map.of());
        assertEquals(0, first.exitCode(), first.console());
        assertTrue(first.console().contains("crate "), first.console());
        check(dir, first, 2, 0); // FLAKY's first attempt, and the QC failure that was ignored
        org.provhooks.core.diff.RunView firstRun = org.provhooks.core.diff.RunView.of(first.read());
        NextflowRun.Result resumed = NextflowRun.launch(dir, Map.of(), "-resume");
        assertEquals(0, resumed.exitCode(), resumed.console());
        // ALIGN (twice), the QC that passed and FLAKY come from the cache; the ignored QC failure runs again.
        check(dir, resumed, 1, 4);

        // provhooks diff between the run and its resume: the four tasks taken from the cache.
        org.provhooks.core.diff.RunDiff diff =
                org.provhooks.core.diff.RunDiff.of(firstRun, org.provhooks.core.diff.RunView.of(resumed.read()), 0.10);
        java.util.List<String> cached = diff.changes().stream()
                .filter(c -> c.kind() == org.provhooks.core.diff.RunDiff.Kind.CACHED)
                .map(c -> c.subject() + " " + c.after())
                .toList();
        assertEquals(4, cached.size(), diff.text("first", "resumed"));
        assertTrue(cached.stream().allMatch(c -> c.endsWith(" cached")), cached.toString());
    }
}
