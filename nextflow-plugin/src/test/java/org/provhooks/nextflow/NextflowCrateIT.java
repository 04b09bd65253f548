package org.provhooks.nextflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

    private static void check(Path launchDir, NextflowRun.Result r, int minFailed) throws Exception {
        Document d = r.read();
        JsonNode graph = crate(launchDir, r).get("@graph");
        Set<String> ids = new HashSet<>();
        graph.forEach(e -> ids.add(e.get("@id").asText()));
        int actions = 0;
        int failed = 0;
        for (JsonNode e : graph) {
            if (hasType(e, "CreateAction")) {
                actions++;
                assertTrue(ids.contains(e.path("instrument").path("@id").asText()), e.toString());
                if (e.path("actionStatus").path("@id").asText().endsWith("FailedActionStatus")) {
                    failed++;
                }
            }
            // Every reference inside the crate is described.
            e.fields().forEachRemaining(f -> {
                List<JsonNode> values = f.getValue().isArray() ? iterate(f.getValue()) : List.of(f.getValue());
                for (JsonNode v : values) {
                    String ref = v.path("@id").asText(null);
                    if (ref != null && !ref.startsWith("http")) {
                        assertTrue(ids.contains(ref), "dangling " + ref + " from " + e.get("@id"));
                    }
                }
            });
        }
        assertEquals(
                ProvQueries.atLevel(d, Vocab.LEVEL_TASK).size() + 1, actions, "one CreateAction per task, and the run");
        StringBuilder statuses = new StringBuilder();
        graph.forEach(e -> {
            if (hasType(e, "CreateAction")) {
                statuses.append(e.path("name").asText())
                        .append('=')
                        .append(e.path("actionStatus"))
                        .append("; ");
            }
        });
        assertTrue(failed >= minFailed, "failed actions (" + minFailed + " expected): " + statuses);
        Path crateDir = launchDir
                .resolve("provenance")
                .resolve(r.document("provenance").getFileName().toString().replace(".prov.json", "") + "-crate");
        try (Stream<Path> ml = Files.list(crateDir.resolve("ml"))) {
            assertEquals(1, ml.count(), "the ML run document is in the crate");
        }
    }

    private static List<JsonNode> iterate(JsonNode array) {
        List<JsonNode> out = new java.util.ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    @Test
    void aRunWithRetriesIgnoredFailuresAndAnMlRunAndItsResumeGetTheirCrates() throws Exception {
        NextflowRun.prepare(dir, PIPELINE.replace("ML", ML_DOC), "provhooks { outputs = ['prov', 'crate'] }");
        NextflowRun.Result first = NextflowRun.launch(dir, Map.of());
        assertEquals(0, first.exitCode(), first.console());
        assertTrue(first.console().contains("crate "), first.console());
        check(dir, first, 2); // FLAKY's first attempt, and the QC failure that was ignored
        NextflowRun.Result resumed = NextflowRun.launch(dir, Map.of(), "-resume");
        assertEquals(0, resumed.exitCode(), resumed.console());
        check(dir, resumed, 1); // cached tasks completed; the ignored QC failure runs again
    }
}
